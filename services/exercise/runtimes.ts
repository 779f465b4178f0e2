import type { FileMap } from '../platform/file-tree.js'

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
    // "name version", exactly as installed in the image (tests/docker/images.test.ts checks it):
    // learners test locally against these, so they are published in "How your code runs".
    libraries: ['Node.js 20', 'express 5.3.0', 'fastify 5.12.8', '@fastify/cookie 11.1.5', 'pg 8.23.1', 'bcryptjs 3.0.3',
      'jsonwebtoken 9.0.3', 'cookie 1.1.1', 'cookie-parser 1.4.7']
  },
  python: {
    image: 'runtime-python',
    entry: 'app.py',
    start: 'the web: line of a Procfile if there is one, otherwise python3 app.py',
    allowed: ['**/*.{py,json,sql,txt,md}', 'Procfile'],
    // Debian 12's packages, named as Python's package metadata names them (import jwt for PyJWT).
    libraries: ['Python 3.11', 'Flask 2.2.2', 'fastapi 0.92.0', 'uvicorn 0.17.6', 'psycopg 3.1.7', 'psycopg2 2.9.5',
      'bcrypt 3.2.2', 'PyJWT 2.6.0']
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
