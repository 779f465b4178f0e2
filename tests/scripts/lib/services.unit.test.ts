// setup.sh's pid-file check, run by bash exactly as setup.sh sources it. A machine restored from a
// snapshot keeps /run (it is on the root disk), so the pid in dockerd's or containerd's pid file
// can belong to an unrelated live process; dockerd then waits for a "containerd" that never answers.
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t, { type Test } from 'tap'

const run = promisify(execFile)
const LIB = join(process.cwd(), 'scripts/lib')

/** Calls pid_of_live NAME FILE under `set -euo pipefail`, as setup.sh does; returns what it printed. */
const pidOfLive = async (t: Test, name: string, file: string): Promise<string> => {
  const script = `set -euo pipefail; source '${LIB}/common.sh'; source '${LIB}/services.sh'; ` +
    'pid=$(pid_of_live "$1" "$2"); printf "[%s]" "$pid"'
  const { stdout, stderr } = await run('bash', ['-c', script, 'bash', name, file])
  t.equal(stderr, '', 'nothing on stderr')
  return stdout
}

t.test('pid_of_live names a pid only when that process is alive and is the named program', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-pidfile-'))
  const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' })
  t.teardown(async () => {
    sleeper.kill()
    await rm(dir, { recursive: true, force: true })
  })
  const file = join(dir, 'daemon.pid')

  await writeFile(file, `${sleeper.pid ?? ''}\n`)
  t.equal(await pidOfLive(t, 'sleep', file), `[${sleeper.pid ?? ''}]`, 'a live process of that name: its pid')
  t.equal(await pidOfLive(t, 'containerd', file), '[]', 'a live process of another name: nothing')

  // dockerd writes its pid files without a newline; pid 1 is alive on every machine and never containerd.
  await writeFile(file, '1')
  t.equal(await pidOfLive(t, 'containerd', file), '[]', 'pid 1 is not taken for containerd')

  t.equal(await pidOfLive(t, 'dockerd', join(dir, 'missing.pid')), '[]', 'no file: nothing, and no error')
  await writeFile(file, '')
  t.equal(await pidOfLive(t, 'dockerd', file), '[]', 'an empty file: nothing')
})
