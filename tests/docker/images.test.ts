/**
 * The runtime and sidecar images, run for real with the worker's hardening (read-only rootfs,
 * tmpfs mounts, no capabilities, the supervisor as PID 1, files as a tar on stdin): the libraries
 * learners may import, how the entrypoint picks the command, restarts on SIGHUP, exit codes, and
 * the Postgres sidecar reached from a second container in its network namespace.
 */
import { randomBytes } from 'node:crypto'
import t, { type Test } from 'tap'
import { loadConfig } from '../../services/platform/config.js'
import { createDockerEngine, type ContainerExit, type ContainerSpec, type SandboxContainer } from '../../services/platform/docker/docker-engine.js'
import type { FileMap } from '../../services/platform/file-tree.js'
import { RUNTIMES } from '../../services/exercise/runtimes.js'
import { ceilings } from '../../services/platform/sandbox-limits.js'
import { learnerSpec, postgresSpec, type PodPlan } from '../../services/grading/pod/pod-spec.js'
import { packFiles } from '../../services/platform/tar-files.js'

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' })
const engine = createDockerEngine(config.DOCKER_SOCKET)
const RUN_ID = `${process.pid}-${randomBytes(3).toString('hex')}`
let serial = 0

// The worker's own specs (services/grading/pod/pod-spec.ts): the images are tested under exactly
// the hardening, limits and mounts a pod gets.
const plan: PodPlan = {
  submissionId: `images-test-${RUN_ID}`,
  attempt: 1,
  runtime: 'node',
  port: 3000,
  graderEntry: 'unused.test.mjs',
  limits: ceilings(config),
  imagePrefix: 'backlab/',
  deadlineAt: Date.now() + 10 * 60_000,
  graderCpus: config.GRADER_CPUS,
  timeScale: 1,
  services: [],
  secrets: { exercise: {}, controlToken: 'unused', postgresAdmin: 'unused' }
}
// Not the pod's labels: the reaper must never take these containers for a pod's leftovers.
const labels = { 'backlab.test': 'images' }

/** A learner container as learnerSpec makes it, with the test's image, command and network. */
function learnerContainer (image: string, cmd: string[], env: Record<string, string> = {}, networkMode = 'none'): ContainerSpec {
  const spec = learnerSpec(plan)
  return { ...spec, name: `backlab-images-test-${RUN_ID}-${++serial}`, labels, image, cmd, env: { ...spec.env, ...env }, networkMode }
}

/** The sidecar as postgresSpec makes it, on its own (no learner namespace to join). */
function postgresContainer (env: Record<string, string>): ContainerSpec {
  const spec = postgresSpec(plan, 'unused')
  return { ...spec, name: `backlab-images-test-${RUN_ID}-${++serial}-postgres`, labels, env: { HOME: '/tmp', ...env }, networkMode: 'none' }
}

interface Running {
  container: SandboxContainer
  stdout: () => string
  stderr: () => string
  /** Resolves once `pattern` matches the stream; rejects (with all output) after `ms`. */
  waitFor: (stream: 'stdout' | 'stderr', pattern: RegExp, ms?: number) => Promise<RegExpMatchArray>
  /** The exit, or 'running' if the container is still up after `ms`. */
  exitWithin: (ms: number) => Promise<ContainerExit | 'running'>
}

/** Creates, starts (streaming `files` as the tar) and, at the end of the test, removes a container. */
async function run (t: Test, spec: ContainerSpec, files: FileMap = {}): Promise<Running> {
  const out = { stdout: '', stderr: '' }
  const container = await engine.create(spec, {
    stdout: (c) => { out.stdout += c.toString() },
    stderr: (c) => { out.stderr += c.toString() }
  })
  t.teardown(async () => { await container.remove() })
  await container.start(await packFiles(files))
  const exitWithin = async (ms: number): Promise<ContainerExit | 'running'> => {
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([
        container.exited,
        new Promise<'running'>((resolve) => { timer = setTimeout(() => { resolve('running') }, ms) })
      ])
    } finally {
      clearTimeout(timer) // a pending timer would keep the test process alive
    }
  }
  return {
    container,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exitWithin,
    async waitFor (stream, pattern, ms = 15_000) {
      const until = Date.now() + ms
      for (;;) {
        const match = out[stream].match(pattern)
        if (match !== null) return match
        if (Date.now() > until || await exitWithin(20) !== 'running') {
          const again = out[stream].match(pattern) // output that came with the exit
          if (again !== null) return again
          throw new Error(`no ${String(pattern)} on ${stream} of ${spec.image} within ${ms} ms\nstdout: ${out.stdout}\nstderr: ${out.stderr}`)
        }
      }
    }
  }
}

async function runToExit (t: Test, spec: ContainerSpec, files: FileMap): Promise<{ exit: ContainerExit, stdout: string, stderr: string }> {
  const c = await run(t, spec, files)
  const exit = await c.exitWithin(60_000)
  if (exit === 'running') throw new Error(`${spec.image} still running after 60 s\nstdout: ${c.stdout()}\nstderr: ${c.stderr()}`)
  return { exit, stdout: c.stdout(), stderr: c.stderr() }
}

// ---------------------------------------------------------------------------------------------
// backlab/runtime-node

/** Exercises each preinstalled library a little; the same code as ESM and as CommonJS. */
const nodeLibraryChecks = `
  const results = {}
  const app = express()
  app.use(cookieParser())
  results.express = typeof app.listen
  const f = fastify()
  await f.register(fastifyCookie)
  await f.ready()
  results.fastify = typeof f.parseCookie
  await f.close()
  results.pg = typeof new pg.Pool({ connectionString: 'postgres://app:app@127.0.0.1:5432/app' }).query
  const token = jwt.sign({ sub: 'ada' }, 'secret')
  results.jsonwebtoken = jwt.verify(token, 'secret').sub
  results.bcryptjs = bcrypt.compareSync('pw', bcrypt.hashSync('pw', 4))
  results.cookie = cookie.parse('a=1; b=2').b + '|' + cookie.serialize('c', '3')
  console.log('libraries ' + JSON.stringify(results))
`
const expectedNodeLibraries = {
  express: 'function',
  fastify: 'function',
  pg: 'function',
  jsonwebtoken: 'ada',
  bcryptjs: true,
  cookie: '2|c=3'
}

function libraries (stdout: string): unknown {
  const line = /^libraries (.*)$/m.exec(stdout)
  return line?.[1] === undefined ? undefined : JSON.parse(line[1])
}

t.test('node: ESM and CommonJS servers import the preinstalled libraries offline', async (t) => {
  const esm = [
    "import express from 'express'",
    "import cookieParser from 'cookie-parser'",
    "import fastify from 'fastify'",
    "import fastifyCookie from '@fastify/cookie'",
    "import pg from 'pg'",
    "import jwt from 'jsonwebtoken'",
    "import bcrypt from 'bcryptjs'",
    "import cookie from 'cookie'",
    nodeLibraryChecks
  ].join('\n')
  const cjs = [
    "const express = require('express')",
    "const cookieParser = require('cookie-parser')",
    "const fastify = require('fastify')",
    "const fastifyCookie = require('@fastify/cookie')",
    "const pg = require('pg')",
    "const jwt = require('jsonwebtoken')",
    "const bcrypt = require('bcryptjs')",
    "const cookie = require('cookie')",
    `;(async () => {\n${nodeLibraryChecks}\n})().catch((err) => { console.error(err); process.exit(1) })`
  ].join('\n')

  const [fromEsm, fromCjs] = await Promise.all([
    runToExit(t, learnerContainer('backlab/runtime-node', ['server.mjs']), { 'server.mjs': esm }),
    runToExit(t, learnerContainer('backlab/runtime-node', ['server.js']), { 'server.js': cjs })
  ])
  t.equal(fromEsm.exit.exitCode, 0, `server.mjs exits 0\n${fromEsm.stderr}`)
  t.same(libraries(fromEsm.stdout), expectedNodeLibraries, 'import from /work/server.mjs')
  t.equal(fromCjs.exit.exitCode, 0, `server.js exits 0\n${fromCjs.stderr}`)
  t.same(libraries(fromCjs.stdout), expectedNodeLibraries, 'require from /work/server.js')
  t.equal(fromEsm.stderr + fromCjs.stderr, '', 'nothing on stderr (no warnings)')
})

/** runtimes.ts's "name version" list: the first entry is the language itself. */
const published = (runtime: 'node' | 'python'): Record<string, string> =>
  Object.fromEntries(RUNTIMES[runtime].libraries.slice(1).map((entry) => {
    const at = entry.lastIndexOf(' ')
    return [entry.slice(0, at), entry.slice(at + 1)]
  }))

t.test('the library versions learners are told are the ones the images hold', async (t) => {
  const [node, python] = await Promise.all([
    runToExit(t, learnerContainer('backlab/runtime-node', ['server.js']), {
      'server.js': `const { readFileSync } = require('node:fs')
const names = ${JSON.stringify(Object.keys(published('node')))}
console.log(JSON.stringify({ node: process.versions.node.split('.')[0], libraries: Object.fromEntries(names.map((n) =>
  [n, JSON.parse(readFileSync('/node_modules/' + n + '/package.json', 'utf8')).version])) }))`
    }),
    runToExit(t, learnerContainer('backlab/runtime-python', ['app.py']), {
      'app.py': `import json, sys
from importlib.metadata import version
names = ${JSON.stringify(Object.keys(published('python')))}
print(json.dumps({'python': '%d.%d' % sys.version_info[:2], 'libraries': {n: version(n) for n in names}}))`
    })
  ])
  t.equal(node.exit.exitCode, 0, node.stderr)
  t.equal(python.exit.exitCode, 0, python.stderr)
  t.same(JSON.parse(node.stdout), { node: RUNTIMES.node.libraries[0].split(' ')[1], libraries: published('node') })
  t.same(JSON.parse(python.stdout), { python: RUNTIMES.python.libraries[0].split(' ')[1], libraries: published('python') })
})

t.test('node: the image runs server.js by default, package.json\'s start script when there is one', async (t) => {
  const [byDefault, byScript, missing] = await Promise.all([
    // The image's own CMD: what a spec with an empty cmd gets.
    runToExit(t, learnerContainer('backlab/runtime-node', []), { 'server.js': "console.log('default entry', process.argv.slice(1).join(' '))" }),
    runToExit(t, learnerContainer('backlab/runtime-node', ['server.js']), {
      'package.json': JSON.stringify({ name: 'x', scripts: { start: 'node src/main.js --port "$PORT"' } }),
      'src/main.js': "console.log('start script', process.argv.slice(2).join(' '), process.env.PATH.split(':')[0])"
    }),
    runToExit(t, learnerContainer('backlab/runtime-node', ['server.js']), {
      'package.json': JSON.stringify({ name: 'x', scripts: { test: 'node test.js' } }),
      'index.js': ''
    })
  ])
  t.equal(byDefault.exit.exitCode, 0, byDefault.stderr)
  t.match(byDefault.stdout, /^default entry \/work\/server\.js$/m)
  t.equal(byScript.exit.exitCode, 0, byScript.stderr)
  t.match(byScript.stdout, /^start script --port 3000 \/work\/node_modules\/\.bin$/m, 'sh -c, $PORT expanded, ./node_modules/.bin first in PATH')
  t.equal(missing.exit.exitCode, 1)
  t.equal(missing.stdout, '')
  t.equal(missing.stderr, '[backlab] cannot start: /work/server.js not found (and no package.json with a "start" script)\n', 'one clear line')
})

// ---------------------------------------------------------------------------------------------
// backlab/runtime-python

t.test('python: the Debian libraries import, a Procfile\'s web: line is honoured', async (t) => {
  const [imports, procfile, missing] = await Promise.all([
    runToExit(t, learnerContainer('backlab/runtime-python', ['app.py']), {
      'app.py': [
        'import json, os, sys',
        'import flask, fastapi, uvicorn, psycopg, psycopg2, bcrypt, jwt',
        'app = flask.Flask(__name__)',
        "@app.get('/')",
        'def index():',
        "    return {'ok': True}",
        'api = fastapi.FastAPI()',
        "token = jwt.encode({'sub': 'ada'}, 'secret', algorithm='HS256')",
        'print(json.dumps({',
        "    'flask': app.test_client().get('/').get_json(),",
        "    'fastapi': type(api).__name__,",
        "    'uvicorn': hasattr(uvicorn, 'run'),",
        "    'psycopg': psycopg.__version__.split('.')[0],",
        "    'psycopg2': psycopg2.__version__.split('.')[0],",
        "    'bcrypt': bcrypt.checkpw(b'pw', bcrypt.hashpw(b'pw', bcrypt.gensalt(4))),",
        "    'jwt': jwt.decode(token, 'secret', algorithms=['HS256'])['sub'],",
        "    'python': sys.version_info[:2] >= (3, 11),",
        "    'env': [os.environ.get('PYTHONUNBUFFERED'), sys.flags.dont_write_bytecode, os.environ['HOME']],",
        '}))'
      ].join('\n')
    }),
    runToExit(t, learnerContainer('backlab/runtime-python', ['app.py']), {
      Procfile: 'release: echo no\r\nweb: python3 main.py --port $PORT\r\n',
      'main.py': "import sys\nprint('procfile', ' '.join(sys.argv[1:]))",
      'app.py': "print('app.py should not run')"
    }),
    runToExit(t, learnerContainer('backlab/runtime-python', ['app.py']), { 'main.py': '' })
  ])
  t.equal(imports.exit.exitCode, 0, imports.stderr)
  t.same(JSON.parse(imports.stdout), {
    flask: { ok: true },
    fastapi: 'FastAPI',
    uvicorn: true,
    psycopg: '3',
    psycopg2: '2',
    bcrypt: true,
    jwt: 'ada',
    python: true,
    env: ['1', 1, '/tmp']
  })
  t.equal(procfile.exit.exitCode, 0, procfile.stderr)
  t.equal(procfile.stdout, 'procfile --port 3000\n', 'web: line run with sh -c, CRLF tolerated')
  t.equal(missing.exit.exitCode, 1)
  t.equal(missing.stderr, '[backlab] cannot start: /work/app.py not found (and no Procfile with a "web:" line)\n')
})

t.test('python: uvicorn serves a FastAPI app from a Procfile, on $PORT', async (t) => {
  const server = await run(t, learnerContainer('backlab/runtime-python', ['app.py']), {
    Procfile: 'web: uvicorn main:app --host 127.0.0.1 --port $PORT\n',
    'main.py': "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/')\ndef index():\n    return {'hello': 'world'}\n"
  })
  await server.waitFor('stderr', /Uvicorn running on http:\/\/127\.0\.0\.1:3000/)
  // A command of two words or more runs verbatim (no Procfile lookup): a probe in the namespace.
  const probe = await runToExit(t, learnerContainer('backlab/runtime-python', ['python3', 'get.py'], {}, `container:${server.container.id}`), {
    'get.py': "import urllib.request\nprint(urllib.request.urlopen('http://127.0.0.1:3000/').read().decode())"
  })
  t.equal(probe.exit.exitCode, 0, probe.stderr)
  t.equal(probe.stdout, '{"hello":"world"}\n')
})

// ---------------------------------------------------------------------------------------------
// Supervision (docker/runtime-shared/supervise.sh), the same in both runtimes

t.test('SIGHUP restarts the app; the container keeps running', async (t) => {
  // The start script keeps sh as the group leader with node as its child: the restart must stop
  // the whole group, or the new server could not listen on the port the old one still holds.
  const app = await run(t, learnerContainer('backlab/runtime-node', ['server.js']), {
    'package.json': JSON.stringify({ scripts: { start: 'node server.js && echo unreachable' } }),
    'server.js': [
      "const http = require('http')",
      "http.createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1', () => {",
      "  console.log('listening', process.pid)",
      '})'
    ].join('\n')
  })
  await app.waitFor('stdout', /listening \d+/)
  await app.container.signal('SIGHUP')
  await app.waitFor('stdout', /listening \d+\n[^]*listening \d+/)
  t.match(app.stderr(), /^\[backlab\] restarting your server \(the grader asked for a restart\)$/m)
  t.notMatch(app.stderr(), /EADDRINUSE/, 'the old server was gone before the new one started')
  await app.container.signal('SIGHUP')
  await app.waitFor('stdout', /(listening \d+\n[^]*){3}/)
  t.equal(await app.exitWithin(300), 'running', 'still running after two restarts')
  t.equal(app.stderr().match(/restarting your server/g)?.length, 2)
})

t.test('a restart leaves nothing of the old app running, detached children included', async (t) => {
  // A child in its own session would survive a process-group kill and could keep serving the old
  // in-memory data after a "restart", faking persistence.
  const app = await run(t, learnerContainer('backlab/runtime-node', ['server.js']), {
    'server.js': [
      "const { readdirSync, readFileSync } = require('fs')",
      "const { spawn } = require('child_process')",
      "const sleepers = readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).filter((p) => {",
      // eslint-disable-next-line no-template-curly-in-string -- JavaScript run inside the container
      "  try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').startsWith('sleep') } catch { return false } }).length",
      "spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' }).unref()",
      "console.log('sleepers before spawning:', sleepers)",
      'setInterval(() => {}, 1000)'
    ].join('\n')
  })
  await app.waitFor('stdout', /sleepers before spawning: 0/)
  await app.container.signal('SIGHUP')
  await app.waitFor('stdout', /sleepers before spawning: \d+\n[^]*sleepers before spawning: \d+/)
  t.match(app.stdout(), /sleepers before spawning: 0\n[^]*sleepers before spawning: 0/, 'the detached child of the first start is gone')
  t.equal(await app.exitWithin(200), 'running')
})

t.test('a restart SIGKILLs an app that ignores SIGTERM, after 2 s', async (t) => {
  const app = await run(t, learnerContainer('backlab/runtime-python', ['app.py']), {
    'app.py': [
      'import os, signal, time',
      'signal.signal(signal.SIGTERM, lambda *_: print("ignoring SIGTERM"))',
      'print("started", os.getpid())',
      'while True: time.sleep(1)'
    ].join('\n')
  })
  await app.waitFor('stdout', /started/)
  const sent = Date.now()
  await app.container.signal('SIGHUP')
  await app.waitFor('stdout', /started[^]*ignoring SIGTERM[^]*started/)
  const took = Date.now() - sent
  t.ok(took >= 1900 && took < 10_000, `restarted after the 2 s grace period (${took} ms)`)
  t.equal(await app.exitWithin(200), 'running')
})

t.test('a restart of an app that obeys SIGTERM never waits out the 2 s grace period', async (t) => {
  // The grace timer used to outlive such an app now and then (killed as a group before its setsid
  // had run), and the supervisor waited for it: most restarts took 2 s more than they needed.
  const app = await run(t, learnerContainer('backlab/runtime-python', ['app.py']), {
    'app.py': 'import os, time\nprint("started", os.getpid(), flush=True)\nwhile True: time.sleep(1)'
  })
  await app.waitFor('stdout', /started/)
  const took: number[] = []
  for (let i = 1; i <= 10; i++) {
    const sent = Date.now()
    await app.container.signal('SIGHUP')
    await app.waitFor('stdout', new RegExp(`(started \\d+\\n[^]*){${i + 1}}`))
    took.push(Date.now() - sent)
  }
  t.ok(took.every((ms) => ms < 1900), `every restart came before the grace period's end (${took.join(', ')} ms)`)
  t.equal(await app.exitWithin(200), 'running')
})

t.test('the app\'s exit status is the container\'s', async (t) => {
  const [exit7, killed, termed, pyExit] = await Promise.all([
    runToExit(t, learnerContainer('backlab/runtime-node', ['server.js']), { 'server.js': "console.error('crash'); process.exit(7)" }),
    runToExit(t, learnerContainer('backlab/runtime-node', ['server.js']), { 'server.js': "process.kill(process.pid, 'SIGKILL')" }),
    (async () => {
      const c = await run(t, learnerContainer('backlab/runtime-node', ['server.js']), { 'server.js': "console.log('up'); setInterval(() => {}, 1000)" })
      await c.waitFor('stdout', /up/)
      await c.container.signal('SIGTERM') // passed on to the app, which has no handler
      return { exit: await c.container.exited, stdout: c.stdout(), stderr: c.stderr() }
    })(),
    runToExit(t, learnerContainer('backlab/runtime-python', ['app.py']), { 'app.py': 'raise SystemExit(3)' })
  ])
  t.equal(exit7.exit.exitCode, 7, 'process.exit(7)')
  t.equal(exit7.stderr, 'crash\n', 'the app\'s output, and nothing else')
  t.equal(killed.exit.exitCode, 137, 'killed by SIGKILL: 128 + 9')
  t.equal(termed.exit.exitCode, 143, 'SIGTERM to the container reaches the app: 128 + 15')
  t.equal(pyExit.exit.exitCode, 3, 'python: SystemExit(3)')
})

// ---------------------------------------------------------------------------------------------
// backlab/sidecar-postgres

t.test('sidecar-postgres: ready line, then app/app over loopback and no other role, no superuser', async (t) => {
  const password = `pw'${randomBytes(12).toString('hex')}`
  const created = Date.now()
  const pg = await run(t, postgresContainer({ BACKLAB_PG_ADMIN_PASSWORD: password }), {})
  await pg.waitFor('stdout', /^backlab-sidecar-ready$/m, 20_000)
  t.comment(`sidecar ready ${Date.now() - created} ms after create (start included)`)
  t.equal(pg.stdout(), 'backlab-sidecar-ready\n', 'the ready line is all there is on stdout')
  t.notMatch(pg.stderr(), /FATAL|ERROR/, 'a clean start')
  t.notOk(pg.stderr().includes(password.slice(3)), 'the password is not logged')

  // A client in the sidecar's network namespace, as the learner and the grader will be.
  const client = await runToExit(t, learnerContainer('backlab/runtime-python', ['check.py'], {
    DATABASE_URL: 'postgres://app:app@127.0.0.1:5432/app',
    ADMIN_PASSWORD: password
  }, `container:${pg.container.id}`), {
    'check.py': [
      'import json, os, psycopg',
      'out = {}',
      "with psycopg.connect(os.environ['DATABASE_URL']) as conn:",
      "    conn.execute('create table todos (id serial primary key, title text not null)')",
      "    conn.execute('insert into todos (title) values (%s)', ['write tests'])",
      "    out['app'] = conn.execute('select current_user, current_database(), (select count(*) from todos)').fetchone()",
      "    out['settings'] = [conn.execute('show ' + s).fetchone()[0] for s in ('fsync', 'server_encoding', 'max_connections')]",
      // The grader of an app's pod logs in as app too: there is no grader role to take over.
      "    out['grader_role'] = conn.execute(\"select count(*) from pg_roles where rolname = 'backlab_grader'\").fetchone()[0]",
      // The sql pod's roles have no password here: in an app's pod nobody logs in as them.
      'for user, pw in (("postgres", "postgres"), ("postgres", ""), ("postgres", os.environ["ADMIN_PASSWORD"]), ("app", "wrong"),',
      '                 ("backlab_sql", os.environ["ADMIN_PASSWORD"]), ("learner_ddl", os.environ["ADMIN_PASSWORD"]), ("learner_read", ""),',
      '                 ("backlab_grader", os.environ["ADMIN_PASSWORD"])):',
      '    try:',
      "        psycopg.connect(host='127.0.0.1', dbname='app', user=user, password=pw).close()",
      "        out.setdefault('refused', []).append(False)",
      '    except psycopg.OperationalError:',
      "        out.setdefault('refused', []).append(True)",
      'print(json.dumps(out))'
    ].join('\n')
  })
  t.equal(client.exit.exitCode, 0, client.stderr)
  t.same(JSON.parse(client.stdout), {
    app: ['app', 'app', 1],
    settings: ['off', 'UTF8', '100'],
    grader_role: 0,
    refused: [true, true, true, true, true, true, true, true]
  })
  t.equal(await pg.exitWithin(100), 'running')
})

t.test('sidecar-postgres refuses to start an sql pod without BACKLAB_PG_ADMIN_PASSWORD', async (t) => {
  const { exit, stdout, stderr } = await runToExit(t, postgresContainer({ BACKLAB_PG_SQL_ROLES: '1' }), {})
  t.equal(exit.exitCode, 1)
  t.equal(stdout, '')
  t.match(stderr, /refusing to start: BACKLAB_PG_ADMIN_PASSWORD is not set/)
})
