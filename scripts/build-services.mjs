// Bundles the processes' entry points into dist/ as JavaScript, so production starts them with
// plain node instead of compiling TypeScript (tsx) at every start. `npm run up` runs it whenever a
// source is newer than the bundle; tests and `npm run dev:*` keep running the TypeScript with tsx.
//
//   dist/api.js      services/api/server.ts          the API
//   dist/worker.js   services/worker/worker.ts       the grading worker
//   dist/migrate.js  services/platform/db/migrate-cli.ts
//   dist/admin.js    scripts/admin.ts                 account administration (up.sh's sample token)
//
// Usage: node scripts/build-services.mjs [--outdir <dir>]   (default: dist, in the repository)
//
// Packages stay external: a bundle imports them from the repository's node_modules (only
// `dependencies`: production may install without the dev ones), so the output must stay inside
// the repository. Every entry sits directly in the output folder, and the build defines
// BUNDLED_REPO_ROOT, the repository's root relative to it, for the modules that read the
// repository's files (services/platform/config.ts): in a bundle their import.meta.url is the
// bundle's, not their source's.
import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = fileURLToPath(new URL('../', import.meta.url))
const ENTRIES = {
  api: 'services/api/server.ts',
  worker: 'services/worker/worker.ts',
  migrate: 'services/platform/db/migrate-cli.ts',
  admin: 'scripts/admin.ts'
}

try {
  const { values } = parseArgs({ options: { outdir: { type: 'string', default: join(root, 'dist') } } })
  const outdir = resolve(values.outdir)
  const inside = relative(root, outdir)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(`--outdir ${outdir} is not a folder inside the repository (${root}): the bundles import their packages from its node_modules`)
  }
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(root, file)])),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    // Error classes and functions keep their own names in logs and stacks.
    keepNames: true,
    // A URL relative to the bundle's own (import.meta.url): "../" for dist/.
    define: { BUNDLED_REPO_ROOT: JSON.stringify(`${relative(outdir, root).split(sep).join('/')}/`) },
    metafile: true,
    logLevel: 'error'
  })
  await checkImports(metafile)
  const sizes = Object.entries(metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, { bytes }]) => `${relative(outdir, join(root, file))} ${(bytes / 1024).toFixed(0)} KB`)
  console.log(`services: built ${relative(root, outdir)}/ (${sizes.join(', ')})`)
} catch (err) {
  // esbuild has already printed its errors; anything else (a bad option, a missing file) is printed here.
  if (!Array.isArray(err?.errors)) console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}

/**
 * Every package a bundle imports must be a runtime dependency: one only in devDependencies works
 * in this checkout but is missing where production installs with `npm ci --omit=dev`.
 */
async function checkImports (metafile) {
  const { dependencies = {} } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
  const wrong = new Set()
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:')) continue
      const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]
      if (!(name in dependencies) && !builtinModules.includes(name)) wrong.add(name)
    }
  }
  if (wrong.size > 0) throw new Error(`imported at run time but not in package.json dependencies: ${[...wrong].join(', ')}`)
}
