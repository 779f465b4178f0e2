/**
 * The only module that imports dockerode. Everything else sees this narrow, typed surface:
 * create a hardened container whose files arrive as a tar on stdin, start it, watch it exit,
 * kill and remove it, and find leftovers by label.
 */
import Docker from 'dockerode'
import { readFile } from 'node:fs/promises'
import { PassThrough, type Duplex } from 'node:stream'
import { learnerSeccompProfile } from './seccomp-profile.js'
import { kernelClockUs, kernelLogShowsOomKill } from './kernel-oom-log.js'
import { gvisorTaskCount, gvisorThreadCount, processExists } from './gvisor-sandbox.js'
import { SANDBOX_LIMITS } from '../sandbox-limits.js'

export interface ContainerSpec {
  name: string
  image: string
  cmd: string[]
  /** The complete environment: an explicit allow-list, never the worker's own environment. */
  env: Record<string, string>
  labels: Record<string, string>
  user: string
  /** `none`, or `container:<id>` to join another container's network namespace. */
  networkMode: string
  memoryBytes: number
  nanoCpus: number
  pidsLimit: number
  /** RLIMIT_FSIZE: the largest file a process may write. */
  fileSizeBytes: number
  /** RLIMIT_NOFILE: open files and sockets. */
  openFiles: number
  /** Writable tmpfs mounts (the root filesystem is read-only), e.g. `{ '/work': 'rw,size=64m' }`. */
  tmpfs: Record<string, string>
  /**
   * Docker's init as PID 1 (reaps zombies, forwards signals). Off only for an image whose own
   * entrypoint is a supervisor that must be PID 1: nothing inside can kill PID 1.
   */
  init?: boolean
  /**
   * The container runs code a learner (or an instructor's package) controls, or serves it
   * directly: the learner's app and its sidecars. It gets the engine's sandbox runtime (runsc
   * where available); everything else (the grader) runs under runc.
   */
  sandboxed?: boolean
}

/** The OCI runtimes a container can run under. */
export type OciRuntime = 'runc' | 'runsc'
/** The setting (config SANDBOX_RUNTIME): `auto` is runsc when the daemon has it, else runc. */
export type SandboxRuntimeSetting = OciRuntime | 'auto'

/**
 * Host tasks per task of the learner's code under runsc, and the memory its cgroup gets on top of
 * the spec's: gVisor's own threads and memory are charged to the container (why these values:
 * SANDBOX_LIMITS.runsc in sandbox-limits.ts). The pids cgroup is the host's backstop; the
 * learner's own limit is gVisor's RLIMIT_NPROC, which counts the sandbox's tasks (see containerOptions).
 */
export const RUNSC_HOST_TASKS_PER_TASK = SANDBOX_LIMITS.runsc.hostTasksPerTask
export const RUNSC_MEMORY_ALLOWANCE_BYTES = SANDBOX_LIMITS.runsc.memoryAllowanceBytes

export interface ContainerExit {
  exitCode: number
  oomKilled: boolean
}

export interface OutputHandlers {
  stdout: (chunk: Buffer) => void
  stderr: (chunk: Buffer) => void
}

export interface SandboxContainer {
  id: string
  /** Starts the container; with `stdin` (a tar archive), streams it in and closes stdin. */
  start: (stdin?: Buffer) => Promise<void>
  /** Streams `stdin` into a container started without it, then closes stdin. */
  sendInput: (stdin: Buffer) => void
  /** Resolves once the container has exited; never rejects. */
  exited: Promise<ContainerExit>
  kill: () => Promise<void>
  /** Sends a signal to the container's init, which forwards it to the entrypoint. */
  signal: (name: NodeJS.Signals) => Promise<void>
  remove: () => Promise<void>
}

export interface ManagedContainer {
  id: string
  labels: Record<string, string>
}

/**
 * The Engine API body for a sandbox container. Every hardening setting lives here, in one pure
 * function a test can read: nothing a spec says can turn one of them off.
 */
export function containerOptions (spec: ContainerSpec, sandboxRuntime: OciRuntime = 'runc'): Docker.ContainerCreateOptions {
  const runtime: OciRuntime = spec.sandboxed === true ? sandboxRuntime : 'runc'
  const gvisor = runtime === 'runsc'
  return {
    name: spec.name,
    Image: spec.image,
    // An empty command keeps the image's own (the grader image's runner).
    Cmd: spec.cmd.length > 0 ? spec.cmd : undefined,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: spec.labels,
    User: spec.user,
    // A container joining another's network namespace shares its hostname too.
    ...(spec.networkMode.startsWith('container:') ? {} : { Hostname: 'sandbox' }),
    Tty: false,
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    StopTimeout: 1,
    HostConfig: {
      NetworkMode: spec.networkMode,
      PortBindings: {},
      PublishAllPorts: false,
      Privileged: false,
      Memory: spec.memoryBytes + (gvisor ? RUNSC_MEMORY_ALLOWANCE_BYTES : 0),
      MemorySwap: spec.memoryBytes + (gvisor ? RUNSC_MEMORY_ALLOWANCE_BYTES : 0), // equal to Memory: no swap
      NanoCpus: spec.nanoCpus,
      PidsLimit: gvisor ? spec.pidsLimit * RUNSC_HOST_TASKS_PER_TASK + SANDBOX_LIMITS.runsc.hostTasksBase : spec.pidsLimit,
      ReadonlyRootfs: true,
      Tmpfs: spec.tmpfs,
      ShmSize: SANDBOX_LIMITS.everyContainer.shmBytes,
      IpcMode: 'private',
      CapDrop: ['ALL'],
      // Our own seccomp profile (seccomp-profile.ts): Docker's default allows io_uring and ptrace.
      // The host has no AppArmor (Docker applies none where the kernel lacks it): not named here.
      SecurityOpt: ['no-new-privileges', `seccomp=${JSON.stringify(learnerSeccompProfile(runtime))}`],
      ...(gvisor && { Runtime: 'runsc' }),
      Init: spec.init ?? true,
      Ulimits: [
        { Name: 'nofile', Soft: spec.openFiles, Hard: spec.openFiles },
        { Name: 'fsize', Soft: spec.fileSizeBytes, Hard: spec.fileSizeBytes },
        { Name: 'core', Soft: SANDBOX_LIMITS.everyContainer.coreFileBytes, Hard: SANDBOX_LIMITS.everyContainer.coreFileBytes },
        // Under runsc the pids cgroup counts the sandbox's host threads, not the learner's tasks;
        // gVisor's kernel enforces RLIMIT_NPROC per sandbox (under runc it would count the uid's
        // tasks in every container on the host, so there the pids cgroup is the limit).
        ...(gvisor ? [{ Name: 'nproc', Soft: spec.pidsLimit, Hard: spec.pidsLimit }] : [])
      ],
      // The worker reads output from the attach stream with its own cap, and nothing reads the
      // daemon's copy: keeping none spares every pod its writes to the host's disk, which on
      // these machines is the slowest part of starting a pod (and a flood cannot fill it).
      LogConfig: { Type: 'none', Config: {} },
      RestartPolicy: { Name: 'no' },
      AutoRemove: false
    }
  }
}

export function createDockerEngine (socketPath: string, options: { sandboxRuntime?: SandboxRuntimeSetting } = {}) {
  const docker = new Docker({ socketPath })
  const setting = options.sandboxRuntime ?? 'runc'

  /** runsc's binary (from the daemon's runtime entry), for the counts only gVisor's kernel knows. */
  let runscPath = '/usr/bin/runsc'
  /** The learner-task limit of each live container under runsc, by id (see pidsLimitHits). */
  const gvisorLimits = new Map<string, number>()
  /** The host pid of each live runsc container's sandbox process, by id (see appEnded). */
  const sandboxPids = new Map<string, number>()
  let resolved: Promise<{ runtime: OciRuntime, fallback?: string }> | undefined
  /**
   * The runtime sandboxed containers get, decided once per engine: `auto` asks the daemon which
   * runtimes it has. A daemon without runsc is not an error under `auto` (the caller logs the
   * fallback); asking for runsc explicitly where there is none fails every pod, loudly.
   */
  const sandboxRuntime = async (): Promise<{ runtime: OciRuntime, fallback?: string }> => {
    resolved ??= (async () => {
      if (setting === 'runc') return { runtime: 'runc' as const }
      const info = await docker.info() as { Runtimes?: Record<string, { path?: string } | undefined> }
      const runsc = info.Runtimes?.runsc
      if (runsc !== undefined) {
        runscPath = runsc.path ?? runscPath
        return { runtime: 'runsc' as const }
      }
      if (setting === 'runsc') throw new Error('SANDBOX_RUNTIME=runsc, but the Docker daemon has no runtime named runsc (run scripts/setup.sh)')
      return { runtime: 'runc' as const, fallback: 'the Docker daemon has no runtime named runsc: learner code runs under runc (run scripts/setup.sh to install gVisor)' }
    })()
    resolved.catch(() => { resolved = undefined })
    return await resolved
  }

  async function create (spec: ContainerSpec, output: OutputHandlers): Promise<SandboxContainer> {
    const runtime = spec.sandboxed === true ? (await sandboxRuntime()).runtime : 'runc'
    // A second of slack: the log's clock and this one are both CLOCK_MONOTONIC, read apart.
    const createdUs = kernelClockUs() - 1_000_000
    const container = await docker.createContainer(containerOptions(spec, runtime))
    if (runtime === 'runsc') gvisorLimits.set(container.id, spec.pidsLimit)
    let killing = false
    /** gVisor's sandbox process on the host: the process the kernel OOM-kills (see exited). */
    let sandboxPid: number | undefined

    const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }) as Duplex
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    stdout.on('data', output.stdout)
    stderr.on('data', output.stderr)
    docker.modem.demuxStream(stream, stdout, stderr)
    // A stream error (the container was removed under us) must not crash the worker.
    stream.on('error', () => {})

    // Ask for the exit before starting, so a container that dies at once is not missed.
    const waited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode: number }>
    const exited = waited.then(async (r) => {
      // Let the last output chunks arrive before callers read what was collected.
      await new Promise<void>((resolve) => {
        if (stream.readableEnded || stream.destroyed) resolve()
        else { stream.once('end', resolve); stream.once('close', resolve); setTimeout(resolve, 200) }
      })
      let info = await container.inspect().catch(() => undefined)
      // Under runsc Docker's OOMKilled can come late or never (kernel-oom-log.ts): a SIGKILL we did
      // not send is checked against the kernel's log of OOM kills, where the sandbox's kill is
      // recorded before it dies. Only where that log cannot be read is Docker asked once more.
      if (runtime === 'runsc' && r.StatusCode === 137 && info?.State.OOMKilled !== true && !killing) {
        const logged = kernelLogShowsOomKill({ pids: sandboxPid === undefined ? [] : [sandboxPid], containerId: container.id, sinceUs: createdUs })
        if (logged === true) return { exitCode: r.StatusCode, oomKilled: true }
        if (logged === undefined) {
          await new Promise((resolve) => setTimeout(resolve, 300))
          info = await container.inspect().catch(() => info)
        }
      }
      return { exitCode: r.StatusCode, oomKilled: info?.State.OOMKilled ?? false }
    }, () => ({ exitCode: -1, oomKilled: false }))

    return {
      id: container.id,
      exited,
      async start (stdin) {
        await container.start()
        if (runtime === 'runsc') {
          const pid = (await container.inspect().catch(() => undefined))?.State.Pid
          if (pid !== undefined && pid > 0) {
            sandboxPid = pid
            sandboxPids.set(container.id, pid)
          }
        }
        if (stdin !== undefined) stream.end(stdin)
      },
      sendInput (stdin) {
        stream.end(stdin)
      },
      async kill () {
        killing = true
        await container.kill().catch(ignoreGone)
      },
      async signal (name) {
        await container.kill({ signal: name }).catch(ignoreGone)
      },
      async remove () {
        gvisorLimits.delete(container.id)
        sandboxPids.delete(container.id)
        stream.destroy()
        await container.remove({ force: true, v: true }).catch(ignoreGone)
      }
    }
  }

  return {
    create,
    sandboxRuntime,

    async ping (): Promise<void> {
      await docker.ping()
    },

    async listByLabel (label: string): Promise<ManagedContainer[]> {
      const list = await docker.listContainers({ all: true, filters: { label: [label] } })
      return list.map((c) => ({ id: c.Id, labels: c.Labels }))
    },

    /**
     * How many times the container's pids cgroup refused a new process or thread (0 if never),
     * or undefined where the cgroup cannot be read (the container is gone, or another layout).
     */
    async pidsLimitHits (id: string): Promise<number | undefined> {
      const gvisorLimit = gvisorLimits.get(id)
      if (gvisorLimit !== undefined) {
        // Under runsc the host's pids cgroup holds the sandbox's own threads, and the learner's
        // limit is gVisor's RLIMIT_NPROC, whose refusals leave no count on the host. gVisor's
        // kernel reports how many threads the sandbox has: at the limit, the next fork is refused.
        const tasks = await gvisorThreadCount(runscPath, id)
        return tasks === undefined ? undefined : tasks >= gvisorLimit ? 1 : 0
      }
      for (const path of [
        `/sys/fs/cgroup/pids/docker/${id}/pids.events`, // cgroup v1, cgroupfs driver
        `/sys/fs/cgroup/docker/${id}/pids.events`, // cgroup v2, cgroupfs driver
        `/sys/fs/cgroup/system.slice/docker-${id}.scope/pids.events` // cgroup v2, systemd driver
      ]) {
        const text = await readFile(path, 'utf8').catch(() => undefined)
        const max = text === undefined ? undefined : /^max (\d+)$/m.exec(text)?.[1]
        if (max !== undefined) return Number(max)
      }
      return undefined
    },

    /**
     * Whether the code in the container has ended on its own: nothing is left in it but its PID 1
     * (the runtime's supervisor, which then exits with the app's status), or nothing at all.
     * Undefined where a runsc sandbox does not say (already tearing down, or too slow to answer):
     * under runsc the exit can take seconds to reach Docker after the app is gone.
     */
    async appEnded (id: string): Promise<boolean | undefined> {
      if (gvisorLimits.has(id)) {
        const tasks = await gvisorTaskCount(runscPath, id)
        if (tasks !== undefined) return tasks <= 1
        // No answer: a sandbox whose process is gone (the kernel's OOM kill, or its own exit) has ended.
        const pid = sandboxPids.get(id)
        return pid !== undefined && !processExists(pid) ? true : undefined
      }
      for (const path of [
        `/sys/fs/cgroup/pids/docker/${id}/pids.current`, // cgroup v1, cgroupfs driver
        `/sys/fs/cgroup/docker/${id}/pids.current`, // cgroup v2, cgroupfs driver
        `/sys/fs/cgroup/system.slice/docker-${id}.scope/pids.current` // cgroup v2, systemd driver
      ]) {
        const text = await readFile(path, 'utf8').catch(() => undefined)
        if (text !== undefined && /^\d+\s*$/.test(text)) return Number(text) <= 1
      }
      // Under runc an exit reaches Docker at once: with no cgroup to read there is nothing to await.
      return false
    },

    /**
     * CPU time the container's processes have used, in ms, or undefined where the cgroup cannot
     * be read. A kernel fact about the learner's own load, which the host's load does not include.
     */
    async cpuUsageMs (id: string): Promise<number | undefined> {
      const v1 = await readFile(`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, 'utf8').catch(() => undefined)
      if (v1 !== undefined && /^\d+\s*$/.test(v1)) return Number(v1) / 1e6
      for (const path of [`/sys/fs/cgroup/docker/${id}/cpu.stat`, `/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`]) {
        const usec = /^usage_usec (\d+)$/m.exec(await readFile(path, 'utf8').catch(() => ''))?.[1]
        if (usec !== undefined) return Number(usec) / 1000
      }
      return undefined
    },

    async removeContainer (id: string): Promise<void> {
      await docker.getContainer(id).remove({ force: true, v: true }).catch(ignoreGone)
    }
  }
}

/** Killing or removing a container that is already gone is not a failure. */
function ignoreGone (err: { statusCode?: number }): void {
  if (err.statusCode === 404 || err.statusCode === 409 || err.statusCode === 304) return
  throw err
}

export type DockerEngine = ReturnType<typeof createDockerEngine>
