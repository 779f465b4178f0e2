// Grader for indexes: three index tasks. Each learner file runs (as the role that owns the
// tables) on a fresh copy of the visible and of the hidden dataset; the checks then ask
// PostgreSQL, in a session of their own, how it runs the application's query:
// 1. the login lookup on lower(email) must go through an index on customers;
// 2. a customer's orders of one year must be read through an index that fits, measured by the
//    pages (8 kB blocks) EXPLAIN (ANALYZE, BUFFERS) reports, not by the index's name;
// 3. the queue of pending orders must come from an index holding only pending orders, already in
//    placed_at order (no Sort).
// Each task also checks, on the visible dataset, that the file left every row as it was and
// that the query returns what it returns after the reference file.
import { formatTable, sqlExercise } from '@backlab/grader/sql'

const LOGIN = `SELECT id, name FROM customers WHERE lower(email) = 'farid.muller85@mail.test'`
const HISTORY = `SELECT id, placed_at, status, total
  FROM orders
 WHERE customer_id = 2026 AND placed_at >= '2023-01-01' AND placed_at < '2024-01-01'
 ORDER BY placed_at DESC`
const QUEUE = `SELECT id, customer_id, placed_at, total
  FROM orders
 WHERE status = 'pending'
 ORDER BY placed_at
 LIMIT 20`

const INDEX_NODES = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'])
/** Task 2's budget: one page of orders per order returned, plus this many for the index. */
const INDEX_PAGES = 10

/**
 * Fingerprints of the rows of both tables, cheap enough to take on every copy: a DELETE, an
 * INSERT or a TRUNCATE changes the count, most UPDATEs a sum. (The query's result is compared too.)
 */
const FINGERPRINTS = {
  customers: `SELECT count(*) AS rows, sum(hashtext(email)::bigint) AS emails, sum(length(name)) AS names FROM customers`,
  orders: `SELECT count(*) AS rows, sum(customer_id) AS customers, sum(length(status)) AS statuses,
                  sum(date_part('epoch', placed_at)) AS placed
             FROM orders`,
}

/** measureBaseline's promise, shared by the tasks (declared before the suite runs). */
let baseline

/** Puts back any planner setting the learner's file gave their role (ALTER ROLE … SET). */
const DEFAULT_PLANNER = `SELECT set_config(name, boot_val, false) FROM pg_catalog.pg_settings
  WHERE category LIKE 'Query Tuning%' AND source NOT IN ('default', 'configuration file', 'client') AND name <> 'jit'`

await sqlExercise({
  checks: {
    '01-login-by-email.sql': async task => {
      const dbs = databases(task)
      await task.test('The login query finds the customer through an index', async t => {
        for (const dataset of ['visible', 'hidden']) {
          const db = await dbs[dataset]()
          const plan = await planOf(t, db, LOGIN, dataset)
          if (!plan) return
          const used = await indexesUsed(db, plan, 'customers')
          if (used.length > 0) continue
          const onEmail = (await db.indexes('customers')).filter(i => /\(email\)/.test(i.definition))
          const hint = db.script.errors.length > 0
            ? ''
            : onEmail.length > 0
              ? ` Your index on email cannot serve lower(email) = …: PostgreSQL would have to compute lower() of every stored address. Index the expression itself: (lower(email)).`
              : ` The query compares lower(email): only an index on that expression can serve it.`
          t.fail(lead(dataset, `PostgreSQL reads every row of customers (${scanOf(plan, 'customers')}) to find one customer.${hint}${notes(db)}`), {
            at: null,
            request: LOGIN,
            expected: 'an Index Scan, Index Only Scan or Bitmap Index Scan on customers, with an index on lower(email)',
            actual: actual(plan.text, await indexList(db, 'customers'), db),
          })
          return
        }
        t.pass('an index on customers serves the login query on both datasets')
      })
      await task.test('The rows and the login query\'s result are unchanged', async t => {
        try {
          await unchanged(t, dbs, LOGIN)
        } finally {
          await dbs.close()
        }
      })
    },

    '02-customer-history.sql': async task => {
      const dbs = databases(task)
      await task.test('A customer\'s orders of one year are read through an index that fits', async t => {
        const measured = []
        for (const dataset of ['visible', 'hidden']) {
          const db = await dbs[dataset]()
          const plan = await planOf(t, db, HISTORY, dataset, { analyze: true })
          if (!plan) return
          const used = await indexesUsed(db, plan, 'orders')
          const budget = plan.rows + INDEX_PAGES
          measured.push(`${plan.pages} pages for ${plan.rows} orders on the ${dataset} dataset`)
          if (used.length > 0 && plan.pages <= budget) continue
          let message
          if (used.length === 0) {
            message = `PostgreSQL reads every row of orders (${scanOf(plan, 'orders')}) to find this customer's orders of 2023: no index serves the query. ` +
              `Index customer_id (compared with =) first, then placed_at (the range and the order).`
          } else {
            message = `PostgreSQL uses ${used.map(u => u.name).join(' and ')}, but reads ${plan.pages} pages (8 kB blocks of index and table) to return ${plan.rows} orders; ` +
              `an index that fits reads about one page per order returned plus a few of the index, at most ${budget} here. ${await shapeHint(db, plan, used)}`
          }
          t.fail(lead(dataset, message + notes(db)), {
            at: null,
            request: `EXPLAIN (ANALYZE, BUFFERS) ${HISTORY}`,
            expected: `an index scan on orders that reads at most ${budget} pages (Buffers: shared hit + read) for the ${plan.rows} orders returned`,
            actual: actual(plan.text, await indexList(db, 'orders'), db),
          })
          return
        }
        t.pass(`an index on orders goes straight to the customer's orders of the year: ${measured.join(', ')}`)
      })
      await task.test('The rows and the history query\'s result are unchanged', async t => {
        try {
          await unchanged(t, dbs, HISTORY)
        } finally {
          await dbs.close()
        }
      })
    },

    '03-pending-queue.sql': async task => {
      const dbs = databases(task)
      await task.test('The queue reads its pending orders, oldest first, from a partial index', async t => {
        for (const dataset of ['visible', 'hidden']) {
          const db = await dbs[dataset]()
          const plan = await planOf(t, db, QUEUE, dataset)
          if (!plan) return
          const used = await indexesUsed(db, plan, 'orders')
          const [{ pending }] = await db.query(`SELECT count(*) AS pending FROM orders WHERE status = 'pending'`)
          let message, expected
          if (used.length === 0) {
            message = `PostgreSQL reads every row of orders (${scanOf(plan, 'orders')}) to find the pending ones: no index serves the query.`
            expected = 'an Index Scan on orders with a partial index on placed_at WHERE status = \'pending\''
          } else if (plan.nodes.some(n => n.type === 'Sort' || n.type === 'Incremental Sort')) {
            message = `PostgreSQL finds the pending orders through ${used.map(u => u.name).join(' and ')}, then sorts them all to return the 20 oldest (Sort in the plan): ` +
              `the index should hold them already in placed_at order, so it can stop after 20. Make placed_at the column of the partial index.`
            expected = 'no Sort: an Index Scan on orders that reads the pending orders in placed_at order'
          } else {
            const big = used.find(u => u.entries > Number(pending))
            if (!big) continue
            message = `The index ${big.name} serves the query, but it holds ${big.entries} entries, where there are only ${pending} pending orders: ` +
              `it indexes orders the queue never reads (most orders are no longer pending). ` +
              (big.predicate
                ? `It is partial, but its condition (WHERE ${big.predicate}) lets in more than the pending orders: make it WHERE status = 'pending'.`
                : `Make it a partial index: … WHERE status = 'pending'.`)
            expected = `an index holding only the pending orders (${pending} entries at most)`
          }
          t.fail(lead(dataset, message + notes(db)), {
            at: null,
            request: QUEUE,
            expected,
            actual: actual(plan.text, await indexList(db, 'orders'), db),
          })
          return
        }
        t.pass('a partial index gives the pending orders in order, on both datasets')
      })
      await task.test('The rows and the queue query\'s result are unchanged', async t => {
        try {
          await unchanged(t, dbs, QUEUE)
        } finally {
          await dbs.close()
        }
      })
    },
  },
})

/**
 * The task's databases, opened when a test first needs them (a file that cannot run gets none):
 * the learner's on both datasets, one after the other, since the suite makes the copies on one
 * connection. The first task that needs the baseline also opens the reference's.
 */
function databases(task) {
  let all
  const open = () => (all ??= (async () => {
    const dbs = []
    for (const dataset of ['visible', 'hidden']) {
      const db = await task.database({ dataset })
      await db.query(DEFAULT_PLANNER)
      dbs.push(db)
    }
    baseline ??= measureBaseline(task)
    await baseline
    return dbs
  })())
  return {
    visible: async () => (await open())[0],
    hidden: async () => (await open())[1],
    /**
     * Drops the copies from within the task's last test: dropped after it, by the suite, they
     * would leave tap with no test running while they go, and tap ends the whole run there.
     */
    close: async () => {
      if (all) await task.closeDatabases()
    },
  }
}

/**
 * What the visible dataset holds after a reference file: the tables' fingerprints and the three
 * queries' results. No reference file changes a row, so one copy serves every task.
 */
async function measureBaseline(task) {
  const db = await task.database({ dataset: 'visible', reference: true })
  if (db.script.errors.length > 0) throw new Error(`the reference of ${task.file} failed: ${db.script.errors[0].error.message}`)
  const fingerprints = {}
  for (const [table, sql] of Object.entries(FINGERPRINTS)) [fingerprints[table]] = await db.query(sql)
  const results = {}
  for (const sql of [LOGIN, HISTORY, QUEUE]) results[sql] = await db.query(sql)
  return { fingerprints, results }
}

/** The plan of `sql` (with measured pages and rows when `analyze`), or undefined after failing `t`. */
async function planOf(t, db, sql, dataset, { analyze = false } = {}) {
  try {
    if (!analyze) return await db.plan(sql)
    const options = 'ANALYZE, BUFFERS, TIMING OFF, SUMMARY OFF'
    // The first run of a session also reads what it then caches (an index's metapage): measure
    // the second, and show a third, which reads the same pages.
    await db.query(`EXPLAIN (${options}) ${sql}`)
    const [json] = await db.query(`EXPLAIN (${options}, FORMAT JSON) ${sql}`)
    const text = await db.query(`EXPLAIN (${options}) ${sql}`)
    const top = JSON.parse(json['QUERY PLAN'])[0].Plan
    const nodes = []
    const walk = node => {
      nodes.push({ type: node['Node Type'], relation: node['Relation Name'], index: node['Index Name'] })
      for (const child of node.Plans ?? []) walk(child)
    }
    walk(top)
    return {
      text: text.map(r => r['QUERY PLAN']).join('\n'),
      nodes,
      rows: top['Actual Rows'],
      pages: top['Shared Hit Blocks'] + top['Shared Read Blocks'],
    }
  } catch (error) {
    t.fail(lead(dataset, `the application's query fails on your database: ${error.message}.${notes(db)}`), {
      at: null,
      request: sql,
      expected: 'the query runs, through an index',
      actual: [error.message, scriptErrors(db)].filter(Boolean).join('\n\n'),
    })
    return undefined
  }
}

/**
 * The indexes of `table` that the plan scans: `[{ name, predicate, entries }]`, entries counted exactly
 * (rows of the table, or those matching a partial index's predicate: reltuples is an estimate).
 */
async function indexesUsed(db, plan, table) {
  const names = [...new Set(plan.nodes.filter(n => INDEX_NODES.has(n.type) && n.index).map(n => n.index))]
  if (names.length === 0) return []
  const rows = await db.query(
    `SELECT i.relname AS name, pg_catalog.pg_get_expr(x.indpred, x.indrelid) AS predicate
       FROM pg_catalog.pg_index x
       JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
       JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      WHERE c.relname = $1 AND i.relname = ANY ($2)`,
    [table, names],
  )
  const used = []
  for (const { name, predicate } of rows) {
    const [{ entries }] = await db.query(`SELECT count(*) AS entries FROM ${table}${predicate ? ` WHERE ${predicate}` : ''}`)
    used.push({ name, predicate, entries: Number(entries) })
  }
  return used
}

/** Why task 2's index reads too much, from what the plan shows. */
async function shapeHint(db, plan, used) {
  if (/Rows Removed by Filter/.test(plan.text)) {
    return 'It fetches every order of the customer from the table and then throws away those outside 2023 (Rows Removed by Filter): ' +
      'the index should hold placed_at too, after customer_id, so that it finds only the orders of the period.'
  }
  const definitions = (await db.indexes('orders')).filter(i => used.some(u => u.name === i.name)).map(i => i.definition)
  if (definitions.some(d => /\(\s*placed_at\b/.test(d))) {
    return 'The index starts with placed_at, so PostgreSQL walks through every order of 2023, of every customer, to pick out this one\'s. ' +
      'Put customer_id (compared with =) first, then placed_at (the range): this customer\'s orders of 2023 are then side by side in the index.'
  }
  return 'Put the column compared with = (customer_id) first in the index, then the range column (placed_at).'
}

/** Task check on the visible dataset: same rows in both tables and same query result as after a reference file. */
async function unchanged(t, dbs, sql) {
  const mine = await dbs.visible()
  const { fingerprints, results } = await baseline
  for (const [table, fingerprint] of Object.entries(FINGERPRINTS)) {
    const expected = fingerprints[table]
    let got
    try {
      ;[got] = await mine.query(fingerprint)
    } catch (error) {
      t.fail(`Table ${table} cannot be read after your file: ${error.message}. An index task leaves the tables as they are.${notes(mine)}`, {
        at: null, request: fingerprint, expected: 'the table as the dataset has it', actual: [error.message, scriptErrors(mine)].filter(Boolean).join('\n\n'),
      })
      return
    }
    if (JSON.stringify(got) === JSON.stringify(expected)) continue
    const rows = got.rows === expected.rows
      ? `its ${expected.rows} rows are still there, but some were changed (an UPDATE?)`
      : `it has ${got.rows} rows after your file, ${expected.rows} before`
    t.fail(`Your file changed the data of ${table}: ${rows}. An index makes a query faster without touching the rows: ` +
      `remove every DELETE, UPDATE, INSERT or TRUNCATE from the file.${notes(mine)}`, {
      at: null,
      request: `-- on the visible dataset, after your file and after the reference file:\n${fingerprint}`,
      expected: `${table}: ${expected.rows} rows, unchanged`,
      actual: `${table}: ${got.rows} rows${got.rows === expected.rows ? ', some of them changed' : ''}`,
    })
    return
  }
  const expected = results[sql]
  let got
  try {
    got = await mine.query(sql)
  } catch (error) {
    t.fail(`The application's query fails after your file: ${error.message}.${notes(mine)}`, {
      at: null, request: sql, expected: `${expected.length} rows`, actual: error.message,
    })
    return
  }
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    t.fail('The application\'s query no longer returns what it returned before your file: an index must not change any result.' + notes(mine), {
      at: null, request: sql, expected: rowsTable(expected), actual: rowsTable(got),
    })
    return
  }
  t.pass(`every row of customers and orders is as it was, and the query returns the same ${expected.length === 1 ? 'row' : `${expected.length} rows`}`)
}

function rowsTable(rows) {
  if (rows.length === 0) return '(no rows)'
  const names = Object.keys(rows[0])
  return formatTable(names, rows.map(r => names.map(n => r[n])))
}

function lead(dataset, message) {
  const text = dataset === 'hidden' ? `Right on the visible dataset, but not on the hidden one: ${message}` : message
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function scanOf(plan, table) {
  return plan.nodes.find(n => n.relation === table)?.type ?? 'no index'
}

/** What the learner's file did that explains the plan: errors, an open transaction, a SET. */
function notes(db) {
  const out = []
  const first = db.script.errors[0]
  if (first) {
    out.push(` Statement ${first.statement} of your file failed: ${first.error.message}.`)
    if (first.error.code === '23505') {
      out.push(' The rows are not unique there (some customers signed up twice with the same address in other capitals): an index that serves a lookup need not be UNIQUE.')
    }
  }
  if (db.script.openTransaction) out.push(' Your file ends inside a transaction (BEGIN without COMMIT), so what it created was rolled back.')
  if (/\bSET\s+(enable_|random_page_cost|seq_page_cost|cpu_)/i.test(db.sql ?? '')) {
    out.push(' A SET in your file only lasts for the session that runs your file: the application\'s sessions (and the grader\'s) plan the query with the default settings.')
  }
  return out.join('')
}

function scriptErrors(db) {
  return db.script.errors.slice(0, 3).map(({ statement, error }) => `Statement ${statement} of your file failed: ${error.message}${error.detail ? `\n${error.detail}` : ''}`).join('\n')
}

async function indexList(db, table) {
  const indexes = await db.indexes(table)
  return `Indexes on ${table} after your file:\n${indexes.map(i => `  ${i.definition}`).join('\n') || '  (none)'}`
}

function actual(planText, indexes, db) {
  return [`Plan:\n${planText}`, indexes, scriptErrors(db)].filter(Boolean).join('\n\n')
}
