import t from 'tap'
import { checkManifest } from '../../services/exercise/manifest-schema.js'
import { loadExercisePackage, ExercisePackageError } from '../../services/exercise/load-package.js'

const manifest = {
  slug: 'demo-api',
  version: 1,
  title: 'Demo',
  summary: 'A demo exercise.',
  track: 'crud',
  runtimes: ['node', 'python'],
  port: 3000,
  grader: { entry: 'demo.test.mjs' },
  limits: { deadlineMs: 20000 }
}

t.test('a valid manifest passes', async (t) => {
  t.match(checkManifest(manifest), { ok: true })
})

t.test('each defect is reported naming the field', async (t) => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['missing title', { ...manifest, title: undefined }, /\(root\): missing required field 'title'/],
    ['bad slug', { ...manifest, slug: 'Demo API' }, /^slug: must match pattern/],
    ['version as string', { ...manifest, version: '1' }, /^version: must be integer/],
    ['unknown runtime', { ...manifest, runtimes: ['cobol'] }, /^runtimes\.0: must be one of "node", "python", "sql"$/],
    ['no runtime', { ...manifest, runtimes: [] }, /^runtimes: must NOT have fewer than 1 items/],
    ['a runtime twice', { ...manifest, runtimes: ['node', 'node'] }, /^runtimes: must NOT have duplicate items/],
    ['unknown service', { ...manifest, services: ['mysql'] }, /^services\.0: must be one of "postgres"/],
    ['lower-case secret', { ...manifest, secrets: ['jwt'] }, /^secrets\.0: must match pattern/],
    ['unknown field', { ...manifest, extra: true }, /unknown field 'extra'/],
    ['escaping grader entry', { ...manifest, grader: { entry: '../x.mjs' } }, /^grader\.entry: must match pattern/],
    ['too small limit', { ...manifest, limits: { memoryMb: 1 } }, /^limits\.memoryMb: must be >= 32/],
    ['not an object', 'hello', /\(root\): must be object/]
  ]
  for (const [what, value, expected] of cases) {
    const result = checkManifest(value)
    t.equal(result.ok, false, what)
    if (!result.ok) t.match(result.errors.join('\n'), expected, what)
  }
})

t.test('loading a package reports every defect with its file', async (t) => {
  const dir = t.testdir({
    'demo-api': {
      'exercise.json': JSON.stringify({ ...manifest, slug: 'other-name', secrets: ['PORT'] }),
      starter: { node: { 'app.js': '' } },
      solution: { node: { 'server.js': '' } },
      grader: { 'wrong.mjs': '' }
    }
  })
  const err = await loadExercisePackage(`${dir}/demo-api`).catch((e: unknown) => e)
  t.ok(err instanceof ExercisePackageError)
  t.same((err as ExercisePackageError).problems.sort(), [
    "exercise.json: slug 'other-name' must match the folder name 'demo-api'",
    'grader/demo.test.mjs: the manifest\'s grader.entry does not exist',
    'instructions.md: file is missing',
    'exercise.json: secret PORT would replace a variable the platform sets',
    'solution/python/: folder is missing',
    'starter/node/: cannot start (Your submission must include server.js: the node runtime starts `node server.js`, or the "start" script of package.json if you include one.)',
    'starter/python/: folder is missing'
  ].sort())
})

t.test('malformed exercise.json is named as such', async (t) => {
  const dir = t.testdir({ 'demo-api': { 'exercise.json': '{ "slug": ' } })
  const problems = async (path: string): Promise<string[]> =>
    await loadExercisePackage(path).then(() => [], (e: ExercisePackageError) => e.problems)
  t.match(await problems(`${dir}/demo-api`), [/exercise\.json: not valid JSON/])
  const empty = t.testdir({ 'demo-api': {} })
  t.same(await problems(`${empty}/demo-api`), ['exercise.json: file is missing'])
})

t.test('a complete package loads with a stable content hash', async (t) => {
  const files = {
    'exercise.json': JSON.stringify(manifest),
    'instructions.md': '## 1. Do it\n',
    starter: { node: { 'server.js': '// start here\n' }, python: { Procfile: 'web: python3 main.py\n', 'main.py': '' } },
    solution: { node: { 'server.js': '// done\n' }, python: { 'app.py': '' } },
    grader: { 'demo.test.mjs': "import t from 'tap'\n" }
  }
  const a = await loadExercisePackage(`${t.testdir({ 'demo-api': files })}/demo-api`)
  t.same(a.starterFiles, { node: { 'server.js': '// start here\n' }, python: { Procfile: 'web: python3 main.py\n', 'main.py': '' } })
  t.same(Object.keys(a.graderFiles), ['demo.test.mjs'])
  t.match(a.contentHash, /^[0-9a-f]{64}$/)
})
