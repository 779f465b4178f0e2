// The curl repro in a failure's diagnostics: the shell must hand curl exactly the words the
// grader sent, whatever a (learner-visible, randomised or hostile) title contains.
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import t, { type Test as Tap } from 'tap'
import { buildCurl, localBaseUrl, request, type GraderResponse } from '@backlab/grader'
import { httpServer, receive, type Received } from './local-server.js'

const run = promisify(execFile)

// Every word curl would get, NUL-separated so words holding newlines stay whole.
const PRINT_ARGS = 'curl () { printf \'%s\\0\' "$@"; }; '

async function curlArgs (command: string): Promise<string[]> {
  const { stdout } = await run('bash', ['-c', PRINT_ARGS + command])
  if (!stdout.endsWith('\0')) throw new Error(`curl got no words: ${JSON.stringify(stdout)}`)
  return stdout.slice(0, -1).split('\0')
}

function hasCurl (): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const TITLES = [
  "it's Bob's list",
  '\'\'\'',
  'say "hi" and "bye"',
  // eslint-disable-next-line no-template-curly-in-string -- shell text the quoting must keep
  '$HOME $(id) ${PATH} $1 $$',
  'back\\slash \\n \\\\ \\\'',
  'back`tick` `id` $(`whoami`)',
  'line one\nline two\r\nline three\n',
  'tab\there\u0000nul\u001besc',
  'unicode: héllo — 日本語 🚀 ñ',
  '!! !$ ^x^y *? [a-z] {a,b} ~root ; & | < > # % -d @/etc/passwd',
  '\' ; echo pwned; \'',
  '"\'"\'"\'$\\`'
]

// One server for the file: it records what each request (the grader's or curl's) carried.
async function recordingServer (tt: Tap): Promise<{ target: URL, received: Received[] }> {
  const received: Received[] = []
  const target = await httpServer(tt, (req, res) => {
    void receive(req).then((got) => {
      received.push(got)
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"id":1}')
    })
  })
  return { target, received }
}

t.test('a JSON body reaches curl as exactly the JSON the grader sent', async (t) => {
  const { target, received } = await recordingServer(t)
  const base = `http://localhost:${target.port}`
  for (const title of TITLES) {
    const res: GraderResponse = await request({ method: 'POST', path: '/todos', json: { title }, target })
    t.equal(res.status, 201, `the grader's request went through for ${JSON.stringify(title)}`)
    const args = await curlArgs(buildCurl(res.request, base))
    t.same(args, ['-i', '-X', 'POST', `${base}/todos`, '-H', 'Content-Type: application/json', '-d', JSON.stringify({ title })],
      `curl's words for ${JSON.stringify(title)}`)
    t.equal(JSON.parse(args[7] ?? '""').title, title, `the title survives the shell: ${JSON.stringify(title)}`)
  }
  t.equal(received.length, TITLES.length)
})

t.test('header values and paths with shell characters are quoted exactly', async (t) => {
  const base = 'http://localhost:3000'
  const args = await curlArgs(buildCurl({
    method: 'GET',
    path: "/todos?q=it's%20$HOME&x=`id`",
    headers: { 'x-NOTE': 'a \'quoted\' "value" $(id) \\ ü', authorization: 'Bearer abc.def' }
  }, base))
  t.same(args, [
    '-i',
    "http://localhost:3000/todos?q=it's%20$HOME&x=`id`",
    '-H', 'X-Note: a \'quoted\' "value" $(id) \\ ü',
    '-H', 'Authorization: Bearer abc.def'
  ])
})

t.test('a raw body starting with @ is sent as data, not read from a file', async (t) => {
  const command = buildCurl({ method: 'POST', path: '/upload', headers: {}, body: '@/etc/passwd\nsecond line' }, 'http://localhost:3000')
  t.match(command, / --data-raw '@\/etc\/passwd\nsecond line'$/)
  t.same(await curlArgs(command), ['-i', '-X', 'POST', 'http://localhost:3000/upload', '-H', 'Content-Type:', '--data-raw', '@/etc/passwd\nsecond line'])
})

t.test('a GET without a body has no -X and no data', async (t) => {
  t.equal(buildCurl({ method: 'GET', path: '/todos', headers: {} }, 'http://localhost:3000'), 'curl -i http://localhost:3000/todos')
  t.equal(buildCurl({ method: 'DELETE', path: '/todos/1', headers: {} }, 'http://localhost:3000'), 'curl -i -X DELETE http://localhost:3000/todos/1')
})

t.test('the repro targets localhost on the port of BACKLAB_TARGET, read when the curl is built', async (t) => {
  const before = process.env.BACKLAB_TARGET
  t.teardown(() => {
    if (before === undefined) delete process.env.BACKLAB_TARGET
    else process.env.BACKLAB_TARGET = before
  })
  process.env.BACKLAB_TARGET = 'http://127.0.0.1:4567'
  t.equal(buildCurl({ method: 'GET', path: '/todos', headers: {} }), 'curl -i http://localhost:4567/todos')
  process.env.BACKLAB_TARGET = 'http://127.0.0.1:8081'
  t.equal(localBaseUrl(), 'http://localhost:8081')
  t.equal(localBaseUrl(new URL('http://127.0.0.1')), 'http://localhost:80')
})

t.test('the real curl replays the same request the grader sent', { skip: hasCurl() ? false : 'curl is not installed' }, async (t) => {
  const { target, received } = await recordingServer(t)
  const base = `http://localhost:${target.port}`
  const replays: Array<{ json?: unknown, body?: string, headers?: Record<string, string> }> = [
    ...TITLES.map((title) => ({ json: { title } })),
    { body: '@/etc/passwd\nsecond line', headers: { 'Content-Type': 'text/plain' } },
    { body: 'a=1&b=2', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Note': "it's $HOME" } }
  ]
  for (const replay of replays) {
    received.length = 0
    const res = await request({ method: 'POST', path: '/todos', target, ...replay })
    t.equal(res.status, 201)
    // --noproxy: a proxy from the environment must not intercept a request to localhost.
    await run('bash', ['-c', `${buildCurl(res.request, base)} -sS --noproxy '*' -o /dev/null`])
    const [byGrader, byCurl] = received
    if (byGrader === undefined || byCurl === undefined) {
      t.fail('both requests should have reached the server')
      continue
    }
    const what = JSON.stringify(replay)
    t.equal(byCurl.method, byGrader.method, `method for ${what}`)
    t.equal(byCurl.url, byGrader.url, `path for ${what}`)
    t.equal(byCurl.body.toString('hex'), byGrader.body.toString('hex'), `body bytes for ${what}`)
    t.equal(byCurl.headers['content-type'], byGrader.headers['content-type'], `Content-Type for ${what}`)
    t.equal(byCurl.headers['x-note'], byGrader.headers['x-note'], `X-Note for ${what}`)
  }
})

// Regression: with no Content-Type in the request, curl's -d adds
// `Content-Type: application/x-www-form-urlencoded`, which the grader never sent, so the repro
// of e.g. "POST without a Content-Type answers 415" does not reproduce the request.
t.test('a raw body without a Content-Type is replayed without one', {
  skip: hasCurl() ? false : 'curl is not installed'
}, async (t) => {
  const { target, received } = await recordingServer(t)
  const res = await request({ method: 'POST', path: '/todos', body: '{"title":"Buy milk"}', target })
  await run('bash', ['-c', `${buildCurl(res.request, `http://localhost:${target.port}`)} -sS --noproxy '*' -o /dev/null`])
  t.equal(received[0]?.headers['content-type'], undefined, 'the grader sent no Content-Type')
  t.equal(received[1]?.body.toString(), '{"title":"Buy milk"}', 'curl sends the body')
  t.equal(received[1]?.headers['content-type'], undefined, 'curl sends no Content-Type either')
})

// Regression: curl globs `[...]` and `{...}` in URLs unless given -g, so a
// path such as `/todos?filter[done]=true` makes the repro fail ("bad range in URL", exit 3).
t.test('a path with brackets or braces is replayed as is', {
  skip: hasCurl() ? false : 'curl is not installed'
}, async (t) => {
  const { target, received } = await recordingServer(t)
  const res = await request({ path: '/todos?filter[done]=true&fields={id}', target })
  t.equal(res.status, 201)
  const replay = await run('bash', ['-c', `${buildCurl(res.request, `http://localhost:${target.port}`)} -sS --noproxy '*' -o /dev/null`])
    .then(() => 0, (error: { code?: number }) => error.code)
  t.equal(replay, 0, 'curl exits 0')
  t.equal(received[1]?.url, '/todos?filter[done]=true&fields={id}', 'curl sends the same path')
})
