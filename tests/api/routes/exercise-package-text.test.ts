// What an instructor's package may hold, as text: a string PostgreSQL cannot store, escaped in
// one of the JSON files the platform parses and keeps (exercise.json, rules.json, a scenario's
// expected.json), is a 422 naming the file and field, not a 500; names that would display as
// something they are not are refused like a learner's. No grading happens: the worker is not needed.
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t, { type Test } from 'tap'
import { build, signUp } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'
import { HELLO_PACKAGE } from '../../helpers/packages.js'

const run = promisify(execFile)

/** hello-json under a slug of its own, which the test's instructor may upload. */
async function packageFolder (t: Test, slug: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'backlab-package-text-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  const dir = join(root, slug)
  await cp(HELLO_PACKAGE, dir, { recursive: true })
  await edit(join(dir, 'exercise.json'), '"slug": "hello-json"', `"slug": "${slug}"`)
  return dir
}

/** Replaces `from` with `to` in a file's text, as an editor would: `to` may hold JSON escapes. */
async function edit (path: string, from: string, to: string): Promise<void> {
  const text = await readFile(path, 'utf8')
  if (!text.includes(from)) throw new Error(`${from} is not in ${path}`)
  await writeFile(path, text.replace(from, to))
}

t.test('package text', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config, { auth: false })
  const teacher = await signUp(app, 'teacher')
  await app.pg.query("UPDATE users SET role = 'instructor' WHERE id = $1", [teacher.id])
  const upload = async (dir: string) => await app.inject({
    method: 'POST',
    url: '/api/v1/exercise-packages',
    headers: { authorization: `Bearer ${teacher.token}`, 'content-type': 'application/gzip' },
    payload: (await run('tar', ['-czf', '-', '-C', dir, '.'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })).stdout
  })

  t.test('a NUL escaped in exercise.json', async (t) => {
    const dir = await packageFolder(t, 'hello-text')
    await edit(join(dir, 'exercise.json'), '"Hello, JSON"', '"Hello,\\n JSON\\u0000"')
    const res = await upload(dir)
    t.equal(res.statusCode, 422, res.body)
    t.equal(res.json().error.code, 'PACKAGE_INVALID')
    t.match(res.json().error.problems, [
      'exercise.json: title contains a NUL character (U+0000), written as the escape \\u0000 at line 4, column 26; remove it, as PostgreSQL cannot store it'
    ])
  })

  t.test('a lone surrogate escaped in rules.json and in a field name of an expected.json', async (t) => {
    const dir = await packageFolder(t, 'hello-text')
    const rules = await readFile(join(dir, 'rules.json'), 'utf8')
    await writeFile(join(dir, 'rules.json'), rules.replace(/"says": "/, '"says": "\\ud800'))
    const expected = join(dir, 'scenarios/no-content-type/expected.json')
    await edit(expected, '{', '{ "x\\udfff": 1,')
    const res = await upload(dir)
    t.equal(res.statusCode, 422, res.body)
    const problems = res.json().error.problems as string[]
    t.ok(problems.some((p) => /^rules\.json: rules\[0\]\.says contains a lone surrogate \(U\+D800: .*\), written as the escape \\ud800 at line \d+, column \d+;/.test(p)), problems.join('\n'))
    t.ok(problems.some((p) => /^scenarios\/no-content-type\/expected\.json: the field name 'x\\udfff' contains a lone surrogate \(U\+DFFF: .*\), written as the escape \\udfff at line 1, column 5;/.test(p)), problems.join('\n'))
  })

  t.test('file and folder names with bidi controls or separators', async (t) => {
    const dir = await packageFolder(t, 'hello-text')
    await rename(join(dir, 'scenarios/no-content-type'), join(dir, 'scenarios/no-content\u202e-type'))
    const res = await upload(dir)
    t.equal(res.statusCode, 400, res.body)
    t.equal(res.json().error.code, 'ARCHIVE_INVALID_CHARACTER')
    t.match(res.json().error.message, /'\.\/scenarios\/no-content\\u202e-type\/' contains the invisible bidirectional control U\+202E/)
  })
})
