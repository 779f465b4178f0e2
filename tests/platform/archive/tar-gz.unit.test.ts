import { execFileSync } from 'node:child_process'
import { linkSync, mkdirSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { constants, crc32, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib'
import t, { type Test } from 'tap'
import tar from 'tar-stream'
import { readArchive } from '../../../services/platform/archive/read-archive.js'
import { refusal } from './refusal.js'

const MiB = 1024 * 1024
const LEAVE_OUT = "upload only your solution's source files (leave out node_modules and build output)"

interface TarEntry {
  name: string
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo'
  linkname?: string
  content?: string | Buffer
}

/** A real .tar.gz, packed with tar-stream and gzipped, as any tar tool would write it. */
async function tarGz (entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  pack.on('data', (chunk: unknown) => { chunks.push(chunk as Buffer) })
  const done = new Promise<void>((resolve) => pack.on('end', () => { resolve() }))
  for (const { name, type = 'file', linkname, content = '' } of entries) {
    const header = { name, type, mtime: new Date(0), ...(linkname === undefined ? {} : { linkname }) }
    if (type === 'file') pack.entry(header, content)
    else pack.entry(header)
  }
  pack.finalize()
  await done
  return gzipSync(Buffer.concat(chunks))
}

/** Runs the system's GNU tar in a fresh folder made from `files`, and returns the .tar.gz it wrote. */
async function systemTarGz (t: Test, files: Record<string, string>, args: string[]): Promise<Buffer> {
  const dir = t.testdir()
  const folder = join(dir, 'in')
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true })
    writeFileSync(join(folder, path), content)
  }
  execFileSync('tar', ['-czf', join(dir, 'out.tar.gz'), '-C', folder, ...args])
  return await readFile(join(dir, 'out.tar.gz'))
}

t.test('a .tar.gz made by GNU tar becomes the exact file map', async (t) => {
  const files = { 'server.js': 'import http from "node:http"\n', 'package.json': '{"type":"module"}\n', 'src/db.js': 'export const rows = []\n' }
  const bytes = await systemTarGz(t, files, ['--sort=name', 'server.js', 'package.json', 'src'])
  t.strictSame(await readArchive(bytes), { 'server.js': files['server.js'], 'package.json': files['package.json'], 'src/db.js': files['src/db.js'] })
})

t.test("'./' prefixes (tar -C folder .) are normalised away, directory entries skipped", async (t) => {
  const bytes = await systemTarGz(t, { 'server.js': 'a', 'src/app.js': 'b' }, ['--sort=name', '.'])
  t.strictSame(await readArchive(bytes), { 'server.js': 'a', 'src/app.js': 'b' })
})

t.test('a single top-level folder wrapping every file is stripped; two top folders are kept', async (t) => {
  const wrapped = await systemTarGz(t, { 'my-solution/server.js': 'a', 'my-solution/src/app.js': 'b' }, ['my-solution'])
  t.strictSame(await readArchive(wrapped), { 'server.js': 'a', 'src/app.js': 'b' })
  const two = await tarGz([{ name: 'a/x.js', content: '1' }, { name: 'b/y.js', content: '2' }])
  t.strictSame(await readArchive(two), { 'a/x.js': '1', 'b/y.js': '2' })
  const rootFile = await tarGz([{ name: 'server.js', content: '1' }, { name: 'src/app.js', content: '2' }])
  t.strictSame(await readArchive(rootFile), { 'server.js': '1', 'src/app.js': '2' })
})

t.test('GNU long names and pax headers (long and non-ASCII paths) are read', async (t) => {
  const long = `${'deeply-nested-folder/'.repeat(6)}file.js` // 130 characters: beyond ustar's 100
  t.equal(long.length, 133)
  const files = { [long]: 'long', 'ünïcödé.js': 'ü' }
  for (const format of ['gnu', 'pax']) {
    const bytes = await systemTarGz(t, files, [`--format=${format}`, '--sort=name', 'deeply-nested-folder', 'ünïcödé.js'])
    t.strictSame(await readArchive(bytes), files, format)
  }
})

t.test('macOS metadata is dropped silently', async (t) => {
  const bytes = await tarGz([
    { name: 'my-solution/._server.js', content: Buffer.from([0, 5, 22, 7, 0xff]) },
    { name: 'my-solution/server.js', content: 'ok' },
    { name: 'my-solution/.DS_Store', content: Buffer.from([0, 0, 0, 1, 0xb0]) },
    { name: '__MACOSX/my-solution/._server.js', content: Buffer.from([0xff]) }
  ])
  t.strictSame(await readArchive(bytes), { 'server.js': 'ok' })
})

t.test("a file named __proto__ is an ordinary key, not the map's prototype", async (t) => {
  const files = await readArchive(await tarGz([{ name: '__proto__', content: 'x' }, { name: 'server.js', content: 'y' }]))
  t.strictSame(Object.keys(files), ['__proto__', 'server.js'])
  t.equal(Object.getPrototypeOf(files), Object.prototype)
  t.equal(Object.getOwnPropertyDescriptor(files, '__proto__')?.value, 'x')
})

t.test('entries that would reach outside the solution folder are refused, naming the entry', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['../../etc/cron.d/x', 'parent-path', "archive entry '../../etc/cron.d/x' contains '..'; every file must stay inside your solution folder."],
    ['src/../../x.js', 'parent-path', "archive entry 'src/../../x.js' contains '..'; every file must stay inside your solution folder."],
    ['/root/.ssh/x', 'absolute-path', "archive entry '/root/.ssh/x' is an absolute path; every path must be relative to your solution folder, such as server.js."],
    ['C:\\x.js', 'absolute-path', "archive entry 'C:\\\\x.js' is an absolute path; every path must be relative to your solution folder, such as server.js."],
    ['\\\\host\\share\\x.js', 'absolute-path', "archive entry '\\\\\\\\host\\\\share\\\\x.js' is an absolute path; every path must be relative to your solution folder, such as server.js."],
    ['src\\app.js', 'invalid-character', "archive entry 'src\\\\app.js' contains a backslash; use '/' between folders."],
    ['a\u0001b.js', 'invalid-character', "archive entry 'a\\u0001b.js' contains control characters; rename it with printable characters only."]
  ]
  for (const [name, rule, message] of cases) {
    const err = await refusal(await tarGz([{ name: 'server.js', content: 'ok' }, { name, content: 'x' }]))
    t.equal(err.rule, rule, name)
    t.equal(err.message, message)
  }
})

t.test('a path over the length cap is refused (written as a pax header)', async (t) => {
  const name = `src/${'a'.repeat(197)}.js`
  t.equal(name.length, 204)
  const err = await refusal(await tarGz([{ name, content: 'x' }]))
  t.equal(err.rule, 'path-too-long')
  t.equal(err.message, `archive entry 'src/${'a'.repeat(113)}...' has a path of 204 characters; the limit is 200, so use shorter folder and file names.`)
  const accepted = await tarGz([{ name: 'server.js', content: 's' }, { name, content: 'x' }])
  t.strictSame(await readArchive(accepted, { maxPathLength: 204 }), { 'server.js': 's', [name]: 'x' })
})

t.test('a symlink a -> /etc/passwd, then a/x, is refused at the symlink', async (t) => {
  const err = await refusal(await tarGz([
    { name: 'a', type: 'symlink', linkname: '/etc/passwd' },
    { name: 'a/x', content: 'root::0:0::/root:/bin/sh\n' }
  ]))
  t.equal(err.rule, 'symlink')
  t.equal(err.message, "archive entry 'a' is a symbolic link (to '/etc/passwd'); put the file itself in the archive instead.")
})

t.test('a hard link, as GNU tar writes for a second name of the same file, is refused', async (t) => {
  const dir = t.testdir({ 'copy.js': 'same inode' })
  linkSync(join(dir, 'copy.js'), join(dir, 'server.js'))
  execFileSync('tar', ['-czf', join(dir, 'out.tar.gz'), '-C', dir, '--sort=name', 'copy.js', 'server.js'])
  const err = await refusal(await readFile(join(dir, 'out.tar.gz')))
  t.equal(err.rule, 'hardlink')
  t.equal(err.message, "archive entry 'server.js' is a hard link (to 'copy.js'); put the file itself in the archive instead.")
})

t.test('device and fifo entries are refused', async (t) => {
  const cases: Array<[TarEntry['type'], string]> = [
    ['character-device', 'a character device'], ['block-device', 'a block device'], ['fifo', 'a named pipe (FIFO)']
  ]
  for (const [type, what] of cases) {
    const err = await refusal(await tarGz([{ name: 'server.js', content: 'ok' }, { name: 'dev/x', type }]))
    t.equal(err.rule, 'special-file', String(type))
    t.equal(err.message, `archive entry 'dev/x' is ${what}; only regular files and folders can be uploaded.`)
  }
})

t.test('duplicate names are refused, also after normalisation', async (t) => {
  const cases: Array<[string, string]> = [['server.js', 'server.js'], ['server.js', './server.js'], ['a/b.js', 'a/./b.js'], ['a/b.js', 'a//b.js']]
  for (const [first, second] of cases) {
    const err = await refusal(await tarGz([{ name: first, content: '1' }, { name: second, content: '2' }]))
    t.equal(err.rule, 'duplicate-name', `${first} then ${second}`)
    t.equal(err.message, `archive entry '${second}' names the same file as the earlier archive entry '${first}'; keep only one of them.`)
  }
  const clash = await refusal(await tarGz([{ name: 'lib', content: '1' }, { name: 'lib/x.js', content: '2' }]))
  t.equal(clash.rule, 'duplicate-name')
  t.equal(clash.message, "archive entry 'lib/x.js' is inside 'lib', which the archive entry 'lib' makes a file; rename one of them.")
})

t.test('files that are not UTF-8 text are refused, naming the first byte that is not', async (t) => {
  const latin1 = await refusal(await tarGz([{ name: 'notes.txt', content: Buffer.from('ok\ncaf\xe9', 'latin1') }]))
  t.equal(latin1.rule, 'not-utf8')
  t.equal(latin1.message, "archive entry 'notes.txt' is not UTF-8 text: byte 0xE9 at line 2, column 4 (byte 6) is not valid UTF-8; " +
    'only text files (source code, JSON, Markdown...) can be uploaded, so leave it out or save it as UTF-8.')
  // A UTF-16 surrogate encoded on its own (CESU-8/WTF-8): not UTF-8, and no character either.
  const surrogate = await refusal(await tarGz([{ name: 'a.js', content: Buffer.concat([Buffer.from('// é '), Buffer.from([0xed, 0xa0, 0x80])]) }]))
  t.equal(surrogate.rule, 'not-utf8')
  t.match(surrogate.message, /^archive entry 'a\.js' is not UTF-8 text: byte 0xED at line 1, column 6 \(byte 6\) is not valid UTF-8/)
  // valid UTF-8, but a NUL marks a binary file (and PostgreSQL cannot store one)
  const nul = await refusal(await tarGz([{ name: 'data.bin', content: 'const a = 1\n  b\0\n' }]))
  t.equal(nul.rule, 'nul-character')
  t.equal(nul.message, "archive entry 'data.bin' has a NUL byte at line 2, column 4 (byte 15), which text cannot hold " +
    '(it marks a binary file); leave the file out, or remove the NUL (in code, write the escape \\0 instead).')
  t.strictSame(await readArchive(await tarGz([{ name: 'bom.js', content: '\ufeffconst é = 1' }])), { 'bom.js': '\ufeffconst é = 1' }, 'UTF-8 with a BOM is kept as is')
})

t.test('names that would display as something they are not are refused', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['src/evil\u202ejs.txt', /^archive entry 'src\/evil\\u202ejs\.txt' contains the invisible bidirectional control U\+202E/],
    ['src/a\u2028b.js', /^archive entry 'src\/a\\u2028b\.js' contains the line or paragraph separator U\+2028/],
    ['src/a\u2066b.js', /bidirectional control U\+2066/],
    ['src/s\u0435rver.js', /mixes Latin and Cyrillic letters/],
    ['src/a\u200db.js', /U\+200D, a character that shows as nothing/]
  ]
  for (const [name, message] of cases) {
    const err = await refusal(await tarGz([{ name: 'server.js', content: 'ok' }, { name, content: 'x' }]))
    t.equal(err.rule, 'invalid-character', name.replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`))
    t.match(err.message, message)
  }
  // A name in bytes that are not UTF-8: 'caf\xe9.js' in Latin-1, patched into a ustar header
  // whose checksum is then written again.
  const raw = gunzipSync(await tarGz([{ name: 'cafX.js', content: 'x' }]))
  raw[3] = 0xe9
  raw.fill(0x20, 148, 156)
  let sum = 0
  for (const b of raw.subarray(0, 512)) sum += b
  raw.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
  const bytes = gzipSync(raw)
  const err = await refusal(bytes)
  t.equal(err.rule, 'not-utf8')
  t.equal(err.message, "archive entry 'caf\ufffd.js' has a name that is not valid UTF-8; rename it.")
})

t.test('the file, total and count caps are enforced', async (t) => {
  const big = await refusal(await tarGz([{ name: 'big.js', content: Buffer.alloc(256 * 1024 + 1, 'a') }]))
  t.equal(big.rule, 'file-too-large')
  t.equal(big.message, "archive entry 'big.js' is 262145 bytes uncompressed; each file may be at most 262144 bytes.")
  t.strictSame(Object.keys(await readArchive(await tarGz([{ name: 'max.js', content: Buffer.alloc(256 * 1024, 'a') }]))), ['max.js'])

  const five = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.js`, content: Buffer.alloc(250 * 1024, 'a') }))
  const total = await refusal(await tarGz(five))
  t.equal(total.rule, 'total-too-large')
  t.equal(total.message, `the archive's files add up to more than 1048576 bytes uncompressed (stopped at archive entry 'f4.js'); ${LEAVE_OUT}.`)

  const many = Array.from({ length: 101 }, (_, i) => ({ name: `f${String(i).padStart(3, '0')}.js`, content: 'x' }))
  const count = await refusal(await tarGz(many))
  t.equal(count.rule, 'too-many-files')
  t.equal(count.message, `the archive holds more than 100 files (stopped at archive entry 'f100.js'); ${LEAVE_OUT}.`)
  t.equal(Object.keys(await readArchive(await tarGz(many.slice(0, 100)))).length, 100)
})

/**
 * A real gzip bomb: one gzip member inflating to 2 GiB of zeros, in about 2 MB. Deflating 2 GiB
 * would take the test ten seconds, so the same fully flushed deflate blocks (each a complete,
 * independent encoding of 16 MiB of zeros) are repeated, then closed with the trailer's CRC-32
 * and size: `gzip -t` accepts it and `gzip -dc` writes 2147483648 bytes.
 */
function gzipBomb (): Buffer {
  const zeros = Buffer.alloc(16 * MiB)
  const block = deflateRawSync(zeros, { level: 9, finishFlush: constants.Z_FULL_FLUSH })
  let crc = 0
  for (let i = 0; i < 128; i++) crc = crc32(zeros, crc)
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc, 0)
  trailer.writeUInt32LE((128 * 16 * MiB) % 2 ** 32, 4)
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])
  return Buffer.concat([header, ...Array<Buffer>(128).fill(block), deflateRawSync(Buffer.alloc(0)), trailer])
}

t.test('a gzip bomb (2 GiB of zeros in 2 MB) is refused in well under a second, with bounded memory', async (t) => {
  const bomb = gzipBomb()
  t.ok(bomb.length < 2.5 * MiB, `${bomb.length} bytes`)
  const before = process.memoryUsage()
  const start = performance.now()
  const err = await refusal(bomb, { maxArchiveBytes: 4 * MiB })
  const ms = performance.now() - start
  const after = process.memoryUsage()
  t.equal(err.rule, 'total-too-large')
  t.equal(err.message, `the archive expands to more than ${2 * MiB} bytes when decompressed; ${LEAVE_OUT}.`)
  t.ok(ms < 500, `refused in ${ms.toFixed(0)} ms`)
  t.ok(after.heapUsed - before.heapUsed < 64 * MiB, `heap grew ${((after.heapUsed - before.heapUsed) / MiB).toFixed(1)} MiB`)
  t.ok(after.rss - before.rss < 64 * MiB, `rss grew ${((after.rss - before.rss) / MiB).toFixed(1)} MiB`)
})

t.test('bytes of skipped entries count towards the decompression cap too', async (t) => {
  // 3 MiB of macOS metadata: dropped, never kept, but still decompressed, so it is capped.
  const junk = Array.from({ length: 3 }, (_, i) => ({ name: `__MACOSX/._f${i}`, content: Buffer.alloc(MiB) }))
  const err = await refusal(await tarGz([{ name: 'server.js', content: 'ok' }, ...junk]))
  t.equal(err.rule, 'total-too-large')
  t.equal(err.message, `the archive expands to more than ${2 * MiB} bytes when decompressed; ${LEAVE_OUT}.`)
})

t.test('truncated or damaged archives are corrupt', async (t) => {
  const good = await tarGz([{ name: 'server.js', content: 'x'.repeat(5000) }, { name: 'b.js', content: 'y' }])
  const truncated = await refusal(good.subarray(0, good.length - 20))
  t.equal(truncated.rule, 'corrupt')
  t.equal(truncated.message, 'the .tar.gz archive is damaged or truncated (unexpected end of file); create it again, for example with tar -czf solution.tar.gz -C your-solution-folder .')

  const flipped = Buffer.from(good)
  flipped[20] = (flipped[20] ?? 0) ^ 0xff
  const damaged = await refusal(flipped)
  t.equal(damaged.rule, 'corrupt')
  t.match(damaged.message, /^the \.tar\.gz archive is damaged or truncated \(/)

  const notTar = await refusal(gzipSync(Buffer.alloc(1024, 'not a tar header ')))
  t.equal(notTar.rule, 'corrupt')
  t.match(notTar.message, /^the \.tar\.gz archive is damaged or truncated \(Invalid tar header/)

  // a whole gzip stream whose tar inside stops in the middle of a file
  const pack = tar.pack()
  const chunks: Buffer[] = []
  pack.on('data', (c: unknown) => { chunks.push(c as Buffer) })
  const ended = new Promise<void>((resolve) => pack.on('end', () => { resolve() }))
  pack.entry({ name: 'server.js' }, 'z'.repeat(2000))
  pack.finalize()
  await ended
  const cut = await refusal(gzipSync(Buffer.concat(chunks).subarray(0, 1024)))
  t.equal(cut.rule, 'corrupt')
  t.equal(cut.message, 'the .tar.gz archive is damaged or truncated (Unexpected end of data); create it again, for example with tar -czf solution.tar.gz -C your-solution-folder .')
})
