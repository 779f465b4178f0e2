// The grader entry point baked into backlab/grader-node (protocol: graders/README.md).
// Unpacks the suite from the tar on stdin, waits until the learner's server accepts a TCP
// connection, then imports the suite, whose tap output on stdout is the verdict.
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { boundFailures, markTestStart } from '@backlab/grader/bounded'
import { ENV, FILES, MAX_TIME_SCALE, readyLine, reportEndLines, serverNotListeningLine } from '@backlab/grader/protocol'

const POLL_INTERVAL_MS = 20

function requiredEnv(name) {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set (see graders/README.md)`)
  return value
}

function canConnect(host, port, timeoutMs) {
  return new Promise(resolve => {
    const socket = connect({ host, port })
    const done = ok => {
      clearTimeout(timer)
      socket.destroy()
      resolve(ok)
    }
    // A dropped SYN would otherwise hang past the ready deadline.
    const timer = setTimeout(() => done(false), timeoutMs)
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

async function waitUntilListening(host, port, timeoutMs) {
  const started = performance.now()
  for (;;) {
    const remaining = timeoutMs - (performance.now() - started)
    if (remaining > 0 && (await canConnect(host, port, remaining))) {
      return { ready: true, elapsedMs: Math.round(performance.now() - started) }
    }
    if (performance.now() - started >= timeoutMs) {
      return { ready: false, elapsedMs: Math.round(performance.now() - started) }
    }
    await new Promise(resolve => setTimeout(resolve, POLL_INTERVAL_MS))
  }
}

// Node reads its stdin and feeds tar: handing tar the same stdin instead would share its open
// file, which Node may switch to non-blocking mode (tar then fails with EAGAIN).
function unpackSuite(dir) {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-x', '--no-overwrite-dir', '-C', dir, '-f', '-'], {
      stdio: ['pipe', 'ignore', 'inherit'],
    })
    tar.once('error', reject)
    tar.once('exit', code => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code}`))))
    tar.stdin.on('error', () => {}) // tar's exit status tells
    process.stdin.pipe(tar.stdin)
  })
}

const target = new URL(requiredEnv(ENV.target))
// The pod's deadline bounds a grading, and the worker reports it as a time limit. tap's own root
// timeout (30 s) would start counting when tap loads (in a warm pod, long before the grading)
// and end a slow grading early with a complete-looking report: as if the learner's tests failed.
process.env.TAP_TIMEOUT = '0'
// Loading tap and the grader library is some 0.5 s of compiling JavaScript: it happens while the
// suite arrives and the server (or the database of an SQL exercise) starts, not after. A warm
// SQL pod has it done before it even knows its exercise. Failures surface in the suite.
const tapLoading = import('tap')
const preloading = Promise.allSettled([
  tapLoading,
  import(target.protocol === 'postgres:' ? '@backlab/grader/sql' : '@backlab/grader'),
])
// Once tap's root test has ended, its report is whole: nothing after it counts. The process may
// still take a while to exit (connections closing, a garbage collection, then the container's
// own teardown), so this line lets the worker read the report without waiting for that. Pipes
// are written synchronously on Linux: every line of the report is in the pipe before it.
// The count of waits that ran out of time goes first (graders/lib/timing.mjs): root-level
// comments the learner's data can never produce, since it reaches the stream only inside a
// subtest's diagnostics.
tapLoading.then(({ default: t }) => {
  // Every failure of every suite is bounded, and each top-level test marks when it begins (for
  // hidden tests, see lib/bounded.mjs): the suite's own t.fail calls included.
  boundFailures(t, { onTopLevelStart: name => markTestStart(name) })
  t.once('end', () => {
    const waits = globalThis[Symbol.for('backlab.timedWaits')] ?? 0
    process.stdout.write(reportEndLines(waits))
  })
}, () => {})
const suiteDir = process.env[ENV.suiteDir] || '/opt/grader/suite'
// In the image (see its start script); run by hand, the suite is already a folder.
if (process.argv.includes('--unpack-stdin')) await unpackSuite(suiteDir)
// A warm pod is started before it knows its exercise, so the suite's settings travel with the
// suite: they become the environment the suite and the grader library read.
const settings = await readFile(join(suiteDir, FILES.runSettings), 'utf8').then(JSON.parse, () => ({}))
if (settings.suite) process.env[ENV.suite] = String(settings.suite)
if (settings.readyTimeoutMs) process.env[ENV.readyTimeoutMs] = String(settings.readyTimeoutMs)
if (settings.timeScale) process.env[ENV.timeScale] = String(settings.timeScale)
const entry = requiredEnv(ENV.suite)
// Stretched on a busy host, as every wait of the grader library is (lib/timing.mjs).
const timeScale = Math.min(MAX_TIME_SCALE, Math.max(1, Number(process.env[ENV.timeScale]) || 1))
const readyTimeoutMs = Math.round(Number(process.env[ENV.readyTimeoutMs] || 5000) * timeScale)
if (!(readyTimeoutMs > 0)) throw new Error('BACKLAB_READY_TIMEOUT_MS must be a positive number of ms')
// URL keeps the brackets of an IPv6 literal; net.connect wants the bare address.
const host = target.hostname.replace(/^\[(.*)\]$/, '$1')
const port = Number(target.port || 80)

const { ready, elapsedMs } = await waitUntilListening(host, port, readyTimeoutMs)
if (ready) {
  console.log(readyLine(elapsedMs))
  await preloading
  await import(pathToFileURL(join(suiteDir, entry)).href)
} else {
  console.log(serverNotListeningLine(elapsedMs))
}
