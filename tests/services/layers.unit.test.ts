import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

/**
 * The features of services/, lowest first: a module may import its own feature and features of a
 * lower rank, never one beside or above it. So platform code knows nothing of exercises, grading
 * nothing of the API, and the API and the worker share only what sits below both.
 */
const RANKS: Record<string, number> = {
  platform: 0,
  exercise: 1,
  account: 1,
  submission: 2,
  'exercise-package': 3,
  grading: 3,
  api: 4,
  worker: 4,
  cli: 4,
  web: 4
}

const root = fileURLToPath(new URL('../../services/', import.meta.url))

async function sources (dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx|mjs)$/.test(e.name) && !e.parentPath.includes('node_modules') && !e.parentPath.includes('/dist'))
    .map((e) => join(e.parentPath, e.name))
}

const feature = (file: string): string => relative(root, file).split('/')[0] as string

t.test('every feature of services/ is ranked', async (t) => {
  const features = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
  t.same(features, Object.keys(RANKS).sort())
})

t.test('imports point down: to the same feature or a lower one', async (t) => {
  const wrong: string[] = []
  let imports = 0
  for (const file of await sources(root)) {
    const text = await readFile(file, 'utf8')
    for (const [, spec] of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = normalize(join(dirname(file), spec as string))
      if (!target.startsWith(root)) continue
      imports++
      const from = feature(file)
      const to = feature(target)
      if (from !== to && !((RANKS[to] ?? Infinity) < (RANKS[from] ?? -Infinity))) wrong.push(`${relative(root, file)} → ${relative(root, target)}`)
    }
  }
  t.ok(imports > 100, `read ${imports} imports between modules`)
  t.same(wrong, [], 'no import points sideways or up')
})
