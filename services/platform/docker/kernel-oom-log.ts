/**
 * The kernel's own record of a memory-cgroup OOM kill, from its log (/dev/kmsg): the fact behind
 * memory_limit where Docker's OOMKilled flag is not reliable. Under runsc the host's OOM killer
 * kills gVisor's sandbox process (the sentry holds the app's memory); the shim's OOM watcher can
 * find the container's cgroup already removed by then and drop the event, so Docker may never set
 * OOMKilled. The kernel writes its report before it sends the SIGKILL, so by the time the exit is
 * known the record is there: no timing, and nothing the learner prints reaches this log.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs'

/** What identifies a container's OOM kill in the log, and from when (CLOCK_MONOTONIC, µs). */
export interface OomQuery {
  /** Host pids of the container's processes (e.g. gVisor's sandbox), each an OOM victim if killed. */
  pids: number[]
  /** The container's id: the summary line names its memory cgroup (`oom_memcg=/docker/<id>`). */
  containerId: string
  /** Records older than this are some earlier process's (pids are reused). */
  sinceUs: number
}

/** Now on the kernel log's clock (CLOCK_MONOTONIC, which Node's hrtime reads on Linux), in µs. */
export function kernelClockUs (): number {
  return Number(process.hrtime.bigint() / 1000n)
}

/**
 * Whether one of the log's records (/dev/kmsg format: `prio,seq,µs,flags;text`) is the kernel's
 * memory-cgroup OOM kill of the queried container. "Killed process" is always logged; the summary
 * naming the cgroup is rate-limited, so either one is enough.
 */
export function recordsShowOomKill (records: string[], query: OomQuery): boolean {
  const pids = new Set(query.pids)
  return records.some((record) => {
    const semi = record.indexOf(';')
    if (semi < 0) return false
    const atUs = Number(record.slice(0, semi).split(',')[2])
    if (!Number.isFinite(atUs) || atUs < query.sinceUs) return false
    const text = record.slice(semi + 1)
    const victim = /^Memory cgroup out of memory: Killed process (\d+) /.exec(text)?.[1]
    if (victim !== undefined && pids.has(Number(victim))) return true
    return text.startsWith('oom-kill:') && text.includes(`oom_memcg=/docker/${query.containerId},`)
  })
}

/**
 * Reads the kernel's log and answers recordsShowOomKill; undefined where the log cannot be read
 * (not root, or no /dev/kmsg). One read(2) returns one record; EAGAIN marks the end.
 */
export function kernelLogShowsOomKill (query: OomQuery, path = '/dev/kmsg'): boolean | undefined {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch {
    return undefined
  }
  const records: string[] = []
  const buf = Buffer.alloc(8192)
  try {
    for (;;) {
      try {
        const n = readSync(fd, buf, 0, buf.length, null)
        if (n === 0) break
        records.push(buf.toString('utf8', 0, n))
      } catch (err) {
        // EPIPE: the record just read was overwritten meanwhile; the next read goes on.
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') continue
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') break
        return undefined
      }
    }
  } finally {
    closeSync(fd)
  }
  return recordsShowOomKill(records, query)
}
