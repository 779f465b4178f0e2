// The `backlab` command driven as a learner would: spawned as a process against a real API
// (listening on a port) and worker, with its own config folder.
import { spawn } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { build } from '../helpers/build-app.js'
import { startWorker } from '../helpers/grading.js'
import { nodeOnlyHelloPackage } from '../helpers/packages.js'
import { isolatedConfig } from '../helpers/test-config.js'
import { TODOS_TEST_COUNT } from '../helpers/todos-suite.js'

t.setTimeout(4 * 60_000)
const CLI = join(process.cwd(), 'services/cli/backlab.mjs')

interface Run { code: number, stdout: string, stderr: string }

t.test('backlab, from sign-up to a passing submission', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config, { auth: false })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const api = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
  await startWorker(t, config)
  const home = await mkdtemp(join(tmpdir(), 'backlab-cli-'))
  t.teardown(async () => { await rm(home, { recursive: true, force: true }) })
  const env = { PATH: process.env.PATH ?? '', HOME: home, BACKLAB_CONFIG_DIR: join(home, 'config'), BACKLAB_API: api, NO_COLOR: '1' }

  const backlab = async (args: string[], options: { cwd?: string, stdin?: string, env?: Record<string, string> } = {}): Promise<Run> =>
    await new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? home, env: { ...env, ...options.env } })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (c: Buffer) => { stdout += c.toString() })
      child.stderr.on('data', (c: Buffer) => { stderr += c.toString() })
      child.stdin.end(options.stdin ?? '')
      child.on('close', (code) => { resolve({ code: code ?? -1, stdout, stderr }) })
    })

  t.test('not logged in: a clear message, exit 2', async (t) => {
    const run = await backlab(['whoami'])
    t.equal(run.code, 2)
    t.match(run.stderr, /This needs an account.*Log in with: backlab login --email <email>/)
  })

  t.test('sign up, log in, who am I; the token is kept readable by its owner only', async (t) => {
    const signup = await backlab(['signup', '--email', 'ada@example.test', '--name', 'Ada', '--password-stdin'], { stdin: 'a good long password\n' })
    t.equal(signup.code, 0, signup.stderr)
    t.match(signup.stdout, /Signed up as ada@example\.test\.\nLogged in to http:\/\/127\.0\.0\.1:\d+ as ada@example\.test \(learner\)/)
    const file = join(home, 'config', 'credentials.json')
    t.equal((await stat(file)).mode & 0o777, 0o600)
    t.match(JSON.parse(await readFile(file, 'utf8')), { api, token: /^blt_/, email: 'ada@example.test' })
    const wrong = await backlab(['login', '--email', 'ada@example.test', '--password-stdin'], { stdin: 'not the password\n' })
    t.equal(wrong.code, 2)
    t.match(wrong.stderr, /The email or the password is wrong/)
    const me = await backlab(['whoami'])
    t.equal(me.code, 0)
    t.match(me.stdout, /^ada@example\.test \(Ada, learner\)/)
    const taken = await backlab(['signup', '--email', 'ADA@example.test', '--name', 'Not Ada', '--password-stdin'], { stdin: 'another long password\n' })
    t.equal(taken.code, 2, 'signing up for a taken email only fails to log in, as a wrong password would')
    t.match(taken.stderr, /Signed up, but could not log in as ADA@example\.test: if it already had an account, log in with that account's password/)
    t.match((await backlab(['whoami'])).stdout, /^ada@example\.test \(Ada, learner\)/, 'still logged in as before')
  })

  const folder = join(home, 'todos')
  t.test('list exercises and download one; a second download does not overwrite work', async (t) => {
    const list = await backlab(['exercises'])
    t.equal(list.code, 0)
    t.match(list.stdout, /todos-crud\s+crud\s+.*\(node, python\)/)
    const download = await backlab(['download', 'todos-crud', 'todos'])
    t.equal(download.code, 0, download.stderr)
    t.match(download.stdout, /is in .*todos: read INSTRUCTIONS\.md, then submit it with:\n {2}backlab submit todos\n/)
    t.match(await readFile(join(folder, 'INSTRUCTIONS.md'), 'utf8'), /^# /)
    t.ok(await stat(join(folder, 'server.js')))
    const again = await backlab(['download', 'todos-crud', 'todos'])
    t.equal(again.code, 2)
    t.match(again.stderr, /already has .*server\.js.*your work is not overwritten \(--force to replace them\)/)
  })

  t.test('submit a buggy folder: each test as it is graded, the failing one explained, exit 1', async (t) => {
    await cp('exercises/todos-crud/scenarios/status-200-on-create/files', folder, { recursive: true, force: true })
    // As the download said: the folder alone, from where it was downloaded (it knows its exercise).
    const run = await backlab(['submit', 'todos'])
    t.equal(run.code, 1, run.stderr)
    t.match(run.stdout, /Submitting \d+ file\(s\) from .*todos to todos-crud \(node\)\n {2}not sent: INSTRUCTIONS\.md/)
    t.match(run.stdout, / {2}✘ 1\. POST \/todos creates a todo/)
    t.match(run.stdout, new RegExp(`Failed {2}${TODOS_TEST_COUNT - 1}/${TODOS_TEST_COUNT} tests in [\\d.]+ s {2}\\(tests_failed\\)`))
    t.match(run.stdout, /POST \/todos returned 200, expected 201\n\s+sent: {5}POST \/todos/)
    t.match(run.stdout, /try: {6}curl -i -X POST http:\/\/localhost:3000\/todos/)
    const marks = run.stdout.split('\n').filter((l) => /^ {2}[✔✘] \d+\./.test(l))
    t.equal(marks.length, TODOS_TEST_COUNT + 1, 'each test as it came, and the failing one again with its details')
  })

  t.test('submit the reference: passed, exit 0; the same files again are not graded twice', async (t) => {
    await cp('exercises/todos-crud/solution/node', folder, { recursive: true, force: true })
    const run = await backlab(['submit'], { cwd: folder })
    t.equal(run.code, 0, run.stderr)
    t.match(run.stdout, new RegExp(`Passed {2}${TODOS_TEST_COUNT}/${TODOS_TEST_COUNT} tests`))
    const again = await backlab(['submit', 'todos-crud', folder])
    t.match(again.stdout, /Submitting \d+ file\(s\) from .*todos to todos-crud/, 'exercise and folder named')
    t.equal(again.code, 0)
    t.match(again.stdout, /the same files as your earlier submission: its result, not graded again/)
    const id = /submission ([0-9a-f-]{36})/.exec(again.stdout)?.[1] ?? ''
    const status = await backlab(['status', id])
    t.equal(status.code, 0)
    t.match(status.stdout, /✔ 6\. JSON responses carry Content-Type/)
  })

  t.test('an instructor validates a package, sees what failed, fixes it and publishes it', async (t) => {
    const signup = await backlab(['signup', '--email', 'ines@example.test', '--name', 'Ines', '--password-stdin'], { stdin: 'a good long password\n' })
    t.equal(signup.code, 0, signup.stderr)
    await app.pg.query("UPDATE users SET role = 'instructor' WHERE email = 'ines@example.test'")
    const instructor = { BACKLAB_TOKEN: JSON.parse(await readFile(join(home, 'config', 'credentials.json'), 'utf8')).token as string }
    // hello-json in node only, under a new slug.
    const pkg = join(home, 'hello-cli')
    await nodeOnlyHelloPackage(pkg, { slug: 'hello-cli' })

    const expectedPath = join(pkg, 'scenarios', 'no-url-decoding', 'expected.json')
    const expected = await readFile(expectedPath, 'utf8')
    await rm(expectedPath)
    const refused = await backlab(['validate', 'hello-cli'], { env: instructor })
    t.equal(refused.code, 1, refused.stderr)
    t.match(refused.stdout, /Refused: 1 problem\(s\) in the package's files; nothing was stored\n {2}✘ scenarios\/no-url-decoding\/expected\.json: file is missing/)

    await writeFile(expectedPath, expected.replace('"status": "fail"', '"status": "pass"'))
    const failed = await backlab(['validate', 'hello-cli'], { env: instructor })
    t.equal(failed.code, 1, failed.stderr)
    t.match(failed.stdout, /6 checks of hello-cli version 1, graded like learners' submissions:/)
    t.match(failed.stdout, / {2}✔ solution\/node passes every test\n/)
    t.match(failed.stdout, / {2}✘ scenarios\/no-url-decoding \(node\) grades as expected\.json says\n {6}test "[^"]+": expected pass, got fail: /)
    t.match(failed.stdout, /Failed: 1 of 6 checks failed; nothing was published/)

    await writeFile(expectedPath, expected)
    const published = await backlab(['publish', 'hello-cli'], { env: instructor })
    t.equal(published.code, 0, published.stderr)
    t.equal(published.stdout.split('\n').filter((l) => l.startsWith('  ✔ ')).length, 6, 'each check as it passed')
    t.match(published.stdout, /Published hello-cli version 1: all 6 checks passed/)
    t.match((await backlab(['exercises'])).stdout, /hello-cli/, 'learners see it')
  })

  t.test('logout revokes the token; a refused or unreachable API is exit 2 with why', async (t) => {
    const token = JSON.parse(await readFile(join(home, 'config', 'credentials.json'), 'utf8')).token as string
    const out = await backlab(['logout'])
    t.equal(out.code, 0)
    const revoked = await backlab(['whoami'], { env: { BACKLAB_TOKEN: token } })
    t.equal(revoked.code, 2)
    t.match(revoked.stderr, /unknown or was revoked/)
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as AddressInfo).port
    await new Promise((resolve) => probe.close(resolve))
    const unreachable = await backlab(['exercises', '--api', `http://127.0.0.1:${port}`])
    t.equal(unreachable.code, 2)
    t.match(unreachable.stderr, new RegExp(`Cannot reach Backlab at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)\\. Is it running\\?`))
    const unknown = await backlab(['frobnicate'])
    t.equal(unknown.code, 2)
    t.match(unknown.stderr, /no command 'frobnicate'/)
  })
})
