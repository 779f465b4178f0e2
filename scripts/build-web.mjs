// Builds the browser app into services/web/dist, which the API serves as static files.
// Usage: node scripts/build-web.mjs
import { build } from 'esbuild'
import { copyFile, mkdir, rm, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

const web = fileURLToPath(new URL('../services/web/', import.meta.url))
const src = join(web, 'src')
const dist = join(web, 'dist')

try {
  // A clean folder: a file left from an older build would still be served.
  await rm(dist, { recursive: true, force: true })
  await mkdir(dist, { recursive: true })
  await build({
    entryPoints: { app: join(src, 'main.tsx') },
    outdir: dist,
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: true,
    target: 'es2022',
    legalComments: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error'
  })
  await Promise.all(['index.html', 'styles.css'].map(async (name) => { await copyFile(join(src, name), join(dist, name)) }))
  const { size } = await stat(join(dist, 'app.js'))
  console.log(`web: built services/web/dist (app.js ${(size / 1024).toFixed(0)} KB)`)
} catch (err) {
  // esbuild has already printed its errors; anything else (a missing file) is printed here.
  if (!Array.isArray(err?.errors)) console.error(err)
  process.exit(1)
}
