import type { FileMap } from './file-tree.js'

/**
 * The runtimes a learner can write a server in. What a runtime starts and which files it accepts
 * is the platform's business, the same for every exercise: the image's entrypoint
 * (docker/runtime-shared) implements `start`, this table describes it to the API and learners.
 */
export const RUNTIMES = {
  node: {
    image: 'runtime-node',
    entry: 'server.js',
    start: 'the "start" script of package.json if there is one (like npm start), otherwise node server.js',
    allowed: ['**/*.{js,mjs,cjs,json,sql,md}'],
    libraries: ['express', 'fastify', '@fastify/cookie', 'pg', 'bcryptjs', 'jsonwebtoken', 'cookie', 'cookie-parser']
  },
  python: {
    image: 'runtime-python',
    entry: 'app.py',
    start: 'the web: line of a Procfile if there is one, otherwise python3 app.py',
    allowed: ['**/*.{py,json,sql,txt,md}', 'Procfile'],
    libraries: ['flask', 'fastapi', 'uvicorn', 'psycopg', 'psycopg2', 'bcrypt', 'jwt (PyJWT)']
  },
  // No server: each task's file is run by the grader in the pod's PostgreSQL (see sql-tasks.ts).
  sql: {
    image: 'sidecar-postgres',
    entry: undefined,
    start: "each task's .sql file runs in PostgreSQL 15, on a fresh copy of the exercise's database",
    allowed: ['*.sql'],
    libraries: ['PostgreSQL 15']
  }
} as const

export type RuntimeName = keyof typeof RUNTIMES
export type ServerRuntimeName = Exclude<RuntimeName, 'sql'>
export const RUNTIME_NAMES = Object.keys(RUNTIMES) as RuntimeName[]

export function isServerRuntime (runtime: RuntimeName): runtime is ServerRuntimeName {
  return runtime !== 'sql'
}

/**
 * Why `files` cannot start in `runtime`, in words that say what to add; undefined when they can.
 * Mirrors the entrypoint's own choice so a submission that could never start is refused at once.
 */
export function missingEntry (runtime: ServerRuntimeName, files: FileMap): string | undefined {
  const { entry } = RUNTIMES[runtime]
  if (files[entry] !== undefined) return undefined
  if (runtime === 'node') {
    const start = startScript(files['package.json'])
    if (start !== undefined) return undefined
    return `Your submission must include ${entry}: the node runtime starts \`node ${entry}\`, ` +
      'or the "start" script of package.json if you include one.'
  }
  if (/^web:[ \t]*\S/m.test(files.Procfile ?? '')) return undefined
  return `Your submission must include ${entry}: the python runtime starts \`python3 ${entry}\`, ` +
    'or the command on the "web:" line of a Procfile if you include one.'
}

function startScript (packageJson: string | undefined): string | undefined {
  if (packageJson === undefined) return undefined
  try {
    const start = (JSON.parse(packageJson) as { scripts?: { start?: unknown } }).scripts?.start
    return typeof start === 'string' && start.trim() !== '' ? start : undefined
  } catch {
    return undefined
  }
}
