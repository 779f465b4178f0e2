import { access } from 'node:fs/promises'
import { join } from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import { repoRoot } from '../../platform/config.js'

/**
 * Built by scripts/build-web.mjs (setup runs it); never committed. Found from the repository's
 * root, not this module: bundled (scripts/build-services.mjs), it is in dist/.
 */
const DIST = join(repoRoot, 'services/web/dist/')

/** The paths the web app routes itself: each answers its one page, which then shows the right view. */
const PAGES = ['/', '/login', '/signup', '/exercises/*', '/submissions/*', '/instructor', '/instructor/*']

/**
 * No script but the app's own, no inline script, nothing framed, requests only to this origin:
 * if a learner's output ever reached the page as markup, it still could not run.
 * (CodeMirror sets inline styles, hence 'unsafe-inline' for styles only.)
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/** The web app for learners and instructors: its assets under /assets/, and its page at its paths. */
export default fp(async (app) => {
  const built = await access(DIST).then(() => true, () => false)
  await app.register(fastifyStatic, {
    root: DIST,
    prefix: '/assets/',
    index: false,
    wildcard: true,
    // /assets/index.html is the page too: it gets the same policy as at its own paths.
    setHeaders: (res) => { res.setHeader('content-security-policy', CSP); res.setHeader('x-content-type-options', 'nosniff') }
  })
  for (const path of PAGES) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) => {
      if (!built) return await reply.code(503).type('text/plain').send('The web app is not built: run `node scripts/build-web.mjs` (scripts/setup.sh does).')
      return await reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin').sendFile('index.html', { maxAge: 0 })
    })
  }
}, { name: 'web-app' })
