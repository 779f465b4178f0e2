/**
 * The only module that imports dockerode. Everything else sees this narrow, typed surface:
 * create a hardened container whose files arrive as a tar on stdin, start it, watch it exit,
 * kill and remove it, and find leftovers by label.
 */
import Docker from 'dockerode'
import { readFile } from 'node:fs/promises'
import { PassThrough, type Duplex } from 'node:stream'

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
}

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

const MiB = 1024 * 1024

/**
 * The Engine API body for a sandbox container. Every hardening setting lives here, in one pure
 * function a test can read: nothing a spec says can turn one of them off.
 */
export function containerOptions (spec: ContainerSpec): Docker.ContainerCreateOptions {
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
      Memory: spec.memoryBytes,
      MemorySwap: spec.memoryBytes, // equal to Memory: no swap
      NanoCpus: spec.nanoCpus,
      PidsLimit: spec.pidsLimit,
      ReadonlyRootfs: true,
      Tmpfs: spec.tmpfs,
      ShmSize: 16 * MiB,
      IpcMode: 'private',
      CapDrop: ['ALL'],
      // Docker's default seccomp and AppArmor profiles stay on: they are not named here.
      SecurityOpt: ['no-new-privileges'],
      Init: spec.init ?? true,
      Ulimits: [
        { Name: 'nofile', Soft: spec.openFiles, Hard: spec.openFiles },
        { Name: 'fsize', Soft: spec.fileSizeBytes, Hard: spec.fileSizeBytes },
        { Name: 'core', Soft: 0, Hard: 0 }
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

export function createDockerEngine (socketPath: string) {
  const docker = new Docker({ socketPath })

  async function create (spec: ContainerSpec, output: OutputHandlers): Promise<SandboxContainer> {
    const container = await docker.createContainer(containerOptions(spec))

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
      const info = await container.inspect().catch(() => undefined)
      return { exitCode: r.StatusCode, oomKilled: info?.State.OOMKilled ?? false }
    }, () => ({ exitCode: -1, oomKilled: false }))

    return {
      id: container.id,
      exited,
      async start (stdin) {
        await container.start()
        if (stdin !== undefined) stream.end(stdin)
      },
      sendInput (stdin) {
        stream.end(stdin)
      },
      async kill () {
        await container.kill().catch(ignoreGone)
      },
      async signal (name) {
        await container.kill({ signal: name }).catch(ignoreGone)
      },
      async remove () {
        stream.destroy()
        await container.remove({ force: true, v: true }).catch(ignoreGone)
      }
    }
  }

  return {
    create,

    async ping (): Promise<void> {
      await docker.ping()
    },

    async imageExists (name: string): Promise<boolean> {
      return await docker.getImage(name).inspect().then(() => true, () => false)
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
