import { fileURLToPath } from 'node:url'
import { Type, type Static } from '@sinclair/typebox'
import envSchema from 'env-schema'
import { limitEnvSchema } from './sandbox-limits.js'

/** Defined by scripts/build-services.mjs in a bundle: the repository's root, relative to the bundle. */
declare const BUNDLED_REPO_ROOT: string | undefined

/**
 * The repository's root, for the files read from it (exercises, migrations, the web app's bundle).
 * Under tsx this module is services/platform/config.ts; bundled into dist/<entry>.js, its
 * import.meta.url is the bundle's, and the build says where the root is from there.
 */
export const repoRoot = fileURLToPath(new URL(typeof BUNDLED_REPO_ROOT === 'string' ? BUNDLED_REPO_ROOT : '../../', import.meta.url))

/**
 * Every setting of the API and the worker, read from the environment once at boot.
 * One schema serves both processes, so they can never disagree about a default.
 * The sandbox limits (SANDBOX_*) are ceilings defined in sandbox-limits.ts: an exercise manifest may
 * lower them, never raise them.
 */
export const ConfigSchema = Type.Object({
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' }
  ),
  HOST: Type.String({ default: '127.0.0.1', description: 'Address the API listens on' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  TRUST_PROXY: Type.Boolean({ default: false, description: 'Behind a reverse proxy: believe its X-Forwarded-For/-Proto (client address for login throttling, https for Secure cookies)' }),
  DATABASE_URL: Type.String({
    pattern: '^postgres(ql)?://',
    default: 'postgres://backlab:backlab@127.0.0.1:5432/backlab'
  }),
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' }),
  DOCKER_SOCKET: Type.String({ default: '/var/run/docker.sock' }),
  QUEUE_NAME: Type.String({ pattern: '^[a-zA-Z0-9_-]+$', default: 'grading' }),
  EXERCISES_DIR: Type.String({ default: `${repoRoot}exercises` }),
  IMAGE_PREFIX: Type.String({
    default: 'backlab/',
    description: 'Images are <prefix>runtime-<runtime>, <prefix>sidecar-postgres and <prefix>grader-node'
  }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  JOB_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
  JOB_BACKOFF_MS: Type.Integer({ minimum: 0, default: 1000 }),
  RECONCILE_INTERVAL_MS: Type.Integer({ minimum: 100, default: 30_000 }),
  STUCK_AFTER_MS: Type.Integer({
    minimum: 100,
    default: 60_000,
    description: 'A queued submission with no job, or a running one past its deadline by this much, is re-enqueued'
  }),
  REAP_INTERVAL_MS: Type.Integer({ minimum: 100, default: 30_000 }),
  SANDBOX_DEADLINE_MS: limitEnvSchema('deadlineMs'),
  SANDBOX_READY_TIMEOUT_MS: limitEnvSchema('readyTimeoutMs'),
  SANDBOX_MEMORY_MB: limitEnvSchema('memoryMb'),
  SANDBOX_CPUS: limitEnvSchema('cpus'),
  SANDBOX_PIDS: limitEnvSchema('pids'),
  SANDBOX_OUTPUT_KB: limitEnvSchema('outputKb'),
  SANDBOX_TMPFS_MB: limitEnvSchema('tmpfsMb'),
  SANDBOX_FILE_SIZE_MB: limitEnvSchema('fileSizeMb'),
  SANDBOX_OPEN_FILES: limitEnvSchema('openFiles'),
  SANDBOX_RUNTIME: Type.Union([Type.Literal('auto'), Type.Literal('runc'), Type.Literal('runsc')], {
    // gVisor wherever setup could install it: the learner's code then talks to gVisor's kernel,
    // not the host's. It costs time (SECURITY.md has the bench's figures), not verdicts: the hostile
    // corpus and the catalog are graded under it, and the runtime-sensitive attacks under runc too.
    default: 'auto',
    description: "OCI runtime of the containers that run learners' code (the app and its sidecars; graders stay on runc): " +
      'auto (the default): runsc when the Docker daemon has a runtime of that name (scripts/setup.sh registers it), else ' +
      "runc with a warning in the worker's log; runsc (gVisor: the code talks to gVisor's kernel, not the host's; a daemon " +
      'without it fails every pod), or runc'
  }),
  GRADER_CPUS: Type.Number({
    exclusiveMinimum: 0,
    default: 2,
    description: "CPU quota of the grader container. Higher than the learner's: a 1-CPU quota throttles " +
      "tap's multi-threaded start-up and adds ~0.5 s to every grading; the pod deadline still bounds it"
  }),
  HOST_STAT_PATH: Type.String({
    default: '/proc/stat',
    description: "Where the worker reads the kernel's count of runnable tasks (procs_running), to stretch time limits " +
      'on a busy host and retry what its slowness spoiled (services/grading/pod/host-load.ts)'
  }),
  SQL_WARM_PODS: Type.Integer({
    minimum: 0,
    maximum: 16,
    default: 2,
    description: 'Started SQL pods (grader and database) each worker keeps waiting for submissions, per set of ' +
      'limits in use; 0 starts every pod when its submission arrives'
  }),
  PASSWORD_HASH_COST: Type.Integer({
    minimum: 10,
    maximum: 20,
    default: 17,
    description: 'log2 of scrypt\'s N for new password hashes: 17 (128 MiB, OWASP\'s recommendation) in production; tests use less'
  }),
  AUTH_REQUESTS_PER_MINUTE: Type.Integer({
    minimum: 1,
    default: 20,
    description: 'Sign-ups and logins one client address (an IPv6 /64) may send in a minute, counted before any password is ' +
      'hashed (then 429); raise it for a classroom behind one NAT'
  }),
  PASSWORD_HASH_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 16,
    default: 2,
    description: "Password hashes (scrypt) the API computes at once; they run on Node's four threadpool threads, which the " +
      'rest of the API needs too'
  }),
  PASSWORD_HASH_MAX_WAITING: Type.Integer({ minimum: 0, default: 32, description: 'Logins and sign-ups waiting for a hashing slot; beyond it 503 SERVICE_BUSY at once' }),
  PASSWORD_HASH_MAX_WAIT_MS: Type.Integer({ minimum: 0, default: 5000, description: 'How long a login or sign-up waits for a hashing slot before 503 SERVICE_BUSY' }),
  REGRADES_QUEUED_PER_USER: Type.Integer({
    minimum: 1,
    default: 100,
    description: 'Re-grades one instructor or admin has waiting or being graded at once: a larger re-grade queues this many ' +
      '(the rest on a later call), then 429. Re-grades also only fill the queue up to half of QUEUE_CAP'
  }),
  EVENT_STREAMS_PER_USER: Type.Integer({ minimum: 1, default: 10, description: 'Event streams (SSE) one account may hold open at once (then 429)' }),
  EVENT_STREAMS_PER_ADDRESS: Type.Integer({ minimum: 1, default: 100, description: 'Event streams (SSE) one client address (an IPv6 /64) may hold open at once (then 429)' }),
  SUBMISSIONS_PER_MINUTE: Type.Integer({ minimum: 1, default: 10, description: 'Submissions one account may make in any minute (then 429)' }),
  SUBMISSIONS_QUEUED_PER_USER: Type.Integer({ minimum: 1, default: 3, description: 'Submissions of one account waiting or being graded at once (then 429)' }),
  QUEUE_CAP: Type.Integer({
    minimum: 1,
    default: 200,
    description: 'Submissions waiting or being graded across all accounts; beyond it new ones get 503 with Retry-After, not a long wait'
  }),
  LOGIN_FAILURES_ALLOWED: Type.Integer({
    minimum: 1,
    default: 10,
    description: 'Failed logins one email may have from one client address within LOGIN_FAILURE_WINDOW_MS; then its logins ' +
      'from there, even with the right password, get 429 LOGIN_THROTTLED until the oldest failure leaves the window'
  }),
  LOGIN_FAILURE_WINDOW_MS: Type.Integer({ minimum: 1000, default: 15 * 60_000, description: 'How long a failed login counts against LOGIN_FAILURES_ALLOWED' }),
  WEB_SESSION_MS: Type.Integer({
    minimum: 60_000,
    default: 14 * 24 * 3600_000,
    description: "Lifetime of a web app session from its login: its token's expiry and the cookie's Max-Age"
  }),
  AUTH_RATE_MAX_CLIENTS: Type.Integer({
    minimum: 1,
    default: 10_000,
    description: "Client addresses the sign-up and login rate limit (AUTH_REQUESTS_PER_MINUTE) counts at once, in the API's " +
      'memory; past it the least recently seen is forgotten'
  }),
  DB_POOL_MAX: Type.Integer({
    minimum: 1,
    default: 10,
    description: "PostgreSQL connections each process (the API, each worker) holds at most: both do short queries; the worker's slow part is Docker"
  }),
  DB_CONNECTION_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    default: 5000,
    description: 'How long a query waits for a pool connection before failing; the API then answers 503 SERVICE_BUSY'
  }),
  REDIS_CONNECT_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    default: 2000,
    description: 'How long the API waits to connect to Redis before failing fast (the submission is safe in PostgreSQL and ' +
      'the reconciler enqueues it later); the worker waits for Redis as long as it takes'
  }),
  HEALTH_CHECK_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 2000, description: 'How long /health waits for each of PostgreSQL, Redis and Docker to answer' }),
  API_SHUTDOWN_GRACE_MS: Type.Integer({
    minimum: 0,
    default: 10_000,
    description: 'On SIGTERM or SIGINT, how long the API may take to finish its requests and close its clients before it exits anyway'
  }),
  EVENT_STREAM_HEARTBEAT_MS: Type.Integer({
    minimum: 1000,
    default: 15_000,
    description: 'An event stream (SSE) with nothing to say for this long sends a comment line, so proxies and clients do not time it out'
  }),
  EVENT_STREAM_QUEUED_REFRESH_MS: Type.Integer({
    minimum: 100,
    default: 2000,
    description: 'While a watched submission is queued, how often its stream reads the queue position again (one small query)'
  }),
  SUBMISSION_EVENTS_MAX_MS: Type.Integer({
    minimum: 1000,
    default: 15 * 60_000,
    description: "Longest a submission's event stream stays open (a client may reconnect); longer than any grading with its retries"
  }),
  PACKAGE_EVENTS_MAX_MS: Type.Integer({
    minimum: 1000,
    default: 30 * 60_000,
    description: "Longest a package validation's event stream stays open (a client may reconnect)"
  }),
  PACKAGE_MAX_ARCHIVE_BYTES: Type.Integer({
    minimum: 1024,
    default: 8 * 1024 * 1024,
    description: 'Largest exercise package upload, compressed (then 413); a package carries datasets and several solutions'
  }),
  PACKAGE_MAX_TOTAL_BYTES: Type.Integer({ minimum: 1024, default: 32 * 1024 * 1024, description: "All of an exercise package's files together, uncompressed (then 413)" }),
  PACKAGE_MAX_FILES: Type.Integer({ minimum: 1, default: 2000, description: 'Files in one exercise package (then 400)' }),
  PACKAGE_MAX_FILE_BYTES: Type.Integer({ minimum: 1024, default: 8 * 1024 * 1024, description: 'Largest file in an exercise package, uncompressed (then 413)' }),
  PACKAGE_VALIDATIONS_PER_USER: Type.Integer({
    minimum: 1,
    default: 3,
    description: 'Package validations one instructor may have running at once, on different exercises (then 429)'
  }),
  SANDBOX_LOG_TAIL_BYTES: Type.Integer({ minimum: 256, default: 8192 }),
  GRADER_OUTPUT_CAP_BYTES: Type.Integer({ minimum: 4096, default: 1024 * 1024 }),
  POD_START_ALLOWANCE_MS: Type.Integer({
    minimum: 1000,
    default: 30_000,
    description: "Time a pod may take to start before the reaper counts its containers as abandoned (added to the pod's own deadline)"
  }),
  SIDECAR_READY_TIMEOUT_MS: Type.Integer({
    minimum: 1000,
    default: 20_000,
    description: "How long a pod waits for a sidecar (an exercise's PostgreSQL) to be ready; past it the grading is Backlab's error, retried"
  }),
  SERVER_RESTARTS_MAX: Type.Integer({
    minimum: 0,
    default: 5,
    description: "Restarts of the learner's server one grading's suite may ask for (restartServer()); more than any suite needs, so a runaway one cannot keep the server down"
  }),
  INFRA_RETRIES_MAX: Type.Integer({
    minimum: 0,
    default: 30,
    description: 'Times an outage (Docker, PostgreSQL or Redis down) may put one grading back uncounted before it fails as any platform fault does: ' +
      'with the growing wait between them, some 20 minutes of outages'
  }),
  LOG_FILE: Type.String({
    default: '',
    description: 'Write the log to files named after this one, rotated by size (for logs/api.log: logs/api.1.log, api.2.log... ' +
      'and logs/current.log pointing at the one in use); empty writes it to standard output. Give the API and the worker a folder each'
  }),
  LOG_FILE_MAX_BYTES: Type.Integer({ minimum: 4096, default: 10 * 1024 * 1024, description: 'Size at which the log file is rotated' }),
  LOG_FILE_KEEP: Type.Integer({ minimum: 1, maximum: 100, default: 5, description: 'Log files kept, the one in use included; older ones are deleted' }),
  LOG_VALUE_MAX_CHARS: Type.Integer({
    minimum: 64,
    default: 1024,
    description: 'Longest string the log keeps from one value (a request URL, a Host header, an error message); the rest is ' +
      'cut, saying how long it was, so a client cannot fill the disk with long requests'
  })
})

export type Config = Static<typeof ConfigSchema>

/** Reads and validates the environment; throws (and so stops boot) on anything invalid. */
export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  // Docker's own DOCKER_HOST=unix:///path names the socket too, when DOCKER_SOCKET is not set.
  const dockerHost = env.DOCKER_HOST?.startsWith('unix://') === true ? { DOCKER_SOCKET: env.DOCKER_HOST.slice(7) } : {}
  return envSchema<Config>({ schema: ConfigSchema, data: { ...dockerHost, ...env }, dotenv: false })
}
