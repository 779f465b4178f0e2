// The catalog's dataset generators against real PostgreSQL (the test database), for many seeds,
// not only the two a grading uses: each generated dataset loads, the reference gives a result,
// every correct alternative agrees with it, and every scenario's broken query (one that runs)
// disagrees with it, under the task's compare rules: the datasets break the wrong queries
// whatever the seed, and never a correct one.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import t from 'tap'
import { compareResults, generateDatasets, type CompareRules, type QueryResult } from '@backlab/grader/sql'
import { isolatedConfig } from '../../helpers/test-config.js'

const EXERCISES = fileURLToPath(new URL('../../../exercises/', import.meta.url))
const SLUGS = ['select-filter-order', 'joins']
/** Versions whose seeds are tried (each gives generated1 and generated2). */
const VERSIONS = [1, 2, 3, 4, 5, 6]

const config = await isolatedConfig(t)
const client = new pg.Client({ connectionString: config.DATABASE_URL, types: { getTypeParser: () => (v: string) => v } })
await client.connect()
t.teardown(async () => { await client.end() })

interface Task { file: string, kind: string, compare?: CompareRules }

async function sqlFiles (dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql'))
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)))
}

async function folders (dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name)
}

/** One SELECT's result, or undefined when it fails or is not one statement. */
async function run (schema: string, sql: string): Promise<QueryResult | undefined> {
  try {
    await client.query(`SET search_path = ${schema}`)
    const result = await client.query({ text: sql, rowMode: 'array' })
    if (Array.isArray(result)) return undefined
    return { fields: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })), rows: result.rows as Array<Array<string | null>> }
  } catch {
    return undefined
  }
}

for (const slug of SLUGS) {
  t.test(`${slug}: generated datasets break every broken query and no correct one`, async (t) => {
    const dir = join(EXERCISES, slug)
    const manifest = JSON.parse(await readFile(join(dir, 'exercise.json'), 'utf8')) as { sql: { tasks: Task[] } }
    const tasks = manifest.sql.tasks.filter((task) => task.kind === 'query')
    const reference = await sqlFiles(join(dir, 'solution', 'sql'))
    const alternatives = await Promise.all((await folders(join(dir, 'alternatives'))).map(async (name) => ({ name, files: await sqlFiles(join(dir, 'alternatives', name, 'files')) })))
    // Each scenario's broken files: the tasks its expected.json fails.
    const scenarios = await Promise.all((await folders(join(dir, 'scenarios'))).map(async (name) => {
      const expected = JSON.parse(await readFile(join(dir, 'scenarios', name, 'expected.json'), 'utf8')) as { tests: Array<{ name: string, status: string }> }
      const failed = new Set(expected.tests.filter((test) => test.status !== 'pass').map((test) => Number(test.name.split('.')[0])))
      const files = await sqlFiles(join(dir, 'scenarios', name, 'files'))
      return { name, broken: tasks.filter((task) => failed.has(manifest.sql.tasks.indexOf(task) + 1)).map((task) => ({ task, sql: files[task.file] })) }
    }))
    const caught = new Map<string, number>()
    let datasets = 0
    for (const version of VERSIONS) {
      for (const dataset of await generateDatasets(join(dir, 'datasets', 'generate.mjs'), { slug, version })) {
        const schema = `g_${slug.replaceAll('-', '_')}_${version}_${dataset.number}`
        await client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema};`)
        await client.query(dataset.sql)
        datasets++
        for (const task of tasks) {
          const expected = await run(schema, reference[task.file] ?? '')
          if (expected === undefined) {
            t.fail(`${dataset.seed}: the reference of ${task.file} fails`)
            continue
          }
          if (expected.rows.length === 0) t.fail(`${dataset.seed}: the reference of ${task.file} returns no rows`)
          for (const alternative of alternatives) {
            const actual = await run(schema, alternative.files[task.file] ?? '')
            const verdict = actual && compareResults(expected, actual, task.compare)
            if (!verdict?.ok) t.fail(`${dataset.seed}: correct alternative ${alternative.name} fails ${task.file}: ${verdict?.message ?? 'error'}`)
          }
          for (const scenario of scenarios) {
            for (const broken of scenario.broken.filter((b) => b.task === task)) {
              const actual = await run(schema, broken.sql ?? '')
              // A query that does not run is caught by the visible dataset already.
              if (actual === undefined) {
                caught.set(scenario.name, (caught.get(scenario.name) ?? 0) + 1)
                continue
              }
              if (compareResults(expected, actual, task.compare).ok) t.fail(`${dataset.seed}: scenario ${scenario.name} passes ${task.file}`)
              else caught.set(scenario.name, (caught.get(scenario.name) ?? 0) + 1)
            }
          }
        }
      }
    }
    for (const scenario of scenarios.filter((s) => s.broken.length > 0)) {
      t.equal(caught.get(scenario.name), datasets * scenario.broken.length, `${scenario.name}: caught on all ${datasets} generated datasets`)
    }
  })
}
