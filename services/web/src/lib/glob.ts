// The subset of picomatch the API's allowedFiles use ('**/*.{js,json}', '*.sql', 'Procfile'),
// with the same choice of `dot: false`: wildcards never match a name starting with a dot.

function expandBraces (pattern: string): string[] {
  const match = /\{([^{}]*)\}/.exec(pattern)
  if (match === null) return [pattern]
  const before = pattern.slice(0, match.index)
  const after = pattern.slice(match.index + match[0].length)
  return (match[1] ?? '').split(',').flatMap((option) => expandBraces(before + option + after))
}

const NOT_DOT = '(?!\\.)'

function toRegExpSource (pattern: string): string {
  let source = ''
  let i = 0
  while (i < pattern.length) {
    const atSegmentStart = i === 0 || pattern[i - 1] === '/'
    if (pattern.startsWith('**/', i) && atSegmentStart) {
      source += `(?:${NOT_DOT}[^/]+/)*`
      i += 3
    } else if (pattern.startsWith('**', i) && atSegmentStart && i + 2 === pattern.length) {
      source += `(?:${NOT_DOT}[^/]+(?:/${NOT_DOT}[^/]+)*)?`
      i += 2
    } else {
      const c = pattern[i] ?? ''
      if (c === '*') source += (atSegmentStart ? NOT_DOT : '') + '[^/]*'
      else if (c === '?') source += (atSegmentStart ? NOT_DOT : '') + '[^/]'
      else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
      i += 1
    }
  }
  return source
}

/** A test for relative paths such as 'src/app.js' against any of the globs. */
export function globMatcher (globs: readonly string[]): (path: string) => boolean {
  const sources = globs.flatMap(expandBraces).map(toRegExpSource)
  if (sources.length === 0) return () => false
  const re = new RegExp(`^(?:${sources.join('|')})$`)
  return (path) => re.test(path)
}
