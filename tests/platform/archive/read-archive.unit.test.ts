import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import tar from 'tar-stream'
import { DEFAULT_ARCHIVE_LIMITS, readArchive } from '../../../services/platform/archive/read-archive.js'
import { refusal } from './refusal.js'

async function plainTar (name: string, content: string): Promise<Buffer> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  pack.on('data', (chunk: unknown) => { chunks.push(chunk as Buffer) })
  const done = new Promise<void>((resolve) => pack.on('end', () => { resolve() }))
  pack.entry({ name, mtime: new Date(0) }, content)
  pack.finalize()
  await done
  return Buffer.concat(chunks)
}

const NEITHER = 'the upload is neither a .tar.gz nor a .zip archive (told apart by their first bytes); upload your solution folder as one of them.'

t.test('the default limits', async (t) => {
  t.strictSame(DEFAULT_ARCHIVE_LIMITS, { maxArchiveBytes: 1048576, maxTotalBytes: 1048576, maxFiles: 100, maxFileBytes: 262144, maxPathLength: 200 })
  t.ok(Object.isFrozen(DEFAULT_ARCHIVE_LIMITS))
})

t.test('a refusal is an Error carrying its rule', async (t) => {
  const err = await refusal(Buffer.from('hello'))
  t.ok(err instanceof Error)
  t.equal(err.name, 'ArchiveRejected')
  t.equal(err.rule, 'unsupported-format')
  t.equal(err.message, NEITHER)
})

t.test('the format is told by the first bytes, whatever the upload was called', async (t) => {
  const tarBytes = await plainTar('server.js', 'ok')
  t.strictSame(await readArchive(gzipSync(tarBytes)), { 'server.js': 'ok' }, '1f 8b: a .tar.gz')

  const random = randomBytes(4096)
  random[0] = 0x00 // neither 1f 8b nor PK
  const err = await refusal(random)
  t.equal(err.rule, 'unsupported-format')
  t.equal(err.message, NEITHER)
  t.equal((await refusal(Buffer.alloc(0))).rule, 'unsupported-format', 'an empty upload')

  const uncompressed = await refusal(tarBytes)
  t.equal(uncompressed.rule, 'unsupported-format')
  t.equal(uncompressed.message, 'the upload is an uncompressed .tar; compress it (tar -czf solution.tar.gz -C your-solution-folder .) or upload a .zip.')

  const gzipOnly = await refusal(gzipSync('console.log(1)\n'))
  t.equal(gzipOnly.rule, 'corrupt', 'gzip, but not of a tar')
})

t.test('the archive size is checked before anything is decompressed', async (t) => {
  const bytes = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(1024 * 1024 - 1)])
  const err = await refusal(bytes)
  t.equal(err.rule, 'archive-too-large')
  t.equal(err.message, "the archive is 1048577 bytes; the limit is 1048576, so upload only your solution's source files (leave out node_modules and build output).")
  const small = await refusal(gzipSync(await plainTar('server.js', 'ok')), { maxArchiveBytes: 20 })
  t.equal(small.rule, 'archive-too-large')
  t.match(small.message, /^the archive is \d+ bytes; the limit is 20, so /)
})

t.test('limits can be lowered one at a time; the others keep their defaults', async (t) => {
  const bytes = gzipSync(await plainTar('server.js', 'x'.repeat(100)))
  const err = await refusal(bytes, { maxFileBytes: 99 })
  t.equal(err.rule, 'file-too-large')
  t.equal(err.message, "archive entry 'server.js' is 100 bytes uncompressed; each file may be at most 99 bytes.")
  t.strictSame(await readArchive(bytes, { maxFileBytes: 100 }), { 'server.js': 'x'.repeat(100) })
})
