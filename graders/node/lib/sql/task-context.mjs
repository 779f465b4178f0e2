import { ServerRestart } from './cluster.mjs'
import { report, unusable } from './feedback.mjs'
import { TaskDatabase } from './task-database.mjs'

/** The context a schema or index task's checks receive (graders/README.md, "SQL exercises"). */
export function taskContext(test, cluster, bundle, task, restarts) {
  const problem = unusable(task)
  const opened = []
  const copies = []
  return {
    file: task.file,
    title: task.title,
    number: task.number,
    sql: task.sql,
    /** A graded test named "N. name" (await it); when the file cannot run, it fails saying why, unrun. */
    test(name, fn) {
      return test(`${task.number}. ${name}`, async t => {
        if (problem) return report(t, problem)
        try {
          await fn(t)
        } catch (err) {
          if (!(err instanceof ServerRestart)) throw err
          // Checks run one at a time: the restart came from this task's own SQL.
          await cluster.recover()
          report(t, restarts.stoppedBy(task))
        }
      })
    },
    /**
     * A fresh copy of `dataset` after the learner's file ran in it as learner_ddl (or, with
     * `reference: true`, the reference's). Every call makes a new copy; all are closed and
     * dropped once the task's checks have finished.
     */
    async database({ dataset = 'visible', reference = false } = {}) {
      const sql = reference ? bundle.reference[task.file] : task.sql
      const open = async () => {
        const name = await cluster.copy(dataset, `t${task.number}_${dataset}_${reference ? 'reference' : 'learner'}`)
        copies.push(name)
        return await TaskDatabase.open(cluster, name, { task, sql, timeoutMs: bundle.settings.statementTimeoutMs, as: reference ? 'reference' : 'learner' })
      }
      // Checks run one at a time: a restart now came from this file (or the last check's SQL).
      // Try once more; if it happens again, every check of the database reports it.
      for (let attempt = 1; ; attempt++) {
        try {
          const db = await open()
          opened.push(db)
          return db
        } catch (err) {
          if (!(err instanceof ServerRestart)) throw err
          await cluster.recover()
          if (attempt === 2) return unreachable(err)
        }
      }
    },
    /** Called by the suite once the checks have finished (they must await their tests). */
    async closeDatabases() {
      for (const db of opened.splice(0)) await db.close()
      for (const name of copies.splice(0)) cluster.dropLater(name)
    },
  }
}

/** A task database that could not be made: every check of it reports the restart. */
function unreachable(restart) {
  return new Proxy({}, {
    get: (_, key) => (key === 'then' ? undefined : async () => { throw restart }),
  })
}
