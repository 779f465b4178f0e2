// A copy-pasteable curl command that replays a request against the learner's own machine.
import { bounded, FIELD_MAX_BYTES, visible } from './bounded.mjs'
import { headerName } from './describe.mjs'
import { targetUrl } from './target.mjs'

export function singleQuote(word) {
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/** Quotes for a POSIX shell; words that need no quoting stay bare for readability. */
export function shellQuote(word) {
  return /^[A-Za-z0-9_/:.,=@%+-]+$/.test(word) ? word : singleQuote(word)
}

/** The learner runs their server locally on the same port the grader targets. */
export function localBaseUrl(target = targetUrl()) {
  return `http://localhost:${target.port || 80}`
}

export function buildCurl(request, baseUrl = localBaseUrl()) {
  const words = ['curl', '-i']
  const url = baseUrl + request.path
  // Without -g curl reads [] and {} in a URL as ranges and lists to expand.
  if (/[[\]{}]/.test(url)) words.push('-g')
  if (request.method !== 'GET' || request.body !== undefined) words.push('-X', request.method)
  words.push(shellQuote(url))
  for (const [name, value] of Object.entries(request.headers)) {
    words.push('-H', shellQuote(`${headerName(name)}: ${value}`))
  }
  // curl -d adds a form Content-Type the grader never sent; an empty -H value removes it.
  const sentContentType = Object.keys(request.headers).some(name => name.toLowerCase() === 'content-type')
  if (request.body !== undefined && !sentContentType) words.push('-H', singleQuote('Content-Type:'))
  if (request.body !== undefined) {
    // -d would read a file for a body starting with @.
    words.push(request.body.startsWith('@') ? '--data-raw' : '-d', singleQuote(request.body))
  }
  // Bounded like every quoted value: a path or token the learner's server made huge must not
  // make the report huge (a cut command says how much is missing).
  return bounded(visible(words.join(' ')), FIELD_MAX_BYTES)
}
