// The grader protocol: everything the worker (services/grading) and the grader runner (run.mjs
// and this library) must agree on, in one place both import. The worker passes settings as
// environment variables and files; the grader answers only on stdout, as TAP plus a few root-level
// comment lines that the learner's data can never produce (it reaches the stream only inside a
// subtest's diagnostics). graders/README.md describes the protocol for suite authors.

/** Environment variables the worker sets in the grader's container (or a warm pod's run file). */
export const ENV = Object.freeze({
  /** Where the learner's server listens: http://127.0.0.1:<port>, or postgres://… for SQL. */
  target: 'BACKLAB_TARGET',
  /** The suite's entry file inside the suite folder. */
  suite: 'BACKLAB_SUITE',
  /** Where the suite is unpacked (default /opt/grader/suite). */
  suiteDir: 'BACKLAB_SUITE_DIR',
  /** How long the runner waits for the learner's server to listen, before stretching. */
  readyTimeoutMs: 'BACKLAB_READY_TIMEOUT_MS',
  /** The busy-host stretch of every wait (1 on a quiet host, at most MAX_TIME_SCALE). */
  timeScale: 'BACKLAB_TIME_SCALE',
  /** A secret per grading that makes the grader's control lines unforgeable by the learner. */
  controlToken: 'BACKLAB_CONTROL_TOKEN',
})

/** The largest stretch the grader applies to its waits, whatever it is told. */
export const MAX_TIME_SCALE = 8

/** Files beside the suite. */
export const FILES = Object.freeze({
  /** A warm pod's settings, which travel with the suite because the pod started before knowing it. */
  runSettings: 'backlab-run.json',
})

/** Lines the grader prints on stdout, each on a line of its own. */
export const MARK = Object.freeze({
  /** `# backlab-ready-ms: <ms>`: the learner's server accepted a connection after <ms>. */
  readyMs: '# backlab-ready-ms: ',
  /** `# backlab-timed-waits: <n>`: how many of the grader's waits ran out of time. */
  timedWaits: '# backlab-timed-waits: ',
  /** tap's root test has ended: the report is whole, nothing after it counts. */
  reportComplete: '# backlab-report-complete',
  /** `# backlab-test-start <token> <Date.now()> <name as JSON>`: a top-level test begins. */
  testStart: '# backlab-test-start ',
  /** `# backlab-restart-server <token>`: the grader asks for the learner's server to be restarted. */
  restartServer: '# backlab-restart-server ',
})

/** The runner's bail-out when the learner's server never listened: `Bail out! server-not-listening <ms>`. */
export const SERVER_NOT_LISTENING = 'server-not-listening'

export function readyLine(ms) {
  return `${MARK.readyMs}${ms}`
}

export function reportEndLines(timedWaits) {
  return `\n${MARK.timedWaits}${timedWaits}\n${MARK.reportComplete}\n`
}

export function testStartLine(token, atMs, name) {
  return `\n${MARK.testStart}${token} ${atMs} ${JSON.stringify(String(name))}\n`
}

export function restartLine(token) {
  return `\n${MARK.restartServer}${token}\n`
}

export function serverNotListeningLine(ms) {
  return `Bail out! ${SERVER_NOT_LISTENING} ${ms}`
}
