/**
 * The hostile corpus: one learner submission per attack in tests/fixtures/hostile/<name>/, the
 * verdict each must get, and what its log must (not) show. The *.test.ts files next to this one
 * grade the corpus through the real API, worker and containers, and check afterwards that the
 * platform is unharmed: one final row per submission, no container left, a canary still passes.
 */
import { randomInt } from 'node:crypto'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../services/platform/config.js'
import { createDockerEngine, type DockerEngine } from '../../services/platform/docker/docker-engine.js'
import type { GradeQueue } from '../../services/submission/grade-queue.js'
import { readFileTree, type FileMap } from '../../services/platform/file-tree.js'
import type { Verdict } from '../../services/submission/result-schema.js'
import { build } from '../helpers/build-app.js'
import { startWorker, submit, waitForResult, type SubmissionView } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'
import { TODOS_TEST_COUNT, TODOS_TESTS } from '../helpers/todos-suite.js'

const fixturesDir = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url))
const exerciseDir = fileURLToPath(new URL('../../exercises/todos-crud/', import.meta.url))

/**
 * The sandbox of the corpus: a short deadline, so the attacks that hang cost 6 s each, not 30;
 * and the host's real load, so attacks graded while CI runs other files still end as they should,
 * their limits stretched as a learner's would be.
 */
export const CORPUS_CONFIG = { SANDBOX_DEADLINE_MS: '6000', WORKER_CONCURRENCY: '2', JOB_BACKOFF_MS: '200', HOST_STAT_PATH: '/proc/stat' }

/**
 * The runtime the corpus's learner containers run under: the platform's default (auto: runsc
 * wherever setup installed gVisor) unless HOSTILE_RUNTIME says otherwise. corpus-runc.test.ts
 * grades the attacks whose containment differs between the runtimes again under runc, so CI
 * covers both.
 */
export const CORPUS_RUNTIME = (process.env.HOSTILE_RUNTIME ?? 'auto') as 'auto' | 'runc' | 'runsc'

/**
 * Verdicts as right under runsc. gVisor (ptrace platform) starts a process some ten times slower
 * than the host's kernel: a fork bomb may not fill its task limit before the deadline, and is then
 * graded on what the tests saw (a server too busy spawning to answer). Its refusals (RLIMIT_NPROC,
 * EAGAIN) leave no count on the host, and the worker's poll of gVisor's task count can miss a
 * shell bomb that fills the table and dies of it between two reads (see SECURITY.md).
 */
export const RUNSC_ALSO_ACCEPTED: Record<string, Verdict[]> = {
  'fork-bomb': ['time_limit', 'tests_failed'],
  'shell-fork-bomb': ['server_crashed']
}

/**
 * The attacks whose containment depends most on the runtime (processes, memory, the kernel, PID 1,
 * secrets): few enough to stay inside one test file's time limit on a busy host.
 */
export const RUNTIME_SENSITIVE = [
  'fork-bomb', 'shell-fork-bomb', 'thread-bomb', 'threadpool-bomb', 'memory-bomb', 'heap-bomb',
  'network-egress', 'read-secrets', 'privilege-escalation', 'kernel-surface', 'kill-all', 'outlive-exit'
]

const DEADLINE_S = Number(CORPUS_CONFIG.SANDBOX_DEADLINE_MS) / 1000

/**
 * `data`: learner bytes the platform must store as data (any byte, any size, always a result);
 * `hidden`: graded against a copy of todos-crud whose HIDDEN_TESTS are hidden from the learner.
 */
export type Kind = 'resources' | 'time-and-http' | 'escape' | 'data' | 'hidden'

/** The tests the `hidden` attacks are graded with hidden: the validation tests (task 5), mid-suite. */
export const HIDDEN_TESTS = (names: string[]): string[] => names.filter((n) => n.startsWith('5. '))

export interface Attack {
  name: string
  kind: Kind
  verdict: Verdict
  /** Verdicts as right as `verdict` where the outcome depends on timing the attack controls. */
  alsoAccepted?: Verdict[]
  /** Checks specific to the attack, on the stored result. */
  check?: (t: Test, view: SubmissionView, ctx: CheckContext) => void | Promise<void>
}

export interface CheckContext {
  config: Config
  /** The test names of the todos-crud suite, in order. */
  suiteNames: string[]
  /** Set for attacks whose fixture names a `sleep` duration: the number it was replaced with. */
  marker?: string
  /** The learner's containers ran under runsc (gVisor). */
  gvisor?: boolean
  /** The submission as stored (what an instructor sees): for attacks that compare it with the learner's view. */
  fullRow?: (id: string) => Promise<{ logTail: string | null } | undefined>
}

const log = (view: SubmissionView): string => view.logTail ?? ''

/** `<prefix> <label>: <outcome>` lines of a fixture's log, as a map. */
function outcomes (view: SubmissionView, prefix: string): Map<string, string> {
  const lines = log(view).split('\n').filter((l) => l.startsWith(`${prefix} `))
  return new Map(lines.map((l) => {
    const rest = l.slice(prefix.length + 1)
    const colon = rest.indexOf(': ')
    return [rest.slice(0, colon), rest.slice(colon + 2)]
  }))
}

const fill = (dir: string, maxMb: number) => (t: Test, view: SubmissionView): void => {
  const m = new RegExp(`fill ${dir}: wrote (\\d+) MB, then (\\w+)`).exec(log(view))
  t.ok(m, `the log says how far the fill of ${dir} got`)
  t.equal(m?.[2], 'ENOSPC', `${dir} filled up: ENOSPC`)
  t.ok(Number(m?.[1]) <= maxMb, `at most ${maxMb} MB written to ${dir} (${m?.[1]})`)
}

const allTestsReported = (t: Test, view: SubmissionView, ctx: CheckContext): void => {
  t.same(view.tests.map((x) => x.name), ctx.suiteNames, 'the grader reported the suite\'s own tests, in order')
  t.equal(view.score, view.tests.filter((x) => x.status === 'pass').length, 'the score counts the real passes')
  t.ok((view.score ?? ctx.suiteNames.length) < ctx.suiteNames.length, 'not every test passed')
}

const timedOut = (t: Test, view: SubmissionView, ctx: CheckContext): void => {
  // On a busy host the deadline is stretched, and the message names both.
  t.match(view.message, new RegExp(`Grading stopped after (${DEADLINE_S} s, the time limit|[\\d.]+ s, the time limit for this exercise \\(${DEADLINE_S} s, stretched)`))
  t.ok(view.tests.length < ctx.suiteNames.length, `not every test finished (${view.tests.length})`)
}

const noSurvivors = async (t: Test, _view: SubmissionView, ctx: CheckContext): Promise<void> => {
  t.ok(ctx.marker, 'the fixture got a unique sleep duration')
  const left = await pollUntilEmpty(async () => await hostProcesses(`sleep\0${ctx.marker}\0`))
  t.same(left, [], `no "sleep ${ctx.marker}" process survives on the host`)
}

export const ATTACKS: Attack[] = [
  // Resources: processes, threads, memory, disk, descriptors, output.
  {
    name: 'fork-bomb',
    kind: 'resources',
    verdict: 'process_limit',
    check: (t, view, ctx) => {
      if (ctx.gvisor === true && view.verdict !== 'process_limit') return
      t.match(log(view), /spawns refused \(EAGAIN\)/, 'spawn() was refused with EAGAIN')
    }
  },
  { name: 'shell-fork-bomb', kind: 'resources', verdict: 'process_limit' },
  { name: 'thread-bomb', kind: 'resources', verdict: 'memory_limit' },
  {
    // The process dies of the refusal (libuv aborts) within milliseconds, and its cgroup, where
    // the refusal is counted, goes with it: a worker that polls that count can miss it.
    name: 'threadpool-bomb',
    kind: 'resources',
    // libuv aborts Node within milliseconds of the refused thread and the container's cgroup goes
    // with it, often before the worker's pids poll reads it (see SECURITY.md). Either way the
    // learner is told the server aborted and what SIGABRT means; process_limit when the poll won.
    verdict: 'server_crashed',
    alsoAccepted: ['process_limit'],
    check: (t, view) => {
      t.match(log(view), /starting 1024 pool threads/)
      t.match(view.message, /code 134 \(SIGABRT: the process aborted itself, as Node does when it cannot start a thread/)
    }
  },
  { name: 'memory-bomb', kind: 'resources', verdict: 'memory_limit' },
  {
    // Printed text decides no verdict: only the kernel's OOM kill (Docker's OOMKilled) is memory_limit.
    name: 'fake-heap-oom',
    kind: 'resources',
    verdict: 'server_crashed',
    check: (t, view) => {
      t.match(view.message, /exited with code 134 \(SIGABRT/, 'the learner is told the server aborted')
      t.match(log(view), /JavaScript heap out of memory/, 'the printed line is in the log, as data')
    }
  },
  {
    name: 'heap-bomb',
    kind: 'resources',
    verdict: 'memory_limit',
    check: (t, view) => { t.notMatch(view.message, /SIGABRT/, 'the kernel stopped it, not V8 giving up on its own heap limit') }
  },
  { name: 'fill-tmp', kind: 'resources', verdict: 'tests_failed', check: fill('/tmp', 64) },
  { name: 'fill-work', kind: 'resources', verdict: 'tests_failed', check: fill('/work', 64) },
  { name: 'fill-dev-shm', kind: 'resources', verdict: 'tests_failed', check: fill('/dev/shm', 16) },
  {
    name: 'huge-file',
    kind: 'resources',
    verdict: 'tests_failed',
    check: (t, view) => {
      const seen = outcomes(view, 'huge file')
      t.equal(seen.get('sparse /work/sparse at 8 GB'), 'EFBIG', 'a write 8 GB into a file fails: EFBIG')
      t.equal(seen.get('/tmp/huge'), 'EFBIG', 'growing one file fails: EFBIG')
      t.equal(seen.get('/tmp/huge size'), '67108864 bytes', 'the file stopped at the 64 MB fsize limit')
    }
  },
  {
    name: 'fd-exhaustion',
    kind: 'resources',
    verdict: 'tests_failed',
    check: (t, view) => { t.match(log(view), /opened \d+ descriptors, then EMFILE/, 'open() failed with EMFILE') }
  },
  {
    name: 'output-flood',
    kind: 'resources',
    verdict: 'output_limit',
    check: (t, view, ctx) => {
      t.ok(log(view).length <= ctx.config.SANDBOX_LOG_TAIL_BYTES + 200, `the stored log tail is bounded (${log(view).length} chars)`)
      t.match(log(view), /earlier bytes not shown/, 'the flood was cut to its tail')
    }
  },

  // Time and HTTP: hangs, slow answers, and response bombs aimed at the grader's client.
  { name: 'infinite-loop', kind: 'time-and-http', verdict: 'time_limit', check: timedOut },
  { name: 'sleep-past-deadline', kind: 'time-and-http', verdict: 'time_limit', check: timedOut },
  { name: 'never-answers', kind: 'time-and-http', verdict: 'time_limit', check: timedOut },
  { name: 'slow-drip', kind: 'time-and-http', verdict: 'time_limit', check: timedOut },
  { name: 'huge-body', kind: 'time-and-http', verdict: 'tests_failed', check: allTestsReported },
  { name: 'gzip-bomb', kind: 'time-and-http', verdict: 'tests_failed', check: allTestsReported },
  { name: 'endless-chunked', kind: 'time-and-http', verdict: 'tests_failed', check: allTestsReported },
  { name: 'redirect-loop', kind: 'time-and-http', verdict: 'tests_failed', check: allTestsReported },
  { name: 'redirect-outside', kind: 'time-and-http', verdict: 'tests_failed', check: allTestsReported },

  // Data: whatever bytes, and however many, the learner's server writes or answers are data.
  {
    name: 'nul-in-log',
    kind: 'data',
    verdict: 'tests_failed',
    check: (t, view, ctx) => {
      allTestsReported(t, view, ctx)
      t.match(log(view), /nul: before\u2400after/, 'a NUL in the log is shown as ␀')
      t.notOk(log(view).includes('\0'), 'no NUL is stored')
    }
  },
  {
    name: 'invalid-utf8-output',
    kind: 'data',
    verdict: 'tests_failed',
    check: (t, view, ctx) => {
      allTestsReported(t, view, ctx)
      t.match(log(view), /utf8: stdout \ufffd/, 'bytes that are not UTF-8 are shown as replacement characters')
      t.match(view.message, /Location: \/todos\/1\\xff\\xfe, expected/, 'header bytes that are not UTF-8 are shown as \\xNN')
      t.notMatch(JSON.stringify(view), /[\ud800-\udfff]/u, 'no lone surrogate anywhere')
    }
  },
  {
    name: 'report-bloat',
    kind: 'data',
    verdict: 'tests_failed',
    check: (t, view, ctx) => {
      allTestsReported(t, view, ctx)
      const quoted = view.tests.flatMap((x) => [x.message, x.request, x.expected, x.actual, x.curl]).filter((x) => x !== undefined)
      t.ok(quoted.some((x) => /more bytes\)/.test(x)), 'long values are cut with a note of how much more there was')
      t.ok(quoted.some((x) => x.includes('\\x85')), 'the 0x85 bytes of the Location header are shown as \\x85')
      t.ok(JSON.stringify(view.tests).length < 200_000, `the report stays small (${JSON.stringify(view.tests).length} characters)`)
    }
  },

  // Escape: the filesystem, the network, secrets, privileges, the verdict channel, other processes.
  {
    name: 'write-rootfs',
    kind: 'escape',
    verdict: 'tests_failed',
    check: (t, view) => {
      const seen = outcomes(view, 'rootfs')
      t.equal(seen.size, 14, 'every write was attempted and logged')
      for (const [path, outcome] of seen) t.match(outcome, /^(EROFS|EACCES|EPERM|ENOENT)$/, `${path}: ${outcome}`)
      t.match(log(view), /rootfs: still serving/, 'the server kept going after the refusals')
    }
  },
  {
    name: 'network-egress',
    kind: 'escape',
    verdict: 'tests_failed',
    check: (t, view) => {
      const seen = outcomes(view, 'egress')
      t.equal(seen.size, 14, 'every way out was tried and logged')
      for (const [target, outcome] of seen) t.notMatch(outcome, /^(CONNECTED|RESOLVED|SENT)/, `${target}: ${outcome}`)
    }
  },
  {
    name: 'read-secrets',
    kind: 'escape',
    verdict: 'tests_failed',
    check: (t, view, ctx) => {
      const tail = log(view)
      t.match(tail, /secret \/etc\/shadow: EACCES/, '/etc/shadow is unreadable')
      t.match(tail, /secret ls \/root: EACCES/, '/root is unreadable')
      t.match(tail, /secret \/var\/run\/docker.sock: absent/, 'no Docker socket')
      const env = JSON.parse(/secret ENV (\{.*\})/.exec(tail)?.[1] ?? 'null') as Record<string, string> | null
      t.ok(env, 'the environment dump is in the log tail')
      t.same(Object.keys(env ?? {}).filter((k) => !SANDBOX_ENV.includes(k)), [], 'the sandbox has only its allow-listed variables')
      for (const secret of [ctx.config.DATABASE_URL, ctx.config.REDIS_URL, process.env.DATABASE_URL, process.env.REDIS_URL]) {
        if (secret !== undefined && secret !== '') t.notOk(tail.includes(secret), 'a connection string does not appear in the log')
      }
      // The test process hosts the worker: none of its variables may reach the sandbox.
      const leaked = Object.keys(process.env).filter((k) => !SANDBOX_ENV.includes(k) && tail.includes(`${k}=`))
      t.same(leaked, [], 'none of the worker\'s variables appears in the log')
      const pids = /secret visible pids: ([\d,]+)/.exec(tail)?.[1]?.split(',') ?? []
      t.ok(pids.length > 0 && pids.length <= 3, `only the container's own processes are visible (${pids.join(',')})`)
    }
  },
  {
    name: 'privilege-escalation',
    kind: 'escape',
    verdict: 'tests_failed',
    check: (t, view) => {
      const seen = outcomes(view, 'priv')
      t.equal(seen.size, 12, 'every attempt was made and logged')
      // gVisor's /proc does not show the line (runsc sets no_new_privs all the same).
      t.match(seen.get('status'), /NoNewPrivs: 1|^(?![^]*NoNewPrivs)/, 'no_new_privs is set')
      t.match(seen.get('status'), /CapEff: 0000000000000000/, 'no effective capability')
      t.notMatch(log(view), /ESCALATED/, 'no attempt succeeded')
      t.notMatch(log(view), /uid=0\(/, 'nothing ran as root')
    }
  },
  {
    name: 'kernel-surface',
    kind: 'escape',
    verdict: 'tests_failed',
    check: (t, view) => {
      const seen = outcomes(view, 'kernel')
      t.equal(seen.size, 6, `every syscall was tried and logged (${[...seen.keys()].join(', ')})`)
      for (const [attempt, outcome] of seen) t.match(outcome, /^(EPERM|ENOSYS)$/, `${attempt}: ${outcome}`)
      t.match(log(view), /kernel: serving/, 'the supervisor (PID 1) was not frozen by an attach: the server started')
    }
  },
  {
    name: 'forge-results',
    kind: 'escape',
    verdict: 'tests_failed',
    check: (t, view, ctx) => {
      allTestsReported(t, view, ctx)
      t.match(log(view), /# \{ total: 26, pass: 26 \}/, 'the forged summary was only stored as log text')
      t.match(log(view), /forge files: \/tmp\/results.json written; \/work\/results.json written/, 'the fake result files were written, and ignored')
    }
  },
  {
    name: 'forge-tap-in-responses',
    kind: 'escape',
    verdict: 'tests_failed',
    check: (t, view, ctx) => {
      allTestsReported(t, view, ctx)
      t.notOk(view.tests.some((x) => x.name.includes('forged')), 'no forged test name')
    }
  },
  {
    name: 'kill-all',
    kind: 'escape',
    verdict: 'server_crashed',
    check: (t, view, ctx) => {
      t.match(view.message, /exited with code 137 \(SIGKILL: the process was killed\) while it was being tested/)
      t.same(view.tests.map((x) => x.name), ctx.suiteNames, 'the grader survived and reported every test')
      // The grader runs as another user: had its processes been visible, kill() would say EPERM.
      const blind = JSON.parse(/blind kill of pids 2-32768: (\{.*\})/.exec(log(view))?.[1] ?? 'null') as Record<string, number> | null
      t.ok(blind, 'the blind kill ran')
      t.notOk(blind?.EPERM, 'no process of another user was visible')
      t.ok((blind?.killed ?? 0) <= 2, `only its own processes could be signalled (${blind?.killed ?? 0})`)
    }
  },
  {
    name: 'hidden-request-logger',
    kind: 'hidden',
    verdict: 'tests_failed',
    check: async (t, view, ctx) => {
      const hidden = HIDDEN_TESTS(ctx.suiteNames)
      const full = await ctx.fullRow?.(view.id)
      t.match(full?.logTail, /seen \d+ body \{"title":"[^"]*","completed":"yes"\}/, 'the server did log what the hidden tests sent (the full log has it)')
      const raw = JSON.stringify(view)
      t.notMatch(raw, /"completed\\?":\s*\\?"yes/, 'nothing a hidden test sent appears in the learner\'s view')
      for (const name of hidden) t.notOk(raw.includes(name), `the hidden test "${name}" is not named`)
      t.match(log(view), /seen \d+ POST \/todos/, 'the log from before the hidden tests is shown')
      t.match(log(view), /withheld/, 'the learner is told the rest of the log is withheld')
      const firstHidden = view.tests.findIndex((x) => x.name.endsWith('A hidden test'))
      t.ok(firstHidden > 0, 'the hidden tests are reported under their task number')
      for (const x of view.tests.slice(firstHidden)) t.same(Object.keys(x).filter((k) => !['name', 'status', 'message'].includes(k)), [], `${x.name}: no details`)
    }
  },
  { name: 'outlive-detached', kind: 'escape', verdict: 'tests_failed', check: noSurvivors },
  {
    name: 'outlive-exit',
    kind: 'escape',
    verdict: 'server_did_not_start',
    check: async (t, view, ctx) => {
      t.match(view.message, /exited with code 0 before it accepted connections/)
      await noSurvivors(t, view, ctx)
    }
  }
]

/** What the learner's container may see in its environment (Docker adds PATH and HOSTNAME). */
const SANDBOX_ENV = ['PATH', 'HOSTNAME', 'HOME', 'PORT', 'NODE_ENV', 'PWD', 'OLDPWD', 'NODE_OPTIONS']

export function attack (name: string): Attack {
  const found = ATTACKS.find((a) => a.name === name)
  if (found === undefined) throw new Error(`no attack named ${name}`)
  return found
}

/** A fixture's files; a `sleep 987654` duration is made unique, to find survivors on the host. */
export async function attackFiles (name: string): Promise<{ files: FileMap, marker?: string }> {
  const files = await readFileTree(`${fixturesDir}${name}`)
  const server = files['server.js'] ?? ''
  if (!server.includes('987654')) return { files }
  const marker = String(randomInt(10_000_000, 99_999_999))
  return { files: { ...files, 'server.js': server.replaceAll('987654', marker) }, marker }
}

export async function fixtureNames (): Promise<string[]> {
  // db-*: attacks on the grader's database rights, graded against notes-postgres by db-grader-rights.test.ts.
  return (await readdir(fixturesDir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('db-')).map((d) => d.name).sort()
}

export async function referenceSolution (): Promise<FileMap> {
  return await readFileTree(`${exerciseDir}solution/node`)
}

/** The suite's test names, from the "Checks:" lists of the instructions. */
export async function suiteTestNames (): Promise<string[]> {
  const instructions = await readFile(`${exerciseDir}instructions.md`, 'utf8')
  return [...instructions.matchAll(/^- `(\d+\. [^`]+)`/gm)].map((m) => m[1] ?? '')
}

/** A copy of the exercises folder's todos-crud whose HIDDEN_TESTS are hidden; removed after the test. */
async function withHiddenTests (t: Test): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'backlab-hidden-corpus-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  await cp(exerciseDir, join(root, 'todos-crud'), { recursive: true })
  const manifestPath = join(root, 'todos-crud', 'exercise.json')
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>
  await writeFile(manifestPath, JSON.stringify({ ...manifest, hiddenTests: HIDDEN_TESTS(await suiteTestNames()) }))
  return root
}

/** Command lines (NUL-separated, as in /proc/<pid>/cmdline) of host processes containing `needle`. */
export async function hostProcesses (needle: string): Promise<string[]> {
  const found: string[] = []
  for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (cmdline.includes(needle)) found.push(`${pid}: ${cmdline.replaceAll('\0', ' ')}`)
  }
  return found
}

/** Polls `list` for up to 10 s until it is empty (results are stored before teardown). */
export async function pollUntilEmpty<T> (list: () => Promise<T[]>, timeoutMs = 10_000): Promise<T[]> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const items = await list()
    if (items.length === 0 || Date.now() > until) return items
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export async function containersOf (engine: DockerEngine, id: string): Promise<string[]> {
  return (await engine.listByLabel(`backlab.submission=${id}`)).map((c) => c.id.slice(0, 12))
}

/**
 * Any attempt whose timing the busy host spoiled (HostBusy: a wait ran out while the learner's
 * container was kept waiting for a CPU) is graded again on a later slot (graders/README.md, "Time
 * on a busy host"). So a submission graded more than once is right only if every earlier attempt
 * ended that way, as BullMQ recorded each failed attempt's error.
 */
export async function retriedForTheHost (queue: GradeQueue['queue'], view: SubmissionView): Promise<boolean> {
  const earlier = (await queue.getJob(view.id))?.stacktrace ?? []
  return earlier.length > 0 && earlier.every((stack) => stack.startsWith('HostBusy:'))
}

/** The post-conditions of every hostile submission: graded once as the learner's, one final row, no container. */
export async function checkAftermath (t: Test, app: FastifyInstance, engine: DockerEngine, view: SubmissionView): Promise<void> {
  t.equal(view.status, 'failed', 'graded as the learner\'s result, not a platform error')
  t.ok(view.attempts === 1 || await retriedForTheHost(app.gradeQueue.queue, view),
    `graded on the first attempt, or again only because the host was busy (attempts ${view.attempts}, verdict ${String(view.verdict)})`)
  const { rows } = await app.pg.query<{ status: string }>('SELECT status FROM submissions WHERE id = $1', [view.id])
  t.equal(rows.length, 1, 'exactly one row for the submission')
  t.equal(rows[0]?.status, 'failed', 'its stored status is final')
  t.same(await pollUntilEmpty(async () => await containersOf(engine, view.id)), [], 'no container of the submission is left')
}

interface Pending {
  attack: Attack
  marker?: string
  id: string
  result: Promise<{ view?: SubmissionView, error?: unknown }>
}

/**
 * Grades the named attacks through the real API and one worker (all submitted at once, so the
 * worker's two slots stay busy), checks each, then grades the reference solution as a canary.
 */
export async function runCorpus (t: Test, allNames: string[], options: { hidden?: boolean, runtime?: 'auto' | 'runc' | 'runsc' } = {}): Promise<void> {
  const runtime = options.runtime ?? CORPUS_RUNTIME
  // HOSTILE_ONLY=fork-bomb,gzip-bomb grades just those (to iterate on one attack).
  const only = process.env.HOSTILE_ONLY?.split(',')
  const names = only === undefined ? allNames : allNames.filter((n) => only.includes(n))
  const exercisesDir: Record<string, string> = options.hidden === true ? { EXERCISES_DIR: await withHiddenTests(t) } : {}
  const config = await isolatedConfig(t, { ...CORPUS_CONFIG, SANDBOX_RUNTIME: runtime, ...exercisesDir })
  const app = await build(t, config)
  const worker = await startWorker(t, config)
  const engine = createDockerEngine(config.DOCKER_SOCKET, { sandboxRuntime: runtime })
  t.comment(`learner containers run under ${(await engine.sandboxRuntime()).runtime} (SANDBOX_RUNTIME=${runtime})`)
  const gvisor = (await engine.sandboxRuntime()).runtime === 'runsc'
  const suiteNames = await suiteTestNames()
  t.same(suiteNames, TODOS_TESTS, 'the instructions list every test of the suite, in order')

  const started = Date.now()
  const pending: Pending[] = []
  // One at a time, so the queue's order is the list's order (the slowest attacks go first).
  for (const name of names) {
    const { files, marker } = await attackFiles(name)
    const id = await submit(app, 'todos-crud', files)
    const result = waitForResult(app, id, 170_000).then((view) => ({ view }), (error: unknown) => ({ error }))
    pending.push({ attack: attack(name), id, result, ...(marker !== undefined && { marker }) })
  }

  for (const p of pending) {
    t.test(`${p.attack.name} → ${p.attack.verdict}`, async (t) => {
      const { view, error } = await p.result
      if (view === undefined) throw error
      t.comment(`${p.attack.name}: ${view.status} ${view.verdict} ${view.score}/${view.maxScore}, attempts ${view.attempts}, ` +
        `total ${view.timings.totalMs} ms (queue ${view.timings.queueWaitMs} ms); ${view.message?.slice(0, 160) ?? ''}`)
      // HOSTILE_SHOW_LOGS=1 prints what each attack found, e.g. to review the escape attempts.
      if (process.env.HOSTILE_SHOW_LOGS === '1') t.comment(`log tail of ${p.attack.name}:\n${view.logTail ?? ''}`)
      const accepted = [p.attack.verdict, ...(p.attack.alsoAccepted ?? []), ...(gvisor ? RUNSC_ALSO_ACCEPTED[p.attack.name] ?? [] : [])]
      t.ok(accepted.includes(view.verdict as Verdict), `verdict ${accepted.join(' or ')} (got ${String(view.verdict)})`)
      t.not(view.status, 'passed', 'never passed')
      await checkAftermath(t, app, engine, view)
      const fullRow = async (id: string): Promise<{ logTail: string | null } | undefined> =>
        (await app.pg.query<{ logTail: string | null }>('SELECT log_tail AS "logTail" FROM submissions WHERE id = $1', [id])).rows[0]
      await p.attack.check?.(t, view, { config, suiteNames, gvisor, fullRow, ...(p.marker !== undefined && { marker: p.marker }) })
    })
  }

  t.test('afterwards the worker still grades, and the reference solution still passes', async (t) => {
    t.comment(`${names.length} attacks graded in ${Math.round((Date.now() - started) / 1000)} s`)
    t.ok(worker.worker.isRunning(), 'the worker is running')
    const id = await submit(app, 'todos-crud', await referenceSolution())
    const view = await waitForResult(app, id, 60_000)
    t.match(view, { status: 'passed', verdict: 'tests_passed', score: TODOS_TEST_COUNT, maxScore: TODOS_TEST_COUNT, attempts: 1 })
    t.same(await pollUntilEmpty(async () => await containersOf(engine, id)), [], 'no container of the canary is left')
  })
}
