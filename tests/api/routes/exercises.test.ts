import { readFile } from 'node:fs/promises'
import t from 'tap'
import { build } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

t.test('exercise routes', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)

  t.test('GET /api/v1/exercises lists the catalog', async (t) => {
    const res = await app.inject({ url: '/api/v1/exercises' })
    t.equal(res.statusCode, 200)
    const todos = (res.json().exercises as Array<{ slug: string }>).find((e) => e.slug === 'todos-crud')
    t.match(todos, { slug: 'todos-crud', version: Number, track: 'crud', runtimes: ['node', 'python'], title: String })
  })

  t.test('GET /api/v1/exercises/:slug shows instructions and starter files, never the solution or grader', async (t) => {
    const res = await app.inject({ url: '/api/v1/exercises/todos-crud' })
    t.equal(res.statusCode, 200)
    const body = res.json()
    t.match(body, {
      slug: 'todos-crud',
      port: 3000,
      runtimes: ['node', 'python'],
      instructions: /## 1\./,
      runtimeDetails: {
        node: { entry: 'server.js', start: /node server\.js/, starterFiles: { 'server.js': String }, libraries: Array },
        python: { entry: 'app.py', start: /python3 app\.py/, starterFiles: { 'app.py': String } }
      }
    })
    const solution = await readFile(`${config.EXERCISES_DIR}/todos-crud/solution/node/server.js`, 'utf8')
    const grader = await readFile(`${config.EXERCISES_DIR}/todos-crud/grader/todos.test.mjs`, 'utf8')
    t.notOk(res.body.includes(JSON.stringify(solution).slice(1, 200)), 'no part of the reference solution')
    t.notOk(res.body.includes(JSON.stringify(grader).slice(1, 200)), 'no part of the grader suite')
    t.notOk('graderFiles' in body || 'grader_files' in body)
  })

  t.test('an unknown slug is a 404 naming it; a malformed one a 400', async (t) => {
    const unknown = await app.inject({ url: '/api/v1/exercises/nope' })
    t.equal(unknown.statusCode, 404)
    t.match(unknown.json(), { error: { code: 'EXERCISE_NOT_FOUND', message: /'nope'/ } })
    const bad = await app.inject({ url: '/api/v1/exercises/Not_A_Slug' })
    t.equal(bad.statusCode, 400)
  })
})
