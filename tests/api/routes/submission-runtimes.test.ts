// A submission in a runtime its exercise does not accept is refused before anything is stored.
import t from 'tap'
import { build } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

t.test('a runtime the exercise does not accept is a 400 naming the ones it does', async (t) => {
  const manifest = {
    slug: 'node-only',
    version: 1,
    title: 'Node only',
    summary: 'An exercise that accepts one runtime.',
    track: 'crud',
    runtimes: ['node'],
    port: 3000,
    grader: { entry: 'suite.test.mjs' },
    limits: {}
  }
  const exercises = t.testdir({
    'node-only': {
      'exercise.json': JSON.stringify(manifest),
      'instructions.md': '## 1. Do it\n',
      starter: { node: { 'server.js': '' } },
      solution: { node: { 'server.js': '' } },
      grader: { 'suite.test.mjs': '' }
    }
  })
  const config = await isolatedConfig(t, { EXERCISES_DIR: exercises })
  const app = await build(t, config)

  const refused = await app.inject({
    method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'node-only', runtime: 'python', files: { 'app.py': '' } }
  })
  t.equal(refused.statusCode, 400)
  t.match(refused.json(), { error: { code: 'RUNTIME_NOT_ACCEPTED', message: "Exercise 'node-only' cannot be solved in python; it accepts: node." } })
  const { rows } = await app.pg.query('SELECT count(*)::int AS n FROM submissions')
  t.equal(rows[0].n, 0, 'nothing stored')

  const accepted = await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'node-only', files: { 'server.js': '' } } })
  t.equal(accepted.statusCode, 202, 'no runtime named: the exercise\'s first')
})
