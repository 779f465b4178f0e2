// A schema or index task's database: a fresh copy of a dataset after the learner's file (or the
// reference's) ran in it, with the checks an exercise's suite needs. Everything here runs as the
// role the file ran as (learner_ddl, or reference_ddl): nothing the learner created can run with
// more rights than theirs. What the learner's file planted (a trigger, a rule, a function in a
// view, a default or a check) may still run in this session when a check touches its tables, and
// change the session's settings for the statements after it: its search_path, for one, to put a
// function or operator of its own before a built-in. The catalog reads (columns, constraints,
// indexes) name every function, operator and type in pg_catalog, so none of that reaches them.
import { isConnectionLoss, ServerRestart } from './cluster.mjs'
import { describeError } from './format.mjs'
import { clipError, runScript } from './run-sql.mjs'

/** Integrity violations by SQLSTATE, in the words of a task ("rejected by its NOT NULL"). */
export const VIOLATIONS = {
  23502: 'NOT NULL',
  23505: 'UNIQUE (or PRIMARY KEY)',
  23514: 'CHECK',
  23503: 'FOREIGN KEY',
  '23P01': 'EXCLUDE',
}

const CHECK_TIMEOUT_MS = 5000

export class TaskDatabase {
  #client

  constructor(client, { name, task, sql, script }) {
    this.#client = client
    this.name = name
    this.task = task
    this.sql = sql
    /** `{ errors: [{ statement, error }], openTransaction }` of the learner's file. */
    this.script = script
  }

  static async open(cluster, name, { task, sql, timeoutMs, as = 'learner' }) {
    const script = sql === undefined ? { errors: [], openTransaction: false } : await runScript(cluster, 'ddl', name, sql, { timeoutMs, as })
    const client = await cluster.connect('ddl', name, { statementTimeoutMs: CHECK_TIMEOUT_MS, as })
    return new TaskDatabase(client, { name, task, sql, script })
  }

  /** Rows as objects of PostgreSQL's text values (NULL as null). */
  async query(sql, params = []) {
    const result = await this.#client.query(sql, params).catch(lost)
    return result.rows
  }

  /**
   * Runs `sql` in a transaction that is always rolled back: `{ ok: true }` or `{ error }`. What
   * COMMIT would check is checked before the rollback: `SET CONSTRAINTS ALL IMMEDIATE` fires the
   * checks of DEFERRABLE constraints still pending (a foreign key DEFERRABLE INITIALLY DEFERRED,
   * as Django makes them, refuses a bad row at COMMIT, not at the INSERT), with their SQLSTATE.
   */
  async attempt(sql, params = []) {
    await this.#client.query('BEGIN').catch(lost)
    try {
      await this.#client.query(sql, params)
      await this.#client.query('SET CONSTRAINTS ALL IMMEDIATE')
      return { ok: true }
    } catch (error) {
      lost(error, { rethrowOthers: false })
      return { error: clipError(error) }
    } finally {
      await this.#client.query('ROLLBACK').catch(() => {})
    }
  }

  /** Passes when `sql` succeeds, deferred constraints checked as at COMMIT (and undoes it); the failure shows PostgreSQL's error. */
  async accepts(t, what, sql, params = []) {
    const result = await this.attempt(sql, params)
    if (result.ok) return t.pass(`${what}: accepted`)
    t.fail(`${what} must be accepted, but it failed: ${result.error.message}${this.#scriptSummary()}`, {
      at: null,
      request: sql,
      expected: 'the statement succeeds',
      actual: [describeError(result.error, sql), this.#scriptDetails()].filter(Boolean).join('\n\n'),
    })
    return false
  }

  /** Passes when `sql` fails with integrity violation `code` (e.g. '23502' for NOT NULL), at once or at COMMIT. */
  async rejects(t, what, sql, { code, params = [] }) {
    const result = await this.attempt(sql, params)
    const rule = VIOLATIONS[code] ?? `SQLSTATE ${code}`
    if (result.error?.code === code) return t.pass(`${what}: rejected by ${rule}`)
    const message = result.ok
      ? `${what} must be rejected by a ${rule} constraint, but it was accepted.`
      : `${what} must be rejected by a ${rule} constraint, but it failed otherwise: ${result.error.message}`
    t.fail(message + this.#scriptSummary(), {
      at: null,
      request: sql,
      expected: `rejected: ERROR with SQLSTATE ${code} (${rule} violation)`,
      actual: [result.ok ? 'accepted' : describeError(result.error, sql), this.#scriptDetails()].filter(Boolean).join('\n\n'),
    })
    return false
  }

  /** Columns of a table in schema public: `[{ name, type, nullable, default }]` (empty if none). */
  async columns(table) {
    return await this.query(
      `SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
              pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default
         FROM pg_catalog.pg_attribute a
         JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace AND n.nspname OPERATOR(pg_catalog.=) 'public'
         LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid OPERATOR(pg_catalog.=) a.attrelid AND d.adnum OPERATOR(pg_catalog.=) a.attnum
        WHERE c.relname OPERATOR(pg_catalog.=) $1::pg_catalog.name AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [table],
    ).then(rows => rows.map(r => ({ ...r, nullable: r.nullable === 't' })))
  }

  /**
   * Constraints of a table: `[{ name, type, columns, references, onDelete, definition }]`, type
   * one of p (primary key), u (unique), f (foreign key), c (check); onDelete for f: a (no
   * action), r (restrict), c (cascade), n (set null), d (set default).
   */
  async constraints(table) {
    const rows = await this.query(
      `SELECT con.conname AS name, con.contype AS type,
              ARRAY(SELECT att.attname FROM pg_catalog.unnest(con.conkey) k JOIN pg_catalog.pg_attribute att
                      ON att.attrelid OPERATOR(pg_catalog.=) con.conrelid AND att.attnum OPERATOR(pg_catalog.=) k
                      ORDER BY att.attname)::pg_catalog.text AS columns,
              ref.relname AS references, con.confdeltype AS "onDelete",
              pg_catalog.pg_get_constraintdef(con.oid) AS definition
         FROM pg_catalog.pg_constraint con
         JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) con.conrelid
         JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace AND n.nspname OPERATOR(pg_catalog.=) 'public'
         LEFT JOIN pg_catalog.pg_class ref ON ref.oid OPERATOR(pg_catalog.=) con.confrelid
        WHERE c.relname OPERATOR(pg_catalog.=) $1::pg_catalog.name
        ORDER BY con.conname`,
      [table],
    )
    return rows.map(r => ({ ...r, columns: r.columns.replace(/^\{|\}$/g, '').split(',').filter(Boolean) }))
  }

  /** Index names and definitions of a table. */
  async indexes(table) {
    return await this.query(
      `SELECT indexname AS name, indexdef AS definition FROM pg_catalog.pg_indexes
        WHERE schemaname OPERATOR(pg_catalog.=) 'public' AND tablename OPERATOR(pg_catalog.=) $1::pg_catalog.name ORDER BY indexname`,
      [table],
    )
  }

  /**
   * The plan PostgreSQL chooses for `sql`: `{ text, nodes }`, nodes flattened as
   * `{ type, relation, index }` (e.g. { type: 'Index Scan', relation: 'orders', index: 'orders_customer_idx' }).
   */
  async plan(sql, params = []) {
    const [json] = await this.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)
    const textRows = await this.query(`EXPLAIN ${sql}`, params)
    const nodes = []
    const walk = node => {
      nodes.push({ type: node['Node Type'], relation: node['Relation Name'], index: node['Index Name'] })
      for (const child of node.Plans ?? []) walk(child)
    }
    walk(JSON.parse(json['QUERY PLAN'])[0].Plan)
    return { text: textRows.map(r => r['QUERY PLAN']).join('\n'), nodes }
  }

  #scriptSummary() {
    const first = this.script.errors[0]
    return first ? ` (Statement ${first.statement} of ${this.task.file} failed: ${first.error.message}.)` : ''
  }

  #scriptDetails() {
    return this.script.errors
      .slice(0, 3)
      .map(({ statement, error }) => `Statement ${statement} of ${this.task.file} failed:\n${describeError(error, this.sql)}`)
      .join('\n\n')
  }

  async close() {
    await this.#client.end().catch(() => {})
  }
}

/** A lost connection is a ServerRestart (the suite recovers and reports it); anything else is the statement's. */
function lost(error, { rethrowOthers = true } = {}) {
  if (isConnectionLoss(error)) throw new ServerRestart(error)
  if (rethrowOthers) throw error
}
