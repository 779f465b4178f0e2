import t from 'tap'
import { ArchiveFiles } from '../../../services/platform/archive/archive-files.js'
import { ArchiveRejected, DEFAULT_ARCHIVE_LIMITS } from '../../../services/platform/archive/archive-rules.js'

/** Chunks of 64 KiB, recording how many were pulled, to show reading stops at the cap. */
function source (chunks: number): { content: AsyncIterable<Uint8Array>, pulled: () => number } {
  let pulled = 0
  async function * generate (): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < chunks; i++) {
      pulled++
      yield Buffer.alloc(64 * 1024, 'a')
    }
  }
  return { content: generate(), pulled: () => pulled }
}

async function rejection (promise: Promise<unknown>): Promise<ArchiveRejected> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ArchiveRejected) return err
    throw err
  }
  throw new Error('accepted')
}

// Formats cannot make a header lie past their own checks (tar sizes are the layout; yauzl checks
// zip sizes), so the byte counting underneath them is tested here with headers that do lie.
t.test('content is counted as it arrives, whatever the header declared', async (t) => {
  const files = new ArchiveFiles(DEFAULT_ARCHIVE_LIMITS)
  const admitted = files.admit({ name: 'liar.js', kind: 'file', declaredSize: 10 })
  t.strictSame(admitted, { name: 'liar.js', path: 'liar.js' })
  if (admitted === undefined) return
  const { content, pulled } = source(1000) // 64 MiB if read to the end
  const err = await rejection(files.take(admitted, content))
  t.equal(err.rule, 'file-too-large')
  t.equal(err.message, "archive entry 'liar.js' is more than 262144 bytes uncompressed; each file may be at most 262144 bytes.")
  t.equal(pulled(), 5, 'stopped at the first chunk past 256 KiB')
})

t.test('the total is counted across files as they arrive', async (t) => {
  const files = new ArchiveFiles({ ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 300 * 1024 })
  const a = files.admit({ name: 'a.js', kind: 'file', declaredSize: 0 })
  const b = files.admit({ name: 'b.js', kind: 'file', declaredSize: 0 })
  if (a === undefined || b === undefined) throw new Error('skipped')
  await files.take(a, source(3).content) // 192 KiB
  const { content, pulled } = source(1000)
  const err = await rejection(files.take(b, content))
  t.equal(err.rule, 'total-too-large')
  t.equal(err.message, "the archive's files add up to more than 307200 bytes uncompressed (stopped at archive entry 'b.js'); upload only your solution's source files (leave out node_modules and build output).")
  t.equal(pulled(), 2, 'stopped at the first chunk past the total')
})

t.test('directories and macOS metadata are skipped; the root is a directory', async (t) => {
  const files = new ArchiveFiles(DEFAULT_ARCHIVE_LIMITS)
  for (const name of ['src/', './', '.', 'x/.DS_Store', '._server.js', '__MACOSX/a/b.js']) {
    t.equal(files.admit({ name, kind: name.endsWith('/') ? 'directory' : 'file', declaredSize: 1 }), undefined, name)
  }
  t.strictSame(files.fileMap(), {})
})
