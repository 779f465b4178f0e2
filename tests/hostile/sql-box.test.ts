// Hostile SQL: what a learner's SQL may try inside the pod's PostgreSQL, and what stops it. Each
// submission mixes attacks with tasks left correct: the attacks fail as that learner's results,
// the correct tasks still pass (nothing leaked between tasks, no restart blamed on them), and the
// pod is gone afterwards. See SECURITY.md, "SQL exercises".
import { join } from 'node:path'
import { pino } from 'pino'
import t from 'tap'
import { readFileTree } from '../../services/platform/file-tree.js'
import { createDockerEngine } from '../../services/platform/docker/docker-engine.js'
import { build } from '../helpers/build-app.js'
import { buildGradingWorker } from '../../services/worker/build-worker.js'
import { grade, type SubmissionView } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'

t.setTimeout(5 * 60_000)

async function reference (slug: string): Promise<Record<string, string>> {
  return await readFileTree(join('exercises', slug, 'solution', 'sql'))
}

function byTask (result: SubmissionView): Map<number, SubmissionView['tests']> {
  const tasks = new Map<number, SubmissionView['tests']>()
  for (const test of result.tests) {
    const n = Number(/^(\d+)\. /.exec(test.name)?.[1])
    tasks.set(n, [...(tasks.get(n) ?? []), test])
  }
  return tasks
}

t.test('hostile SQL is the learner\'s failing result, never the platform\'s, and stays in its box', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  // Closed by the last subtest, which then looks for anything left of this file's pods.
  const worker = await buildGradingWorker(config, pino({ level: 'silent' }))
  let workerOpen = true
  t.teardown(async () => { if (workerOpen) await worker.close() })
  const engine = createDockerEngine(config.DOCKER_SOCKET)

  t.test('queries: files, catalogs, sleeping, memory, writes in disguise', async (t) => {
    const files = {
      ...await reference('select-filter-order'),
      '01-price-list.sql': "SELECT pg_read_file('/etc/passwd'), 1",
      '02-cheap-in-stock.sql': 'SELECT rolname, rolpassword, 1 FROM pg_authid',
      '03-notebooks.sql': 'SELECT pg_sleep(30), 1',
      '04-uncategorised.sql': "SELECT length(repeat(repeat('x', 300000000), 3)), 'x'",
      '05-top-five.sql': 'SELECT name, price FROM products; DROP TABLE products',
      '06-categories.sql': 'UPDATE products SET price = 0 RETURNING category',
      '07-price-band.sql': 'WITH gone AS (DELETE FROM products RETURNING *) SELECT name, price FROM gone'
    }
    const started = Date.now()
    const result = await grade(app, 'select-filter-order', files, 'sql')
    t.equal(result.status, 'failed')
    t.equal(result.verdict, 'tests_failed', 'a learner\'s result, not a platform error')
    const tasks = byTask(result)
    const message = (n: number): string => tasks.get(n)?.[0]?.message ?? ''
    t.match(message(1), /permission denied for function pg_read_file/)
    t.match(message(2), /permission denied for table pg_authid/)
    t.match(message(3), /ran longer than 2 s and was cancelled/)
    // Either the limits cancel it or the kernel kills its process and PostgreSQL restarts: both are this task's.
    t.match(message(4), /ran longer than 2 s|PostgreSQL had to restart while it ran 04-uncategorised\.sql/)
    t.match(message(5), /holds 2 statements/)
    t.match(message(6), /holds an UPDATE/)
    t.match(message(7), /in a read-only transaction/)
    t.same(tasks.get(8)?.map((x) => x.status), ['pass'], 'the task left correct passes: nothing above changed its data or took the blame')
    t.ok(Date.now() - started < 60_000, 'graded within a minute')
    // The result is stored before the pod is removed: give the teardown a moment.
    let left = await engine.listByLabel(`backlab.submission=${result.id}`)
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      left = await engine.listByLabel(`backlab.submission=${result.id}`)
    }
    t.same(left, [], 'no container left')
  })

  t.test('ending its own connection, or an error of megabytes, is the task\'s failure, never the platform\'s', async (t) => {
    const files = {
      ...await reference('select-filter-order'),
      '01-price-list.sql': 'SELECT pg_terminate_backend(pg_backend_pid()) AS name, 1 AS price',
      '02-cheap-in-stock.sql': "SELECT repeat('x', 3000000)::int, 1, 2"
    }
    const result = await grade(app, 'select-filter-order', files, 'sql')
    t.equal(result.verdict, 'tests_failed')
    t.equal(result.attempts, 1, 'not retried')
    const tasks = byTask(result)
    t.match(tasks.get(1)?.[0]?.message, /terminating connection due to administrator command/)
    t.match(tasks.get(2)?.[0]?.message, /invalid input syntax for type integer/)
    t.ok(JSON.stringify(result).length < 100_000, 'feedback stays small')
    t.same([3, 4, 5, 6, 7, 8].map((n) => tasks.get(n)?.[0]?.status), ['pass', 'pass', 'pass', 'pass', 'pass', 'pass'])

    const schema = await reference('schema-design')
    schema['01-customers-products.sql'] += '\nSELECT pg_terminate_backend(pg_backend_pid());\n'
    const ended = await grade(app, 'schema-design', schema, 'sql')
    t.equal(ended.verdict, 'tests_passed', 'a schema file that ends its own session after its DDL is still graded by behaviour')
    t.equal(ended.attempts, 1)
  })

  t.test('scripts: lifting the timeout, extensions, programs, roles, other sessions', async (t) => {
    const files = {
      ...await reference('safe-updates'),
      '01-raise-pen-prices.sql': 'SET statement_timeout = 0;\nSELECT pg_sleep(60);',
      '02-delete-dead-stock.sql': [
        'CREATE EXTENSION dblink;',
        "COPY products FROM PROGRAM 'id';",
        "COPY products TO '/tmp/stolen';",
        'ALTER ROLE learner_write SUPERUSER;',
        'CREATE TABLE mine (a int);'
      ].join('\n'),
      '03-upsert-delivery.sql': "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename <> current_user;\nSELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE usename = 'backlab_sql';"
    }
    const result = await grade(app, 'safe-updates', files, 'sql')
    t.equal(result.verdict, 'tests_failed')
    const tasks = byTask(result)
    const first = tasks.get(1)?.[0]
    t.match(first?.message, /Statement 2 of your script ran longer than 2 s and was stopped/, 'a SET cannot lift the limit')
    const second = tasks.get(2)?.[0]
    t.match(second?.actual, /permission denied to create extension "dblink"/)
    t.match(second?.actual, /must be superuser or have privileges of the pg_execute_server_program role/)
    t.match(second?.actual, /permission denied to alter role|must be superuser to alter superuser roles or change superuser attribute/)
    t.match(second?.actual, /permission denied for schema public/)
    t.match(tasks.get(3)?.[0]?.message ?? '', /permission denied to (terminate|cancel)|must be a (member|superuser)|not as the task asks/, 'other sessions cannot be touched')
    t.same([4, 5].map((n) => tasks.get(n)?.map((x) => x.status)), [['pass'], ['pass']], 'the grader\'s own sessions survived')
  })

  t.test('a role that changes its own password or defaults reaches only the learner\'s own sessions', async (t) => {
    const files = {
      ...await reference('safe-updates'),
      // Open to any role in PostgreSQL 15; the read-only default would break every later session of the role.
      '01-raise-pen-prices.sql': "ALTER ROLE CURRENT_USER PASSWORD 'mine';\nALTER ROLE CURRENT_USER SET default_transaction_read_only = on;"
    }
    const result = await grade(app, 'safe-updates', files, 'sql')
    t.equal(result.status, 'failed')
    t.equal(result.verdict, 'tests_failed', 'the reference runs as its own role: no platform error')
    t.equal(result.attempts, 1)
    t.match(byTask(result).get(1)?.[0]?.message, /table products is not as the task asks/)
  })

  t.test('code a schema file plants runs with the learner\'s own role when the grader\'s checks fire it', async (t) => {
    // The checks of a schema task insert rows into the learner's tables. What the file
    // planted there (a trigger, ENABLE ALWAYS; a default; a rule) fires then: run by any role but
    // the learner's it would take that role over, and it says who ran it in its error.
    const files = await reference('schema-design')
    files['01-customers-products.sql'] += `
CREATE FUNCTION whoami(what text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF current_user <> 'learner_ddl' THEN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', current_user, 'taken');
  END IF;
  RAISE EXCEPTION 'planted % ran as % (session %)', what, current_user, session_user;
END $$;
CREATE FUNCTION whoami_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM whoami('trigger');
  RETURN NEW;
END $$;
CREATE TRIGGER planted BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION whoami_trigger();
ALTER TABLE customers ENABLE ALWAYS TRIGGER planted;
ALTER TABLE products ALTER COLUMN name SET DEFAULT whoami('default');
CREATE RULE planted AS ON INSERT TO products DO ALSO SELECT whoami('rule');
`
    const result = await grade(app, 'schema-design', files, 'sql')
    t.equal(result.verdict, 'tests_failed', 'the learner\'s result')
    t.equal(result.attempts, 1)
    const text = JSON.stringify(result.tests)
    const ran = [...text.matchAll(/planted (\w+) ran as (\w+) \(session (\w+)\)/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`)
    t.same([...new Set(ran.map((r) => r.split(' ')[0]))].sort(), ['default', 'rule', 'trigger'], `the checks fired the planted code (${[...new Set(ran)].join(', ')})`)
    t.same(ran.filter((r) => !r.endsWith(' learner_ddl learner_ddl')), [], 'only ever as learner_ddl, the role the file ran as')
    t.same(byTask(result).get(2)?.filter((x) => x.status !== 'pass').map((x) => x.name), [], 'the other task, untouched, passes')
  })

  t.test('the reference\'s SQL is not in anything the learner\'s SQL can read back', async (t) => {
    // While this script runs, the other tasks' references run beside it (three tasks at a time):
    // it watches pg_stat_activity for their sessions and puts what it sees in its error, which
    // feedback shows. A role sees the text of its own sessions only.
    const files = await reference('safe-updates')
    files['01-raise-pen-prices.sql'] = `DO $$
DECLARE seen text;
BEGIN
  FOR i IN 1..150 LOOP
    PERFORM pg_stat_clear_snapshot();
    SELECT string_agg(DISTINCT usename || ': ' || coalesce(query, '-'), ' | ') INTO seen
      FROM pg_stat_activity WHERE usename LIKE 'reference%';
    EXIT WHEN seen IS NOT NULL;
    PERFORM pg_sleep(0.01);
  END LOOP;
  RAISE EXCEPTION 'seen: %', coalesce(seen, 'nothing');
END $$;`
    const result = await grade(app, 'safe-updates', files, 'sql')
    t.equal(result.verdict, 'tests_failed')
    const first = byTask(result).get(1)?.[0]
    // "Statement 1 of your script failed: seen: ….": the message ends the sentence.
    const seen = /seen: ([^\n]*?)\.?$/m.exec(first?.message ?? '')?.[1] ?? ''
    t.match(seen, /^reference_\w+: <insufficient privilege>/, 'the references\' sessions were there to see')
    t.same(seen.split(' | ').filter((s) => !/^reference_\w+: <insufficient privilege>$/.test(s)), [], 'and none of their SQL')
  })

  // Submissions after the first take warm pods, which carry no submission label: once the
  // worker stops (and removes the pods it kept warm), no container of this process may remain.
  t.test('every pod is gone once the worker stops, warm ones included', async (t) => {
    workerOpen = false
    await worker.close()
    t.same(await engine.listByLabel(`backlab.worker-pid=${process.pid}`), [])
  })
})
