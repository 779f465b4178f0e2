// The suite of an SQL exercise. `await sqlExercise({ checks })` grades every task of the
// manifest in order, one top-level test per task (or per check of a schema or index task), named
// "N. …" after the task's number:
// - query: the learner's single SELECT against the reference's result, on a fresh copy of the
//   visible dataset and of the hidden one, then of each generated one (./generated.mjs), under
//   the task's compare rules;
// - change: the learner's script and the reference's, each on its own copy, then the task's
//   tables compared, on the same datasets;
// - schema, index: the learner's script on a fresh copy, then `checks[file](task)` from the
//   exercise's suite tests behaviour, catalog and plans through the task's helpers.
// Query and change tasks are computed side by side first and reported in order after: the
// TAP stream stays in task order while the databases work in parallel.
import { graded } from '../assertions.mjs'
import { readBundle } from './bundle.mjs'
import { Cluster, keepAlive, ServerRestart } from './cluster.mjs'
import { report } from './feedback.mjs'
import { RestartGuard } from './restart-guard.mjs'
import { generateDatasets, GeneratorError } from './generated.mjs'
import { DATASETS, gradeChange, gradeQuery, PlatformError, TEMPLATES } from './result-tasks.mjs'
import { loadParser } from './statements.mjs'
import { taskContext } from './task-context.mjs'

/** Tasks graded at once: each holds one or two database copies (some 7 MB each) while it runs. */
const PARALLEL_TASKS = 3
/** How often the templates are made again from the start when the server goes away meanwhile. */
const TEMPLATE_TRIES = 3

// tap takes some 350 ms to load, PostgreSQL's parser some 60: both load while the databases are
// being built (this suite's files import neither statically).
const tapLoading = import('tap')
const parserLoading = loadParser()
// The grader's login and the empty template databases need nothing of the exercise. run.mjs
// imports this module before the suite's tar arrives, so a warm pod makes them while it waits,
// and a cold one while the tar is unpacked. Only in a pod: elsewhere there is no password.
// The generated datasets' templates are made too, in case the exercise has a generator (one
// that has none drops them).
let early = process.env.BACKLAB_DATABASE_PASSWORD ? emptyTemplates().then(made => hold(made, false)) : undefined
early?.catch(() => {}) // awaited, and reported, by sqlExercise

/** Whether the connections `made` keep the process alive (see keepAlive); returns `made`. */
function hold(made, on) {
  made.cluster.keepAlive(on)
  for (const client of made.clients) keepAlive(client, on)
  return made
}

async function emptyTemplates() {
  const cluster = await Cluster.open()
  const clients = await Promise.allSettled(TEMPLATES.map(name => cluster.emptyTemplate(name)))
  const failed = clients.find(c => c.status === 'rejected')
  if (failed === undefined) return { cluster, clients: clients.map(c => c.value) }
  await Promise.all(clients.map(c => c.value?.end().catch(() => {})))
  await cluster.close()
  throw failed.reason
}

/**
 * Builds the dataset templates, generated ones included (`generating`: generateDatasets'
 * promise, made once); returns the open cluster. Empty ones made before the exercise came may
 * have been lost while the pod waited (the server restarted): a few tries, each from the login
 * on. Only a ServerRestart (the server went away after the grader logged in) earns one: a login
 * that timed out has waited long enough already, and a dataset that fails to load fails every
 * time.
 */
async function buildTemplates(bundle, generating) {
  const fill = async ({ cluster, clients }) => {
    const filled = await Promise.allSettled(TEMPLATES.map(async (name, i) => {
      if (DATASETS.includes(name)) return await cluster.fillTemplate(clients[i], bundle.datasets[`${name}.sql`])
      let generated
      try {
        generated = (await generating).find(g => g.name === name)
      } catch (err) {
        await clients[i].end().catch(() => {})
        throw err
      }
      if (generated === undefined) {
        // No generator, or fewer datasets: the empty template only takes room.
        await clients[i].end().catch(() => {})
        cluster.dropLater(name)
        return
      }
      try {
        await cluster.fillTemplate(clients[i], generated.sql)
      } catch (err) {
        if (err instanceof ServerRestart) throw err
        throw new GeneratorError(`generated dataset ${generated.number} (seed ${generated.seed}) does not load: ${err.message}`)
      }
    }))
    const failed = filled.find(f => f.status === 'rejected')
    if (failed === undefined) return cluster
    await cluster.close()
    throw failed.reason
  }
  let made = early
  early = undefined
  for (let tries = 0; ; tries++) {
    try {
      return await fill(made === undefined ? await emptyTemplates() : hold(await made, true))
    } catch (err) {
      if (!(err instanceof ServerRestart) || tries >= TEMPLATE_TRIES) throw err
    }
    made = undefined
  }
}

export async function sqlExercise({ checks = {} } = {}) {
  const bundle = readBundle()
  let cluster
  // The generator runs as soon as the bundle is there, while the other templates fill.
  const generating = generateDatasets(bundle.generator, bundle.exercise).then(generated => {
    bundle.generated = generated
    return generated
  })
  generating.catch(() => {}) // reported through buildTemplates
  const prepared = buildTemplates(bundle, generating).then(built => { cluster = built })
  prepared.catch(() => {}) // handled below, once tap is there to report it
  const [{ default: t }] = await Promise.all([tapLoading, parserLoading])
  const test = graded(t)
  try {
    await prepared
  } catch (err) {
    await cluster?.close()
    t.bailout(err instanceof GeneratorError ? `the exercise's dataset generator failed: ${err.message}` : `database-not-ready ${err.message}`)
    return
  }
  // No t.teardown here: a root test with a teardown ends itself as soon as it is idle for a few
  // ticks, which it is while a schema task's database is being copied. The cluster is closed
  // once every test has finished instead.
  try {
    await gradeTasks(t, test, cluster, bundle, checks)
  } finally {
    await cluster.close()
  }
  // Every test is done: ended now, the report is complete at once, not when the process is
  // about to exit (run.mjs then tells the worker, which need not wait for the exit).
  t.end()
}

async function gradeTasks(t, test, cluster, bundle, checks) {
  const tasks = bundle.settings.tasks.map((task, i) => ({ ...task, number: i + 1, sql: bundle.submission[task.file] }))
  for (const task of tasks) {
    if (['schema', 'index'].includes(task.kind) && typeof checks[task.file] !== 'function') {
      t.bailout(`the suite has no checks for ${task.kind} task ${task.file}`)
      return
    }
  }
  let outcomes
  const restarts = new RestartGuard(cluster)
  try {
    outcomes = await inBatches(tasks, PARALLEL_TASKS, async task => {
      if (task.kind === 'query') return await restarts.grade(task, () => gradeQuery(cluster, bundle, task))
      if (task.kind === 'change') return await restarts.grade(task, () => gradeChange(cluster, bundle, task))
      return undefined
    })
  } catch (err) {
    t.bailout(err instanceof PlatformError ? err.message : `grading failed: ${err.stack ?? err}`)
    return
  }

  for (const [i, task] of tasks.entries()) {
    const name = `${task.number}. ${task.title}`
    if (task.kind === 'query' || task.kind === 'change') {
      await test(name, async t => report(t, outcomes[i]))
      continue
    }
    const context = taskContext(test, cluster, bundle, task, restarts)
    try {
      await checks[task.file](context)
    } finally {
      await context.closeDatabases()
    }
  }
}

async function inBatches(items, size, fn) {
  const results = new Array(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i])
    }
  }))
  return results
}
