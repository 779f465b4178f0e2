import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { constants, crc32, deflateRawSync } from 'node:zlib'
import t, { type Test } from 'tap'
import { ArchiveRejected, readArchive } from '../../../services/platform/archive/read-archive.js'
import { refusal } from './refusal.js'

const MiB = 1024 * 1024
const LEAVE_OUT = "upload only your solution's source files (leave out node_modules and build output)"
const installed = (command: string): boolean => spawnSync(command, ['-v']).status === 0
const noZip = installed('zip') ? false : 'the zip command is not installed (apt-get install zip)'
const noUnzip = installed('unzip') ? false : 'the unzip command is not installed (apt-get install unzip)'

interface ZipEntry {
  /** A string is written as UTF-8 with the UTF-8 flag; a Buffer as is, with the same flag. */
  name: string | Buffer
  content?: string | Buffer
  /** 8 (deflate, the default), 0 (stored), or any other method number, the content copied as is. */
  method?: number
  /** Unix mode for the high 16 bits of the external attributes; 0o100644 unless given. */
  unixMode?: number
  encrypted?: boolean
  /** An uncompressed size to declare instead of the true one. */
  declaredSize?: number
  /** Raw deflate data to store instead of compressing `content` (whose size and CRC are still declared). */
  deflated?: Buffer
  crc?: number
  /** The index of an earlier entry whose data this entry's central record points at. */
  sameDataAs?: number
}

/**
 * Writes a real zip (local file headers, central directory, end record: APPNOTE 4.3) exactly as
 * described, including what no honest tool writes, such as sizes that lie. `unzip -t` accepts
 * its honest archives (tested below).
 */
function zip (entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  const records: Array<{ offset: number, head: Buffer }> = []
  let offset = 0
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name
    const content = typeof e.content === 'string' ? Buffer.from(e.content, 'utf8') : e.content ?? Buffer.alloc(0)
    const method = e.method ?? 8
    let data = e.deflated ?? (method === 8 ? deflateRawSync(content) : content)
    if (e.encrypted === true) data = Buffer.concat([Buffer.alloc(12, 0x5a), data])
    // version needed, flags (bit 0 encrypted, bit 11 UTF-8 names), method, time, date, crc, sizes
    const head = Buffer.alloc(22)
    head.writeUInt16LE(20, 0)
    head.writeUInt16LE((e.encrypted === true ? 1 : 0) | 0x800, 2)
    head.writeUInt16LE(method, 4)
    head.writeUInt16LE(0, 6)
    head.writeUInt16LE(0x21, 8) // 1980-01-01
    head.writeUInt32LE(e.crc ?? crc32(content), 10)
    head.writeUInt32LE(data.length, 14)
    head.writeUInt32LE(e.declaredSize ?? content.length, 18)
    let record = e.sameDataAs === undefined ? undefined : records[e.sameDataAs]
    if (record === undefined) {
      const local = Buffer.concat([u32(0x04034b50), head, u16(name.length), u16(0), name, data])
      record = { offset, head }
      records.push(record)
      parts.push(local)
      offset += local.length
    }
    const external = ((e.unixMode ?? 0o100644) << 16) >>> 0
    central.push(Buffer.concat([
      u32(0x02014b50), u16(0x0314), record.head, u16(name.length), u16(0), u16(0), u16(0), u16(0),
      u32(external), u32(record.offset), name
    ]))
  }
  const directory = Buffer.concat(central)
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length),
    u32(directory.length), u32(offset), u16(0)])
  return Buffer.concat([...parts, directory, end])
}

function u16 (n: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(n)
  return b
}

function u32 (n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n >>> 0)
  return b
}

/** Runs Info-ZIP's zip in a fresh folder made by `prepare`, and returns the .zip it wrote. */
async function systemZip (t: Test, prepare: (folder: string) => void, args: string[]): Promise<Buffer> {
  const dir = t.testdir()
  const folder = join(dir, 'in')
  mkdirSync(folder)
  prepare(folder)
  execFileSync('zip', ['-q', ...args, join(dir, 'out.zip')].concat(args.includes('-r') ? ['.'] : []), { cwd: folder })
  return await readFile(join(dir, 'out.zip'))
}

t.test('a zip becomes the exact file map; stored and deflated entries, UTF-8 names, empty files', async (t) => {
  const bytes = zip([
    { name: 'server.js', content: 'import http from "node:http"\n' },
    { name: 'package.json', content: '{"type":"module"}\n', method: 0 },
    { name: 'src/', unixMode: 0o040755 },
    { name: 'src/ünïcödé.js', content: 'export const é = 1\n' },
    { name: 'src/empty.js' }
  ])
  t.strictSame(await readArchive(bytes), {
    'server.js': 'import http from "node:http"\n',
    'package.json': '{"type":"module"}\n',
    'src/ünïcödé.js': 'export const é = 1\n',
    'src/empty.js': ''
  })
  t.strictSame(await readArchive(zip([])), {}, 'an empty zip is only an end record')
})

t.test("the test's zip writer makes archives that unzip accepts", { skip: noUnzip }, async (t) => {
  const dir = t.testdir()
  writeFileSync(join(dir, 'w.zip'), zip([{ name: 'server.js', content: 'a'.repeat(1000) }, { name: 'b.js', content: 'b', method: 0 }]))
  const listing = execFileSync('unzip', ['-t', join(dir, 'w.zip')], { encoding: 'utf8' })
  t.match(listing, /testing: server\.js\s+OK[\s\S]*testing: b\.js\s+OK[\s\S]*No errors detected/)
})

t.test('a folder zipped by Info-ZIP: directories skipped, the top folder stripped', { skip: noZip }, async (t) => {
  const bytes = await systemZip(t, (folder) => {
    mkdirSync(join(folder, 'my-solution/src'), { recursive: true })
    writeFileSync(join(folder, 'my-solution/server.js'), 'a')
    writeFileSync(join(folder, 'my-solution/src/app.js'), 'b')
  }, ['-r'])
  t.strictSame(await readArchive(bytes), { 'server.js': 'a', 'src/app.js': 'b' })
})

t.test('macOS metadata (as Finder writes it) is dropped and the top folder stripped', async (t) => {
  const bytes = zip([
    { name: 'my-solution/', unixMode: 0o040755 },
    { name: 'my-solution/server.js', content: 'ok' },
    { name: 'my-solution/.DS_Store', content: Buffer.from([0, 0, 0, 1, 0xb0]) },
    { name: '__MACOSX/', unixMode: 0o040755 },
    { name: '__MACOSX/my-solution/._server.js', content: Buffer.from([0, 5, 22, 7, 0xff]) }
  ])
  t.strictSame(await readArchive(bytes), { 'server.js': 'ok' })
})

t.test('names are judged by our rules, before yauzl would rewrite or refuse them', async (t) => {
  const cases: Array<[string | Buffer, string, string]> = [
    ['../../etc/cron.d/x', 'parent-path', "archive entry '../../etc/cron.d/x' contains '..'; every file must stay inside your solution folder."],
    ['/root/.ssh/x', 'absolute-path', "archive entry '/root/.ssh/x' is an absolute path; every path must be relative to your solution folder, such as server.js."],
    ['C:\\x.js', 'absolute-path', "archive entry 'C:\\\\x.js' is an absolute path; every path must be relative to your solution folder, such as server.js."],
    ['\\\\host\\x.js', 'absolute-path', "archive entry '\\\\\\\\host\\\\x.js' is an absolute path; every path must be relative to your solution folder, such as server.js."],
    ['src\\..\\..\\x.js', 'invalid-character', "archive entry 'src\\\\..\\\\..\\\\x.js' contains a backslash; use '/' between folders."],
    ['a\u0000b.js', 'invalid-character', "archive entry 'a\\u0000b.js' contains control characters; rename it with printable characters only."],
    [Buffer.from([0x66, 0xff, 0x2e, 0x6a, 0x73]), 'not-utf8', "archive entry 'f\ufffd.js' has a name that is not valid UTF-8; rename it."]
  ]
  for (const [name, rule, message] of cases) {
    const err = await refusal(zip([{ name: 'server.js', content: 'ok' }, { name, content: 'x' }]))
    t.equal(err.rule, rule, String(name))
    t.equal(err.message, message)
  }
})

t.test('a symlink (Unix mode in the external attributes) is refused, even before a/x', async (t) => {
  const err = await refusal(zip([
    { name: 'a', content: '/etc/passwd', method: 0, unixMode: 0o120777 },
    { name: 'a/x', content: 'root::0:0::/root:/bin/sh\n' }
  ]))
  t.equal(err.rule, 'symlink')
  t.equal(err.message, "archive entry 'a' is a symbolic link; put the file itself in the archive instead.")
})

t.test('a symlink stored by zip -y is refused', { skip: noZip }, async (t) => {
  const bytes = await systemZip(t, (folder) => {
    writeFileSync(join(folder, 'server.js'), 'ok')
    symlinkSync('/etc/passwd', join(folder, 'passwd'))
  }, ['-y', '-r'])
  const err = await refusal(bytes)
  t.equal(err.rule, 'symlink')
  t.equal(err.message, "archive entry 'passwd' is a symbolic link; put the file itself in the archive instead.")
})

t.test('device, fifo and socket entries are refused', async (t) => {
  const cases: Array<[number, string]> = [
    [0o020644, 'a character device'], [0o060644, 'a block device'], [0o010644, 'a named pipe (FIFO)'], [0o140755, 'a socket']
  ]
  for (const [unixMode, what] of cases) {
    const err = await refusal(zip([{ name: 'dev/x', unixMode }]))
    t.equal(err.rule, 'special-file', what)
    t.equal(err.message, `archive entry 'dev/x' is ${what}; only regular files and folders can be uploaded.`)
  }
})

t.test('encrypted entries are refused', async (t) => {
  const err = await refusal(zip([{ name: 'server.js', content: 'secret', method: 0, encrypted: true }]))
  t.equal(err.rule, 'encrypted')
  t.equal(err.message, "archive entry 'server.js' is encrypted; create the zip without a password.")
})

t.test('a zip made with zip -P (a password) is refused', { skip: noZip }, async (t) => {
  const bytes = await systemZip(t, (folder) => { writeFileSync(join(folder, 'server.js'), 'ok') }, ['-P', 'secret', '-r'])
  const err = await refusal(bytes)
  t.equal(err.rule, 'encrypted')
  t.equal(err.message, "archive entry 'server.js' is encrypted; create the zip without a password.")
})

t.test('compression methods other than stored and deflate are refused', async (t) => {
  const err = await refusal(zip([{ name: 'server.js', content: 'BZh91AY&SY', method: 12 }]))
  t.equal(err.rule, 'unsupported-format')
  t.equal(err.message, "archive entry 'server.js' uses compression method 12; create the zip with the standard (deflate) compression.")
})

t.test('duplicate names are refused, also after normalisation', async (t) => {
  for (const [first, second] of [['server.js', 'server.js'], ['server.js', './server.js'], ['a/b.js', 'a/./b.js']] as const) {
    const err = await refusal(zip([{ name: first, content: '1' }, { name: second, content: '2' }]))
    t.equal(err.rule, 'duplicate-name', `${first} then ${second}`)
    t.equal(err.message, `archive entry '${second}' names the same file as the earlier archive entry '${first}'; keep only one of them.`)
  }
})

t.test('files that are not UTF-8 text are refused', async (t) => {
  const err = await refusal(zip([{ name: 'logo.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]) }]))
  t.equal(err.rule, 'not-utf8')
  t.equal(err.message, "archive entry 'logo.png' is not UTF-8 text: byte 0x89 at line 1, column 1 (byte 0) is not valid UTF-8; " +
    'only text files (source code, JSON, Markdown...) can be uploaded, so leave it out or save it as UTF-8.')
  const nul = await refusal(zip([{ name: 'a.js', content: 'x\0' }]))
  t.equal(nul.rule, 'nul-character')
  t.match(nul.message, /^archive entry 'a\.js' has a NUL byte at line 1, column 2 \(byte 1\)/)
})

t.test('names with bidi controls or separators are refused', async (t) => {
  for (const [name, message] of [['evil\u202ejs.txt', /bidirectional control U\+202E/], ['a\u2029b.js', /separator U\+2029/]] as const) {
    const err = await refusal(zip([{ name: 'server.js', content: 'ok' }, { name, content: 'x' }]))
    t.equal(err.rule, 'invalid-character', name.replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`))
    t.match(err.message, message)
  }
})

t.test('the file, total, count and path caps are enforced', async (t) => {
  const big = await refusal(zip([{ name: 'big.js', content: Buffer.alloc(256 * 1024 + 1, 'a') }]))
  t.equal(big.rule, 'file-too-large')
  t.equal(big.message, "archive entry 'big.js' is 262145 bytes uncompressed; each file may be at most 262144 bytes.")

  const many = Array.from({ length: 101 }, (_, i) => ({ name: `f${i}.js`, content: 'x' }))
  const count = await refusal(zip(many))
  t.equal(count.rule, 'too-many-files')
  t.equal(count.message, `the archive holds more than 100 files (stopped at archive entry 'f100.js'); ${LEAVE_OUT}.`)

  const long = await refusal(zip([{ name: `${'a'.repeat(201)}`, content: 'x' }]))
  t.equal(long.rule, 'path-too-long')
  t.match(long.message, /^archive entry 'a{117}\.\.\.' has a path of 201 characters; the limit is 200/)
})

/** 1 GiB of zeros as raw deflate, in about 1 MB: one fully flushed 16 MiB block, repeated, then closed. */
function deflatedZeros (): { deflated: Buffer, size: number, crc: number } {
  const zeros = Buffer.alloc(16 * MiB)
  const block = deflateRawSync(zeros, { level: 9, finishFlush: constants.Z_FULL_FLUSH })
  let crc = 0
  for (let i = 0; i < 64; i++) crc = crc32(zeros, crc)
  return { deflated: Buffer.concat([...Array<Buffer>(64).fill(block), deflateRawSync(Buffer.alloc(0))]), size: 64 * 16 * MiB, crc }
}

t.test('zip bombs are refused quickly with bounded memory', async (t) => {
  const bomb = deflatedZeros()
  t.ok(bomb.deflated.length < 1.1 * MiB, `${bomb.deflated.length} bytes inflate to 1 GiB`)
  const limits = { maxArchiveBytes: 2 * MiB }
  const measure = async (bytes: Buffer): Promise<{ err: ArchiveRejected, ms: number, heap: number, rss: number }> => {
    const before = process.memoryUsage()
    const start = performance.now()
    const err = await refusal(bytes, limits)
    const ms = performance.now() - start
    const after = process.memoryUsage()
    return { err, ms, heap: after.heapUsed - before.heapUsed, rss: after.rss - before.rss }
  }

  t.test('an entry that honestly declares 1 GiB is refused on its declared size', async (t) => {
    const { err, ms } = await measure(zip([{ name: 'bomb.js', deflated: bomb.deflated, declaredSize: bomb.size, crc: bomb.crc }]))
    t.equal(err.rule, 'file-too-large')
    t.equal(err.message, "archive entry 'bomb.js' is 1073741824 bytes uncompressed; each file may be at most 262144 bytes.")
    t.ok(ms < 500, `refused in ${ms.toFixed(0)} ms`)
  })

  t.test('an entry that declares 1000 bytes but inflates to 1 GiB is stopped as it inflates', async (t) => {
    const { err, ms, heap, rss } = await measure(zip([{ name: 'bomb.js', deflated: bomb.deflated, declaredSize: 1000, crc: bomb.crc }]))
    t.equal(err.rule, 'corrupt')
    t.match(err.message, /^archive entry 'bomb\.js' of the \.zip archive is damaged or truncated \(too many bytes in the stream\. expected 1000\. got at least \d+\); create the zip again\.$/)
    t.ok(ms < 500, `refused in ${ms.toFixed(0)} ms`)
    t.ok(heap < 64 * MiB, `heap grew ${(heap / MiB).toFixed(1)} MiB`)
    t.ok(rss < 64 * MiB, `rss grew ${(rss / MiB).toFixed(1)} MiB`)
  })

  t.test('an entry that declares more than it holds is corrupt', async (t) => {
    const err = await refusal(zip([{ name: 'short.js', content: 'abc', declaredSize: 10 }]))
    t.equal(err.rule, 'corrupt')
    t.equal(err.message, "archive entry 'short.js' of the .zip archive is damaged or truncated (not enough bytes in the stream. expected 10. got only 3); create the zip again.")
  })

  t.test('overlapping entries (many names for one compressed record) count every time', async (t) => {
    const entries = [{ name: 'a0.js', content: Buffer.alloc(200 * 1024, 'a') },
      ...Array.from({ length: 9 }, (_, i) => ({ name: `a${i + 1}.js`, content: Buffer.alloc(200 * 1024, 'a'), sameDataAs: 0 }))]
    const bytes = zip(entries)
    t.ok(bytes.length < 2000, `${bytes.length} bytes`)
    const err = await refusal(bytes)
    t.equal(err.rule, 'total-too-large')
    t.equal(err.message, `the archive's files add up to more than 1048576 bytes uncompressed (stopped at archive entry 'a5.js'); ${LEAVE_OUT}.`)
  })
})

t.test('truncated or damaged zips are corrupt', async (t) => {
  const good = zip([{ name: 'server.js', content: 'x'.repeat(5000) }, { name: 'b.js', content: 'b'.repeat(100), method: 0 }])
  const truncated = await refusal(good.subarray(0, good.length - 30))
  t.equal(truncated.rule, 'corrupt')
  t.equal(truncated.message, 'the .zip archive is damaged or truncated (End of central directory record signature not found. Either not a zip file, or file is truncated.); create the zip again.')

  const badCrc = await refusal(zip([{ name: 'b.js', content: 'b'.repeat(100), method: 0, crc: 12345 }]))
  t.equal(badCrc.rule, 'corrupt')
  t.equal(badCrc.message, "archive entry 'b.js' of the .zip archive is damaged or truncated (its content does not match its CRC-32 checksum); create the zip again.")

  const badDeflate = await refusal(zip([{ name: 'server.js', content: 'x', deflated: Buffer.from([0xff, 0xff, 0xff, 0xff]) }]))
  t.equal(badDeflate.rule, 'corrupt')
  t.match(badDeflate.message, /^archive entry 'server\.js' of the \.zip archive is damaged or truncated \(invalid /)

  const second = good.indexOf('PK\x03\x04', 4) // b.js's local header
  t.ok(second > 0)
  const noLocal = Buffer.from(good)
  noLocal.write('XX', second, 'latin1')
  const badLocal = await refusal(noLocal)
  t.equal(badLocal.rule, 'corrupt')
  t.equal(badLocal.message, "archive entry 'b.js' of the .zip archive is damaged or truncated (invalid local file header signature: 0x4035858); create the zip again.")
})
