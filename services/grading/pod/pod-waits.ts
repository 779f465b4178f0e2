// Small waits and stream helpers shared by the pod runners.

/**
 * The one line the PostgreSQL sidecar image prints on stdout, once it takes logins
 * (docker/sidecar-postgres/start): an exercise's sidecar and an SQL pod's database alike.
 */
export const SIDECAR_READY_LINE = 'backlab-sidecar-ready'

/** Calls `onLine` for every complete line of a byte stream; over-long lines are dropped, not buffered. */
export class LineReader {
  private partial = ''
  constructor (private readonly onLine: (line: string) => void, private readonly maxLine = 4096) {}

  push (chunk: Buffer): void {
    const lines = (this.partial + chunk.toString('utf8')).split('\n')
    this.partial = lines.pop() ?? ''
    if (this.partial.length > this.maxLine) this.partial = ''
    for (const line of lines) this.onLine(line)
  }
}

export async function delay (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms).unref())
}

export async function waitForever (): Promise<never> {
  return await new Promise<never>(() => {})
}

export async function aborted (signal: AbortSignal | undefined): Promise<'aborted'> {
  if (signal === undefined) return await waitForever()
  if (signal.aborted) return 'aborted'
  return await new Promise((resolve) => signal.addEventListener('abort', () => resolve('aborted'), { once: true }))
}
