/**
 * Submits a folder to a running Backlab API and prints the graded feedback as a learner reads it.
 * Usage: BACKLAB_TOKEN=<bearer token> tsx scripts/submit.ts <exercise-slug> <folder> [api-url]
 * The runtime is BACKLAB_RUNTIME, or python for a folder with app.py or a Procfile and no
 * server.js, else the exercise's default.
 * Exits 0 when the submission passed, 1 when it was graded and failed, 2 on any other problem.
 */
import { resolve } from 'node:path'
import { readFileTree } from '../services/shared/exercise/file-tree.js'

const [slug, folder, api = process.env.BACKLAB_API ?? 'http://127.0.0.1:8080'] = process.argv.slice(2)
if (slug === undefined || folder === undefined) {
  console.error('usage: tsx scripts/submit.ts <exercise-slug> <folder> [api-url]')
  process.exit(2)
}

const token = process.env.BACKLAB_TOKEN
if (token === undefined || token === '') {
  console.error('set BACKLAB_TOKEN to a bearer token (log in with POST /api/v1/tokens, or: npm run admin -- issue-token <email>)')
  process.exit(2)
}
const auth = { authorization: `Bearer ${token}` }

const all = await readFileTree(resolve(folder))
const files = Object.fromEntries(Object.entries(all).filter(([p]) => !p.split('/').some((s) => s === 'node_modules' || s.startsWith('.'))))
const looksPython = files['server.js'] === undefined && (files['app.py'] !== undefined || files.Procfile !== undefined)
const runtime = process.env.BACKLAB_RUNTIME ?? (looksPython ? 'python' : undefined)
console.log(`Submitting ${Object.keys(files).length} file(s) from ${folder} to ${slug}${runtime === undefined ? '' : ` (${runtime})`} at ${api}`)

const posted = await fetch(`${api}/api/v1/submissions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...auth },
  body: JSON.stringify({ exercise: slug, files, ...(runtime !== undefined && { runtime }) })
})
if (posted.status !== 202 && posted.status !== 200) {
  console.error(`refused: ${posted.status} ${await posted.text()}`)
  process.exit(2)
}
const location = posted.headers.get('location') ?? ''
process.stdout.write(posted.status === 200 ? 'the same files as an earlier submission: its result' : 'queued')
let view: any
for (;;) {
  view = await (await fetch(`${api}${location}?wait=30`, { headers: auth })).json()
  if (!['queued', 'running'].includes(view.status)) break
}
process.stdout.write(` → ${view.status as string}`)
const total = view.timings?.totalMs === undefined ? '' : `, graded in ${(view.timings.totalMs / 1000).toFixed(1)} s`
console.log(` (${view.verdict}) score ${view.score ?? 0}/${view.maxScore ?? 0}${total}\n`)
if (view.message !== null) console.log(`${view.message}\n`)

const indent = (label: string, text: string): string => `      ${label.padEnd(10)}${text.split('\n').join(`\n      ${' '.repeat(10)}`)}`
const colour = (code: number, text: string): string => process.stdout.isTTY ? `\u001b[${code}m${text}\u001b[0m` : text
for (const test of view.tests) {
  const mark = { pass: colour(32, '✔'), fail: colour(31, '✘'), error: colour(31, '!'), skip: '-' }[test.status as string]
  console.log(`  ${mark} ${test.name}`)
  if (test.status === 'pass') continue
  if (test.message !== undefined) console.log(`      ${test.message}`)
  if (test.request !== undefined) console.log(indent('sent:', test.request))
  if (test.expected !== undefined) console.log(indent('expected:', test.expected))
  if (test.actual !== undefined) console.log(indent('got:', test.actual))
  if (test.curl !== undefined) console.log(indent('try:', test.curl))
}
if (view.status !== 'passed' && typeof view.logTail === 'string' && view.logTail.length > 0) {
  console.log(`\n  Your server's log (last lines):\n${view.logTail.trimEnd().split('\n').slice(-15).map((l: string) => `    | ${l}`).join('\n')}`)
}
process.exit(view.status === 'passed' ? 0 : view.status === 'failed' ? 1 : 2)
