/**
 * What gVisor's kernel says about a runsc sandbox (its tasks, its threads) and whether its host
 * process is still there: the facts the engine reads where, under runc, it reads cgroup files.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

/**
 * Where Docker 20.10's containerd shim keeps its runtimes' state (`--root` of every runsc it
 * starts), so `runsc events` finds the sandbox of a container id.
 */
const RUNSC_ROOT = '/var/run/docker/runtime-runc/moby'

/** The number of tasks in a runsc sandbox, from gVisor's kernel; undefined when it is gone. */
export async function gvisorTaskCount (runscPath: string, id: string): Promise<number | undefined> {
  try {
    const { stdout } = await promisify(execFile)(runscPath, [`--root=${RUNSC_ROOT}`, 'events', '--stats', id], { timeout: 2000 })
    const current = (JSON.parse(stdout) as { data?: { pids?: { current?: number } } }).data?.pids?.current
    return typeof current === 'number' ? current : undefined
  } catch {
    return undefined
  }
}

/**
 * The number of threads in a runsc sandbox, from gVisor's kernel (`runsc debug --ps` lists each
 * process with its thread ids); undefined when it is gone. RLIMIT_NPROC counts threads, while
 * `events --stats` counts processes: a Node server's own threads hit the limit long before it.
 */
export async function gvisorThreadCount (runscPath: string, id: string): Promise<number | undefined> {
  try {
    const { stdout } = await promisify(execFile)(runscPath, [`--root=${RUNSC_ROOT}`, 'debug', '--ps', id], { timeout: 2000 })
    // The list is printed wrapped in one more pair of brackets, after log lines of runsc's own.
    const list = /\[(\[[\s\S]*\])\]\s*$/.exec(stdout)?.[1]
    if (list === undefined) return undefined
    const processes = JSON.parse(list) as Array<{ threads?: unknown }>
    return processes.reduce((sum, p) => sum + (Array.isArray(p.threads) ? Math.max(1, p.threads.length) : 1), 0)
  } catch {
    return undefined
  }
}

/** Whether a host process exists (a zombie too); signal 0 only checks. */
export function processExists (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}
