/** Keeps only the last `max` bytes of a stream: the end of a log is what explains a failure. */
export class TailBuffer {
  private chunks: Buffer[] = []
  private size = 0
  totalBytes = 0

  constructor (private readonly max: number) {}

  push (chunk: Buffer): void {
    this.totalBytes += chunk.length
    this.chunks.push(chunk)
    this.size += chunk.length
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.max) {
      this.size -= this.chunks.shift()?.length ?? 0
    }
  }

  text (): string {
    const all = Buffer.concat(this.chunks)
    const tail = all.length > this.max ? all.subarray(all.length - this.max) : all
    const text = tail.toString('utf8')
    // Start at a line boundary when the beginning was cut, so the tail does not open mid-line.
    if (this.totalBytes > tail.length) {
      const nl = text.indexOf('\n')
      return `[… ${this.totalBytes - tail.length} earlier bytes not shown]\n${nl >= 0 ? text.slice(nl + 1) : text}`
    }
    return text
  }
}

/** Keeps the first `max` bytes of a stream and notes whether anything was dropped. */
export class HeadBuffer {
  private chunks: Buffer[] = []
  private size = 0
  truncated = false

  constructor (private readonly max: number) {}

  push (chunk: Buffer): void {
    const room = this.max - this.size
    if (room <= 0) { this.truncated = true; return }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk
    if (kept.length < chunk.length) this.truncated = true
    this.chunks.push(kept)
    this.size += kept.length
  }

  text (): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}
