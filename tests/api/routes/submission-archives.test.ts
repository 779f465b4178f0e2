import { gzipSync } from 'node:zlib'
import t from 'tap'
import tar from 'tar-stream'
import { readFileTree } from '../../../services/platform/file-tree.js'
import { build } from '../../helpers/build-app.js'
import { startWorker, waitForResult } from '../../helpers/grading.js'
import { isolatedConfig } from '../../helpers/test-config.js'

type Entry = { name: string, content?: string, type?: 'file' | 'symlink' | 'link', linkname?: string }

/** A real .tar.gz made the way `tar -czf` would. */
async function tarGz (entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  pack.on('data', (c: unknown) => { chunks.push(c as Buffer) })
  const done = new Promise<void>((resolve) => pack.on('end', () => { resolve() }))
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? 'file', ...(e.linkname !== undefined && { linkname: e.linkname }) }, e.content ?? '')
  pack.finalize()
  await done
  return gzipSync(Buffer.concat(chunks))
}

t.test('POST /api/v1/submissions/archive', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  const upload = async (body: Buffer, exercise = 'todos-crud', type = 'application/gzip') =>
    await app.inject({ method: 'POST', url: `/api/v1/submissions/archive?exercise=${exercise}`, headers: { 'content-type': type }, payload: body })
  const solution = await readFileTree(new URL('../../../exercises/todos-crud/solution/node', import.meta.url).pathname)

  t.test('a .tar.gz of the reference solution, wrapped in a folder, is accepted and graded', async (t) => {
    await startWorker(t, config)
    const archive = await tarGz(Object.entries(solution).map(([name, content]) => ({ name: `my-solution/${name}`, content })))
    const res = await upload(archive)
    t.equal(res.statusCode, 202, res.body)
    t.match(res.headers.location, /^\/api\/v1\/submissions\//)
    const view = await waitForResult(app, res.json().id as string)
    t.equal(view.status, 'passed')
    const { rows } = await app.pg.query('SELECT files FROM submissions WHERE id = $1', [view.id])
    t.same(rows[0].files, solution, 'the stored files are exactly the solution, top folder stripped')
  })

  const refused: Array<[string, () => Promise<Buffer>, number, string, RegExp]> = [
    ['a symlink', async () => await tarGz([{ name: 'server.js', content: 'x' }, { name: 'evil.js', type: 'symlink', linkname: '/etc/passwd' }]), 400, 'ARCHIVE_SYMLINK', /evil\.js/],
    ['a hard link', async () => await tarGz([{ name: 'server.js', content: 'x' }, { name: 'copy.js', type: 'link', linkname: 'server.js' }]), 400, 'ARCHIVE_HARDLINK', /copy\.js/],
    ['a path escaping with ..', async () => await tarGz([{ name: 'server.js', content: 'x' }, { name: '../../etc/cron.d/x.js', content: 'x' }]), 400, 'ARCHIVE_PARENT_PATH', /\.\./],
    ['an absolute path', async () => await tarGz([{ name: 'server.js', content: 'x' }, { name: '/root/.ssh/x.js', content: 'x' }]), 400, 'ARCHIVE_ABSOLUTE_PATH', /\/root\/\.ssh\/x\.js/],
    ['a decompression bomb', async () => await tarGz([{ name: 'server.js', content: '\n'.repeat(20 * 1024 * 1024) }]), 413, 'ARCHIVE_TOTAL_TOO_LARGE', /expands to more than \d+ bytes/],
    ['something that is not an archive', async () => Buffer.from('just some text, not an archive at all'), 400, 'ARCHIVE_UNSUPPORTED_FORMAT', /neither a \.tar\.gz nor a \.zip/]
  ]
  for (const [what, make, status, code, message] of refused) {
    t.test(`refuses ${what} with ${status}, naming the rule`, async (t) => {
      const res = await upload(await make())
      t.equal(res.statusCode, status, res.body)
      t.match(res.json().error.code, new RegExp(`^${code}`))
      t.match(res.json().error.message, message)
    })
  }

  t.test('an archive over the upload limit is a 413, an unknown exercise a 404, a text body a 415', async (t) => {
    const big = await upload(Buffer.alloc(2 * 1024 * 1024, 1))
    t.equal(big.statusCode, 413)
    t.equal(big.json().error.code, 'BODY_TOO_LARGE')
    const unknown = await upload(await tarGz([{ name: 'server.js', content: 'x' }]), 'no-such-exercise')
    t.equal(unknown.statusCode, 404)
    const text = await upload(Buffer.from('x'), 'todos-crud', 'text/plain')
    t.equal(text.statusCode, 415)
    t.match(text.json(), { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: /send the \.tar\.gz or \.zip/ } })
  })

  t.test('refused uploads store nothing', async (t) => {
    const { rows } = await app.pg.query('SELECT count(*)::int AS n FROM submissions')
    t.equal(rows[0].n, 1)
  })
})
