// The pod's PostgreSQL as an SQL grader sees it (runtime sql, docker/sidecar-postgres): a
// maintenance connection as backlab_sql, which builds the datasets as template databases and
// copies one for every task, and connections as the learner roles, which run the learner's SQL
// and the reference with the same rights. backlab_sql never touches an object the learner's SQL
// could have changed: whatever reads or checks the learner's tables logs in as a learner role.
import pg from 'pg'

const HOST = '127.0.0.1'
const PORT = 5432
/** How often a login is retried while the database finishes starting (start sets passwords last). */
const RETRY_MS = 25
/** Login errors of a database that is still starting: connection refused, "starting up", wrong password. */
const NOT_READY = new Set(['ECONNREFUSED', 'ECONNRESET', '57P03', '28P01'])
/** node-postgres's words when connectionTimeoutMillis passes before the login completes. */
const CONNECT_TIMEOUT = /timeout expired|connection timeout/i
/** How long PostgreSQL may take to restart after one of its processes was killed. */
const RECOVERY_TIMEOUT_MS = 15000

/**
 * PostgreSQL restarts all its processes when one is killed (the kernel's OOM killer picks the
 * backend of a query that fills the container's memory): every connection is lost, whoever's
 * query caused it. Such an error is thrown as a ServerRestart, never reported as a result.
 */
export class ServerRestart extends Error {
  constructor(cause) {
    super(`the database restarted: ${cause.message}`)
    this.name = 'ServerRestart'
  }
}

const LOST = /Connection terminated|server closed the connection|ECONNRESET|EPIPE|Client was closed|not queryable|the database system is (in recovery|starting up|shutting down)/i

/**
 * Did this error come from the server going away, rather than from the statement? 57P01 (a
 * backend terminated by pg_terminate_backend) is not: on a learner's connection it is what the
 * learner's SQL did to itself, or the grader's own time limit, and run-sql.mjs reports it so.
 */
export function isConnectionLoss(error) {
  return ['57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(error?.code) || (!error?.code && LOST.test(error?.message ?? ''))
}

/** `error` as a ServerRestart if the server went away, else as it is. */
export function restartOr(error) {
  return isConnectionLoss(error) ? new ServerRestart(error) : error
}

/** Every value as PostgreSQL's own text: the comparison decides by column type, not by JS parsing. */
export const AS_TEXT = { getTypeParser: () => value => value }

/**
 * Login roles by rights: the learner's SQL runs as `learner_*`, the reference (and every read the
 * grader makes of a task's outcome) as its `reference_*` twin, so that defaults a learner role
 * sets on itself (ALTER ROLE CURRENT_USER SET …) reach only the learner's own sessions.
 */
export const ROLES = {
  learner: { read: 'learner_read', write: 'learner_write', ddl: 'learner_ddl' },
  reference: { read: 'reference_read', write: 'reference_write', ddl: 'reference_ddl' },
}
const ALL_ROLES = Object.values(ROLES).flatMap(Object.values)

/** Double-quoted identifier, for names the grader builds (databases) or manifests give (tables). */
export function ident(name) {
  return `"${String(name).replaceAll('"', '""')}"`
}

export class Cluster {
  #admin
  #password
  #copies = 0
  /** One statement at a time on the maintenance connection (pg wants no overlapping queries). */
  #queue = Promise.resolve()
  /** dropLater's own connection (made at its first drop) and queue. */
  #dropper
  #drops = Promise.resolve()

  constructor(admin, password) {
    this.#admin = admin
    this.#password = password
  }

  /** Logs in as backlab_sql, retrying until the database is up or `readyTimeoutMs` has passed. */
  static async open({ env = process.env, readyTimeoutMs = Number(env.BACKLAB_READY_TIMEOUT_MS || 10000) } = {}) {
    const password = env.BACKLAB_DATABASE_PASSWORD
    if (!password) throw new Error('BACKLAB_DATABASE_PASSWORD is not set: this suite runs only in an sql pod')
    return new Cluster(await loginWhenReady(password, readyTimeoutMs), password)
  }

  /**
   * After a ServerRestart: waits until PostgreSQL takes logins again and reconnects, in the
   * maintenance queue, so no statement meets a closed connection. Several tasks that lost their
   * connections in one restart all call this; only the first finds the connection dead.
   */
  async recover() {
    await this.#enqueue(async () => {
      if (await this.#admin.query('SELECT 1').then(() => true, () => false)) return
      await this.#admin.end().catch(() => {})
      this.#admin = await loginWhenReady(this.#password, RECOVERY_TIMEOUT_MS)
    })
  }

  #query(sql, params) {
    return this.#enqueue(async () => {
      try {
        return await this.#admin.query(sql, params)
      } catch (err) {
        throw err.code === '57P01' ? new ServerRestart(err) : restartOr(err)
      }
    })
  }

  #enqueue(fn) {
    const run = this.#queue.then(fn)
    this.#queue = run.catch(() => {})
    return run
  }

  /**
   * Makes database `name` empty, with its public schema owned by dataset_owner, and returns a
   * connection to it as dataset_owner for fillTemplate. Nothing here depends on the exercise, so
   * a warm pod does it before its submission arrives.
   */
  async emptyTemplate(name) {
    // A second try after a failed first one finds what that one left.
    await this.#query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
    await this.#query(`CREATE DATABASE ${ident(name)} STRATEGY FILE_COPY`)
    await this.#query(`REVOKE ALL ON DATABASE ${ident(name)} FROM PUBLIC`)
    let client
    try {
      client = await login({ user: 'backlab_sql', password: this.#password, database: name })
      await client.query('ALTER SCHEMA public OWNER TO dataset_owner')
      await client.query('SET ROLE dataset_owner')
    } catch (err) {
      await client?.end().catch(() => {})
      throw restartOr(err)
    }
    return client
  }

  /**
   * Loads a dataset script through emptyTemplate's connection, as dataset_owner, and makes the
   * tables readable by the learner roles and writable by learner_write, analysed so the planner
   * knows their sizes. The database is only ever a template: tasks run on copies.
   */
  async fillTemplate(client, datasetSql) {
    try {
      await client.query(datasetSql)
      await client.query(`
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO learner_read, learner_write, reference_read, reference_write;
        GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO learner_write, reference_write;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO learner_write, reference_write;
        ANALYZE;`)
    } catch (err) {
      throw restartOr(err)
    } finally {
      await client.end().catch(() => {})
    }
  }

  /** A fresh copy of `template` that only the learner roles may connect to; returns its name. */
  async copy(template, label) {
    const name = `${label}_${++this.#copies}`
    // FILE_COPY: the default (WAL_LOG) writes the whole copy into the WAL, twice as slow here.
    await this.#query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)} STRATEGY FILE_COPY`)
    await this.#query(`REVOKE ALL ON DATABASE ${ident(name)} FROM PUBLIC;
      GRANT CONNECT ON DATABASE ${ident(name)} TO ${ALL_ROLES.join(', ')}`)
    return name
  }

  /**
   * Drops a copy once its task is graded: every database costs some 7 MB of the pod's tmpfs,
   * which its memory limit counts. FORCE ends a connection the learner's SQL left behind.
   */
  async drop(name) {
    await this.#query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
  }

  /**
   * drop() in the background, for a copy whose task is graded: nothing waits for the space it
   * frees, and the pod is thrown away anyway (a drop cut short by the end of grading, or by a
   * restart being handled, is no matter). Drops go one at a time through a second maintenance
   * connection, so they never hold up the copies the next tasks wait for (with generated
   * datasets a grading makes and drops twice as many).
   */
  dropLater(name) {
    const run = this.#drops.then(async () => {
      this.#dropper ??= login({ user: 'backlab_sql', password: this.#password, database: 'postgres' })
      let client
      try {
        client = await this.#dropper
      } catch (err) {
        this.#dropper = undefined
        throw err
      }
      // Not a task's connection: the process need not stay alive for a drop.
      keepAlive(client, false)
      try {
        await client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
      } catch (err) {
        // A lost connection (a restart) is made again for the next drop.
        if (isConnectionLoss(err)) {
          this.#dropper = undefined
          await client.end().catch(() => {})
        }
        throw err
      }
    })
    this.#drops = run.catch(() => {})
  }

  /**
   * A connection to `database` with rights `role` (read, write or ddl), as the learner's role or,
   * with `as: 'reference'`, its twin. These roles log in without a password (an sql pod's
   * pg_hba trusts them on loopback; nothing else is in the pod), so none can be changed.
   */
  async connect(role, database, { statementTimeoutMs, as = 'learner' } = {}) {
    const user = ROLES[as]?.[role]
    if (!user) throw new Error(`unknown role ${as} ${role}`)
    try {
      // Read-only is a session setting at login, not a role default a role could reset on itself.
      return await login({ user, database, statementTimeoutMs, readOnly: role === 'read' })
    } catch (err) {
      throw isConnectionLoss(err) ? new ServerRestart(err) : err
    }
  }

  /** Stops the statement running on backend `pid`; with `terminate`, ends its connection too. */
  async stop(pid, { terminate = false } = {}) {
    const fn = terminate ? 'pg_terminate_backend' : 'pg_cancel_backend'
    await this.#query(`SELECT ${fn}($1)`, [pid]).catch(() => {})
  }

  /** keepAlive() for the maintenance connection. */
  keepAlive(on) {
    keepAlive(this.#admin, on)
  }

  async close() {
    await this.#admin.end().catch(() => {})
    const dropper = this.#dropper
    this.#dropper = undefined
    await dropper?.then(client => client.end()).catch(() => {})
  }
}

/**
 * Whether an open connection keeps the process alive. Connections made before the suite is known
 * must not: a suite that never uses them would never exit. One in use must: while a query runs,
 * its socket may be all the process waits on.
 */
export function keepAlive(client, on) {
  const socket = client.connection?.stream
  if (on) socket?.ref?.()
  else socket?.unref?.()
}

async function loginWhenReady(password, timeoutMs) {
  const until = Date.now() + timeoutMs
  for (;;) {
    try {
      return await login({ user: 'backlab_sql', password, database: 'postgres' })
    } catch (err) {
      // A login that takes longer than its connect timeout (a busy host, a server still starting)
      // is tried again too, until the ready timeout: it is no answer from the database yet.
      if (!(NOT_READY.has(err.code) || isConnectionLoss(err) || CONNECT_TIMEOUT.test(err.message ?? '')) || Date.now() > until) throw err
      await new Promise(resolve => setTimeout(resolve, RETRY_MS))
    }
  }
}

async function login({ user, password, database, statementTimeoutMs, readOnly = false }) {
  const options = ['-c search_path=public']
  if (statementTimeoutMs) options.push(`-c statement_timeout=${Math.round(statementTimeoutMs)}`)
  if (readOnly) options.push('-c default_transaction_read_only=on')
  const client = new pg.Client({
    host: HOST,
    port: PORT,
    user,
    ...(password !== undefined && { password }),
    database,
    types: AS_TEXT,
    options: options.join(' '),
    connectionTimeoutMillis: 3000,
    application_name: 'backlab-grader',
  })
  // A connection the server ends (a terminated backend) must not crash the suite.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (err) {
    await client.end().catch(() => {})
    throw err
  }
  return client
}
