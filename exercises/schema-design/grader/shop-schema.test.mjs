// Grader for schema-design: both tasks are schemas, graded by behaviour. Each task's file runs on
// its own fresh, empty database (the datasets hold no table); the checks then try rows the
// constraints must accept or reject, each inside a transaction that is rolled back, and read the
// catalog for what behaviour cannot show (a column's type, the primary keys).
import { sqlExercise } from '@backlab/grader/sql'

/** Rows the checks of task 2 build on; readable, since a failure shows them to the learner. */
const CUSTOMER = `INSERT INTO customers (email, name) VALUES ('ana@example.com', 'Ana López');`
const PRODUCTS = `INSERT INTO products (sku, name, price) VALUES ('PEN-01', 'Gel pen', 1.80), ('PAD-A5', 'A5 notebook', 4.50);`
const ORDER = `INSERT INTO orders (customer_id) SELECT id FROM customers WHERE email = 'ana@example.com';`
const ORDER_SETUP = [CUSTOMER, PRODUCTS, ORDER].join('\n')

/** `INSERT INTO order_items` of the one order, for product `sku`, `quantity` as SQL text. */
function item(sku, quantity) {
  return `INSERT INTO order_items (order_id, product_id, quantity)\n  SELECT o.id, p.id, ${quantity} FROM orders o, products p WHERE p.sku = '${sku}';`
}

/** Why the learner's file may explain a failure: its first statement that failed. */
function scriptNote(db) {
  const first = db.script.errors[0]
  return first ? ` (Statement ${first.statement} of ${db.task.file} failed: ${first.error.message}.)` : ''
}

function fail(t, db, message, diag = {}) {
  t.fail(message + scriptNote(db), { at: null, ...diag })
  return false
}

/**
 * Runs `fn` inside a transaction that is always rolled back, so every check starts empty. `fn`
 * gets `commitChecks()`, which fires the checks COMMIT would (SET CONSTRAINTS ALL IMMEDIATE): a
 * DEFERRABLE INITIALLY DEFERRED foreign key refuses a row there, not at the statement.
 */
async function rolledBack(db, fn) {
  await db.query('BEGIN')
  try {
    return await fn(() => db.query('SET CONSTRAINTS ALL IMMEDIATE'))
  } finally {
    await db.query('ROLLBACK').catch(() => {})
  }
}

/**
 * The type of a column as the task names it: a domain (CREATE DOMAIN price AS numeric(10, 2) …)
 * counts as its base type. `{ declared, base }`, or undefined when there is no such column.
 */
async function columnType(db, table, name) {
  const [row] = await db.query(
    `WITH RECURSIVE chain AS (
       SELECT a.atttypid AS type, a.atttypmod AS mod, format_type(a.atttypid, a.atttypmod) AS declared, 0 AS depth
         FROM pg_catalog.pg_attribute a
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        WHERE c.relname = $1 AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped
       UNION ALL
       SELECT t.typbasetype, t.typtypmod, chain.declared, chain.depth + 1
         FROM chain JOIN pg_catalog.pg_type t ON t.oid = chain.type
        WHERE t.typtype = 'd' AND chain.depth < 10
     )
     SELECT declared, format_type(type, mod) AS base FROM chain ORDER BY depth DESC LIMIT 1`,
    [table, name],
  )
  return row
}

/** `type` as the feedback names it: its base type, and the domain it came through. */
function shownType({ declared, base }) {
  return declared === base ? base : `${base} (domain ${declared})`
}

const INTEGER_TYPES = ['integer', 'bigint']

/** Passes when `table.id` is an integer type (integer or bigint, serial or identity). */
async function integerId(t, db, table) {
  const type = await columnType(db, table, 'id')
  if (!type) return fail(t, db, `Table ${table} has no column id.`, { expected: `${table}.id integer`, actual: `no column ${table}.id` })
  if (INTEGER_TYPES.includes(type.base)) return t.pass(`${table}.id is ${shownType(type)}`)
  return fail(t, db, `${table}.id is ${shownType(type)}; the task asks for an integer id (integer or bigint) that the database generates.`, {
    expected: `${table}.id integer (or bigint)`,
    actual: `${table}.id ${shownType(type)}`,
  })
}

/** The column of `table`, or a failure naming what is missing. */
async function column(t, db, table, name) {
  const columns = await db.columns(table)
  const found = columns.find(c => c.name === name)
  if (found) return found
  fail(t, db, columns.length === 0 ? `There is no table ${table}.` : `Table ${table} has no column ${name}.`, {
    expected: `a column ${table}.${name}`,
    actual: columns.length === 0 ? `no table ${table}` : `${table} (${columns.map(c => `${c.name} ${c.type}`).join(', ')})`,
  })
  return undefined
}

/** Passes when `table`'s primary key is exactly `wanted` (column names). */
async function primaryKey(t, db, table, wanted) {
  const constraints = await db.constraints(table)
  const key = constraints.find(c => c.type === 'p')
  const want = [...wanted].sort()
  if (key && key.columns.join(',') === want.join(',')) return t.pass(`${table}: ${key.definition}`)
  const expected = `PRIMARY KEY (${wanted.join(', ')})`
  if (!key) {
    const columns = await db.columns(table)
    return fail(t, db, columns.length === 0 ? `There is no table ${table}.` : `Table ${table} has no primary key; the task asks for ${expected}.`, {
      expected,
      actual: columns.length === 0 ? `no table ${table}` : `constraints of ${table}: ${constraints.map(c => c.definition).join('; ') || 'none'}`,
    })
  }
  return fail(t, db, `The primary key of ${table} is ${key.definition}; the task asks for ${expected}.`, { expected, actual: key.definition })
}

await sqlExercise({
  checks: {
    '01-customers-products.sql': async task => {
      const db = await task.database()

      await task.test('customers takes an email and a name, and numbers each customer', async t => {
        await db.accepts(t, 'Two customers given only their email and name',
          `INSERT INTO customers (email, name) VALUES ('Ana.Lopez@example.com', 'Ana López'), ('ben@example.com', 'Ben Okafor');`)
      })

      await task.test('customers requires an email and a name', async t => {
        await db.rejects(t, 'A customer without an email',
          `INSERT INTO customers (name) VALUES ('Ana López');`, { code: '23502' }) &&
        await db.rejects(t, 'A customer without a name',
          `INSERT INTO customers (email) VALUES ('ana@example.com');`, { code: '23502' })
      })

      await task.test('customers refuses a second account with the same email', async t => {
        await db.rejects(t, 'Two customers with the email ana@example.com',
          `INSERT INTO customers (email, name) VALUES ('ana@example.com', 'Ana López'), ('ana@example.com', 'Ana L.');`, { code: '23505' })
      })

      await task.test('customers compares emails regardless of case', async t => {
        const what = 'Customers ana@example.com and Ana@Example.COM (the same address)'
        const sql = `INSERT INTO customers (email, name) VALUES ('ana@example.com', 'Ana López'), ('Ana@Example.COM', 'Ana L.');`
        // Accepted is the usual mistake, a plain UNIQUE (email): say why, not only that.
        if ((await db.attempt(sql)).ok) {
          return fail(t, db, `${what} were both accepted. A UNIQUE constraint compares text exactly, and these two differ in case: ` +
            'the uniqueness must be on lower(email), which a unique index on that expression gives.', {
            request: sql,
            expected: 'rejected: ERROR with SQLSTATE 23505 (UNIQUE violation)',
            actual: 'accepted',
          })
        }
        await db.rejects(t, what, sql, { code: '23505' })
      })

      await task.test('products takes a sku, a name and a price, free products included', async t => {
        await db.accepts(t, 'Two products given only their sku, name and price, one of them free',
          `INSERT INTO products (sku, name, price) VALUES ('PEN-01', 'Gel pen', 1.80), ('GIFT-WRAP', 'Gift wrapping', 0.00);`)
      })

      await task.test('products requires a sku, a name and a price', async t => {
        await db.rejects(t, 'A product without a sku',
          `INSERT INTO products (name, price) VALUES ('Gel pen', 1.80);`, { code: '23502' }) &&
        await db.rejects(t, 'A product without a name',
          `INSERT INTO products (sku, price) VALUES ('PEN-01', 1.80);`, { code: '23502' }) &&
        await db.rejects(t, 'A product without a price',
          `INSERT INTO products (sku, name) VALUES ('PEN-01', 'Gel pen');`, { code: '23502' })
      })

      await task.test('products refuses two products with the same sku', async t => {
        await db.rejects(t, 'Two products with the sku PEN-01',
          `INSERT INTO products (sku, name, price) VALUES ('PEN-01', 'Gel pen', 1.80), ('PEN-01', 'Gel pen, blue', 1.90);`, { code: '23505' })
      })

      await task.test('products refuses a negative price', async t => {
        await db.rejects(t, 'A product priced -0.01',
          `INSERT INTO products (sku, name, price) VALUES ('PEN-01', 'Gel pen', -0.01);`, { code: '23514' })
      })

      await task.test('products.price is numeric(10,2): exact amounts in cents', async t => {
        if (!await column(t, db, 'products', 'price')) return
        const price = await columnType(db, 'products', 'price')
        if (price.base === 'numeric(10,2)') return t.pass(`products.price is ${shownType(price)}`)
        const why = /^(real|double precision)$/.test(price.base)
          ? ' Floating-point types store approximations (0.1 + 0.2 is not 0.3): money needs an exact type.'
          : price.base === 'money'
            ? ' The money type depends on the server\'s locale and rounds in ways you do not choose.'
            : ''
        fail(t, db, `products.price is ${shownType(price)}; the task asks for numeric(10,2).${why}`, {
          expected: 'price numeric(10, 2)',
          actual: `price ${shownType(price)}`,
        })
      })

      await task.test('customers and products have a primary key on id', async t => {
        await primaryKey(t, db, 'customers', ['id']) && await primaryKey(t, db, 'products', ['id']) &&
        await integerId(t, db, 'customers') && await integerId(t, db, 'products')
      })
    },

    '02-orders.sql': async task => {
      const db = await task.database()
      // The file runs on an empty database: without task 1's tables, every check would fail
      // on them. Say so once per test, plainly, rather than as a missing relation.
      const absent = []
      for (const table of ['customers', 'products']) if ((await db.columns(table)).length === 0) absent.push(table)
      const test = (name, fn) => task.test(name, async t => {
        if (absent.length > 0) {
          return fail(t, db, `There is no table ${absent.join(' and no table ')} after ${task.file} ran. This file runs on its own fresh database, not after 01-customers-products.sql: it must create customers and products too (start it with your statements of task 1).`, {
            expected: 'tables customers, products, orders and order_items',
            actual: `no table ${absent.join(', no table ')}`,
          })
        }
        await fn(t)
      })

      await test('a new order gets a placed_at timestamptz and the status pending by default', async t => {
        if (!await column(t, db, 'orders', 'placed_at')) return
        const placedAt = await columnType(db, 'orders', 'placed_at')
        if (placedAt.base !== 'timestamp with time zone') {
          return fail(t, db, `orders.placed_at is ${shownType(placedAt)}; the task asks for timestamptz (timestamp with time zone), an instant that does not depend on the server's time zone.`, {
            expected: 'placed_at timestamptz',
            actual: `placed_at ${shownType(placedAt)}`,
          })
        }
        const request = `${CUSTOMER}\n${ORDER.replace(/;$/, '')}\n  RETURNING placed_at, status;`
        let row
        try {
          row = await rolledBack(db, async commitChecks => {
            await db.query(CUSTOMER)
            const [inserted] = await db.query(`${ORDER.replace(/;$/, '')} RETURNING placed_at, status, abs(extract(epoch FROM placed_at - now())) < 60 AS now`)
            await commitChecks()
            return inserted
          })
        } catch (error) {
          return fail(t, db, `An order given only its customer must be accepted, but it failed: ${error.message}`, { request, expected: 'the order is inserted' })
        }
        const actual = `placed_at = ${row.placed_at ?? 'NULL'}, status = ${row.status ?? 'NULL'}`
        if (row.now !== 't') {
          return fail(t, db, `An order inserted without placed_at must get the current time by default (DEFAULT now()), but it got ${row.placed_at ?? 'NULL'}.`, { request, expected: 'placed_at = the current time', actual })
        }
        if (row.status !== 'pending') {
          return fail(t, db, `An order inserted without status must get 'pending' by default, but it got ${row.status === null ? 'NULL' : `'${row.status}'`}.`, { request, expected: "status = 'pending'", actual })
        }
        t.pass(`defaults: ${actual}`)
      })

      await test('orders requires placed_at, and keeps the placed_at it is given', async t => {
        const given = '2024-03-01 09:30:00+00'
        const request = `${CUSTOMER}\nINSERT INTO orders (customer_id, placed_at) SELECT id, '${given}' FROM customers\n  RETURNING placed_at;`
        if (!await db.rejects(t, 'An order whose placed_at is NULL',
          `${CUSTOMER}\nINSERT INTO orders (customer_id, placed_at) SELECT id, NULL FROM customers;`, { code: '23502' })) return
        let row
        try {
          row = await rolledBack(db, async commitChecks => {
            await db.query(CUSTOMER)
            const [inserted] = await db.query(
              `INSERT INTO orders (customer_id, placed_at) SELECT id, '${given}' FROM customers RETURNING placed_at, placed_at = timestamptz '${given}' AS kept`)
            await commitChecks()
            return inserted
          })
        } catch (error) {
          return fail(t, db, `An order given its placed_at must be accepted, but it failed: ${error.message}`, { request, expected: 'the order is inserted' })
        }
        if (row.kept === 't') return t.pass(`an order given placed_at ${given} keeps it`)
        fail(t, db, `An order inserted with placed_at ${given} must keep it (the default applies only when none is given), but it got ${row.placed_at ?? 'NULL'}.`, {
          request, expected: `placed_at = ${given}`, actual: `placed_at = ${row.placed_at ?? 'NULL'}`,
        })
      })

      await test('orders refuses an order without a customer or for an unknown one', async t => {
        await db.rejects(t, 'An order without a customer',
          `INSERT INTO orders (customer_id) VALUES (NULL);`, { code: '23502' }) &&
        await db.rejects(t, 'An order for customer 999999, who does not exist',
          `INSERT INTO orders (customer_id) VALUES (999999);`, { code: '23503' })
      })

      await test('orders.status takes only pending, paid, shipped or cancelled', async t => {
        await db.accepts(t, 'Orders with each status pending, paid, shipped and cancelled',
          `${CUSTOMER}\nINSERT INTO orders (customer_id, status)\n  SELECT c.id, s FROM customers c, unnest(ARRAY['pending', 'paid', 'shipped', 'cancelled']) AS s;`) &&
        await db.rejects(t, "An order with the status 'delivered'",
          `${CUSTOMER}\nINSERT INTO orders (customer_id, status) SELECT id, 'delivered' FROM customers;`, { code: '23514' }) &&
        await db.rejects(t, "An order with the status 'Paid' (the statuses are lower case)",
          `${CUSTOMER}\nINSERT INTO orders (customer_id, status) SELECT id, 'Paid' FROM customers;`, { code: '23514' }) &&
        await db.rejects(t, "An order with an empty status ''",
          `${CUSTOMER}\nINSERT INTO orders (customer_id, status) SELECT id, '' FROM customers;`, { code: '23514' }) &&
        await db.rejects(t, 'An order whose status is NULL',
          `${CUSTOMER}\nINSERT INTO orders (customer_id, status) SELECT id, NULL FROM customers;`, { code: '23502' })
      })

      await test('a customer who has orders cannot be deleted', async t => {
        await db.rejects(t, 'Deleting a customer who has an order',
          `${CUSTOMER}\n${ORDER}\nDELETE FROM customers WHERE email = 'ana@example.com';`, { code: '23503' })
      })

      await test('order_items takes several products for an order', async t => {
        await db.accepts(t, 'An order of 1 gel pen and 3 notebooks',
          `${ORDER_SETUP}\n${item('PEN-01', 1)}\n${item('PAD-A5', 3)}`)
      })

      await test('order_items.quantity is required and above 0', async t => {
        await db.rejects(t, 'An item without a quantity',
          `${ORDER_SETUP}\n${item('PEN-01', 'NULL')}`, { code: '23502' }) &&
        await db.rejects(t, 'An item of quantity 0',
          `${ORDER_SETUP}\n${item('PEN-01', 0)}`, { code: '23514' }) &&
        await db.rejects(t, 'An item of quantity -1',
          `${ORDER_SETUP}\n${item('PEN-01', -1)}`, { code: '23514' })
      })

      await test('order_items refuses the same product twice in one order', async t => {
        await db.rejects(t, 'The gel pen twice in the same order',
          `${ORDER_SETUP}\n${item('PEN-01', 1)}\n${item('PEN-01', 2)}`, { code: '23505' })
      })

      await test('order_items refuses an unknown order or product', async t => {
        await db.rejects(t, 'An item of order 999999, which does not exist',
          `${PRODUCTS}\nINSERT INTO order_items (order_id, product_id, quantity)\n  SELECT 999999, id, 1 FROM products WHERE sku = 'PEN-01';`, { code: '23503' }) &&
        await db.rejects(t, 'An item of product 999999, which does not exist',
          `${ORDER_SETUP}\nINSERT INTO order_items (order_id, product_id, quantity)\n  SELECT id, 999999, 1 FROM orders;`, { code: '23503' })
      })

      await test('deleting an order deletes its items', async t => {
        const remove = `DELETE FROM orders WHERE customer_id = (SELECT id FROM customers WHERE email = 'ana@example.com');`
        const request = [ORDER_SETUP, item('PEN-01', 1), item('PAD-A5', 3), remove, 'SELECT count(*) FROM order_items;'].join('\n')
        let step = 'Setting up an order with two items'
        let left
        try {
          left = await rolledBack(db, async commitChecks => {
            await db.query([ORDER_SETUP, item('PEN-01', 1), item('PAD-A5', 3)].join('\n'))
            await commitChecks()
            step = 'Deleting the order'
            await db.query(remove)
            // A deferred foreign key without CASCADE refuses the delete here, as at COMMIT.
            await commitChecks()
            step = 'Counting the items left'
            const [row] = await db.query('SELECT count(*) AS n FROM order_items')
            return Number(row.n)
          })
        } catch (error) {
          const hint = step === 'Deleting the order' && error.code === '23503'
            ? ' The foreign key from order_items to orders needs ON DELETE CASCADE: the items of an order go with it.'
            : ''
          return fail(t, db, `${step} failed: ${error.message}.${hint}`, { request, expected: 'the order and its 2 items are deleted', actual: `ERROR: ${error.message}` })
        }
        if (left === 0) return t.pass('the order\'s 2 items were deleted with it')
        fail(t, db, `After deleting an order, ${left} of its 2 items are left in order_items: they must be deleted with their order.`, {
          request,
          expected: 'count = 0',
          actual: `count = ${left}`,
        })
      })

      await test('a product that was ordered cannot be deleted', async t => {
        await db.rejects(t, 'Deleting a product that is in an order',
          `${ORDER_SETUP}\n${item('PEN-01', 1)}\nDELETE FROM products WHERE sku = 'PEN-01';`, { code: '23503' })
      })

      await test('orders and order_items have their primary keys', async t => {
        await primaryKey(t, db, 'orders', ['id']) && await primaryKey(t, db, 'order_items', ['order_id', 'product_id']) &&
        await integerId(t, db, 'orders')
      })
    },
  },
})
