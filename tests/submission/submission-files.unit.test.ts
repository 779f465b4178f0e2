// What a submission's file map must be before anything is stored: paths within the length limit,
// relative, honest names, files the runtime accepts, the file it starts from (or, for sql, one file
// per task). Against the catalog's real manifests; each refusal is the 400 a client sees.
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { checkSubmissionFiles, MAX_PATH_LENGTH } from '../../services/submission/submission-files.js'
import { loadExercisePackage } from '../../services/exercise/load-package.js'
import type { FileMap } from '../../services/platform/file-tree.js'
import type { RuntimeName } from '../../services/exercise/runtimes.js'
import type { Manifest } from '../../services/exercise/manifest-schema.js'

const exercise = async (slug: string): Promise<Manifest> =>
  (await loadExercisePackage(fileURLToPath(new URL(`../../exercises/${slug}`, import.meta.url)))).manifest
const todos = await exercise('todos-crud')
const sql = await exercise('select-filter-order')

/** The error checkSubmissionFiles throws for `files`, as { code, statusCode, message }. */
function refusal (files: FileMap, runtime: RuntimeName = 'node', manifest = runtime === 'sql' ? sql : todos): { code: string, statusCode: number, message: string } {
  try {
    checkSubmissionFiles(files, manifest, runtime)
  } catch (err) {
    const { code, statusCode, message } = err as { code: string, statusCode: number, message: string }
    return { code, statusCode, message }
  }
  throw new Error(`${JSON.stringify(Object.keys(files))} was accepted`)
}

t.test('solutions as learners send them are accepted', async (t) => {
  t.doesNotThrow(() => { checkSubmissionFiles({ 'server.js': '', 'src/db.mjs': '', 'package.json': '{}', 'README.md': '' }, todos, 'node') })
  t.doesNotThrow(() => { checkSubmissionFiles({ 'app.py': '', 'requirements.txt': '', 'lib/store.py': '' }, todos, 'python') })
  t.doesNotThrow(() => { checkSubmissionFiles({ '01-price-list.sql': 'SELECT 1;', '08-second-page.sql': '' }, sql, 'sql') }, 'a subset of the tasks')
  t.doesNotThrow(() => { checkSubmissionFiles({ 'main.js': '', 'package.json': '{"scripts":{"start":"node main.js"}}' }, todos, 'node') },
    'no server.js, but a start script')
  t.doesNotThrow(() => { checkSubmissionFiles({ 'main.py': '', Procfile: 'web: python3 main.py\n' }, todos, 'python') },
    'no app.py, but a Procfile')
  t.doesNotThrow(() => { checkSubmissionFiles({ ['a'.repeat(MAX_PATH_LENGTH - 3) + '.js']: '', 'server.js': '' }, todos, 'node') },
    `a path of exactly ${MAX_PATH_LENGTH} characters`)
})

t.test('a path over the length limit is PATH_TOO_LONG, quoting its start', async (t) => {
  const long = `${'d/'.repeat(100)}server.js`
  t.strictSame(refusal({ [long]: '', 'server.js': '' }), {
    code: 'PATH_TOO_LONG',
    statusCode: 400,
    message: `File path '${'d/'.repeat(20)}…' is ${long.length} characters long; paths may be at most ${MAX_PATH_LENGTH}.`
  })
})

t.test('paths that are empty, absolute, escape the folder or hide what they are: INVALID_FILE_PATH', async (t) => {
  const cases: Array<[string, string]> = [
    ['', "File path '' is empty; give each file a relative path such as server.js."],
    ['/server.js', "File path '/server.js' is absolute; use a path relative to your solution folder, such as server.js."],
    ['C:server.js', "File path 'C:server.js' is absolute; use a path relative to your solution folder, such as server.js."],
    ['src\\app.js', "File path 'src\\\\app.js' contains a backslash; use '/' between folders."],
    ['../server.js', "File path '../server.js' contains '..'; every file must stay inside your solution folder."],
    ['src/../../x.js', "File path 'src/../../x.js' contains '..'; every file must stay inside your solution folder."],
    ['./server.js', "File path './server.js' has an empty or '.' segment; write it like src/app.js."],
    ['src//app.js', "File path 'src//app.js' has an empty or '.' segment; write it like src/app.js."],
    ['src/', "File path 'src/' has an empty or '.' segment; write it like src/app.js."],
    ['a\u0000.js', "File path 'a\\u0000.js' contains control characters; rename it with printable characters only."]
  ]
  for (const [path, message] of cases) {
    t.strictSame(refusal({ [path]: '', 'server.js': '' }), { code: 'INVALID_FILE_PATH', statusCode: 400, message }, JSON.stringify(path))
  }
  const bidi = refusal({ 'evil\u202ejs.txt': '', 'server.js': '' })
  t.equal(bidi.code, 'INVALID_FILE_PATH')
  t.match(bidi.message, /^File path 'evil\\u202ejs\.txt' contains the invisible bidirectional control U\+202E/, 'escaped, so it shows what it is')
  t.match(refusal({ 's\u0435rver.js': '' }).message, /mixes Latin and Cyrillic letters/, 'a look-alike of server.js')
})

t.test('files the runtime does not accept are FILE_NOT_ALLOWED, listing what it accepts', async (t) => {
  t.strictSame(refusal({ 'server.js': '', 'run.sh': '' }), {
    code: 'FILE_NOT_ALLOWED',
    statusCode: 400,
    message: "File 'run.sh' is not part of a todos-crud solution in node. Allowed paths: **/*.{js,mjs,cjs,json,sql,md}."
  })
  t.equal(refusal({ 'app.py': '', 'server.js': '' }, 'python').message,
    "File 'server.js' is not part of a todos-crud solution in python. Allowed paths: **/*.{py,json,sql,txt,md}, Procfile.")
  t.equal(refusal({ 'server.js': '', 'node_modules/.bin/x.js': '' }).code, 'FILE_NOT_ALLOWED', 'no dot folders')
  t.equal(refusal({ 'sub/01-price-list.sql': '' }, 'sql').code, 'FILE_NOT_ALLOWED', 'sql: no folders')
  t.strictSame(refusal({ '01-price-list.sql': '', 'answers.sql': '', 'extra.sql': '' }, 'sql'), {
    code: 'FILE_NOT_ALLOWED',
    statusCode: 400,
    message: "'answers.sql', 'extra.sql' are not a task of this exercise. Name each file after its task: " +
      '01-price-list.sql, 02-cheap-in-stock.sql, 03-notebooks.sql, 04-uncategorised.sql, 05-top-five.sql, 06-categories.sql, ' +
      '07-price-band.sql, 08-second-page.sql.'
  })
})

t.test('a server that could never start is REQUIRED_FILE_MISSING, saying what the runtime starts', async (t) => {
  t.strictSame(refusal({ 'index.js': '' }), {
    code: 'REQUIRED_FILE_MISSING',
    statusCode: 400,
    message: 'Your submission must include server.js: the node runtime starts `node server.js`, or the "start" script of package.json if you include one.'
  })
  for (const packageJson of ['{}', '{"scripts":{"start":"  "}}', '{"scripts":{"start":1}}', 'not json']) {
    t.equal(refusal({ 'index.js': '', 'package.json': packageJson }).code, 'REQUIRED_FILE_MISSING', `package.json ${packageJson}`)
  }
  t.strictSame(refusal({ 'main.py': '', Procfile: 'worker: python3 main.py\n' }, 'python'), {
    code: 'REQUIRED_FILE_MISSING',
    statusCode: 400,
    message: 'Your submission must include app.py: the python runtime starts `python3 app.py`, or the command on the "web:" line of a Procfile if you include one.'
  })
})
