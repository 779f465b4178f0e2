import { StringDecoder } from 'node:string_decoder'
import type { LogMark } from '../../submission/result-schema.js'

/** A moment the grader reported (its own clock, ms since the epoch): when one of its tests began. */
export interface TimeMark {
  test: string
  atMs: number
}

/**
 * Keeps only the last `max` bytes of a stream: the end of a log is what explains a failure. Each
 * chunk keeps when it arrived, so the text can be told apart by time: a chunk that arrived after
 * the grader's test began may show what that test sent (see marks in text()).
 */
export class TailBuffer {
  private chunks: Buffer[] = []
  private times: number[] = []
  private size = 0
  totalBytes = 0

  constructor (private readonly max: number, private readonly now: () => number = Date.now) {}

  push (chunk: Buffer): void {
    this.totalBytes += chunk.length
    this.chunks.push(chunk)
    // Never earlier than the chunk before: a clock step back must not reorder the log.
    this.times.push(Math.max(this.now(), this.times[this.times.length - 1] ?? 0))
    this.size += chunk.length
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.max) {
      this.size -= this.chunks.shift()?.length ?? 0
      this.times.shift()
    }
  }

  text (): string {
    return this.textWithMarks([]).text
  }

  /**
   * The tail as text, and for each of `marks` the character offset in it from which on the text
   * arrived at or after the mark's time (the text's length when nothing did). A character whose
   * bytes straddle two chunks counts as arriving with the later one, so an offset never falls
   * after text that came later than its mark.
   */
  textWithMarks (marks: TimeMark[]): { text: string, marks: LogMark[] } {
    const overflow = Math.max(0, this.size - this.max)
    const decoder = new StringDecoder('utf8')
    const pieces: Array<{ text: string, time: number }> = this.chunks.map((chunk, i) =>
      ({ text: decoder.write(i === 0 ? chunk.subarray(overflow) : chunk), time: this.times[i] ?? 0 }))
    const last = pieces[pieces.length - 1]
    if (last !== undefined) last.text += decoder.end()
    let text = pieces.map((p) => p.text).join('')
    // Where each piece starts in the text; arrival times only grow, so a mark is a binary search.
    const starts: number[] = []
    let offset = 0
    for (const piece of pieces) { starts.push(offset); offset += piece.text.length }
    const startOf = (atMs: number): number => {
      let lo = 0
      let hi = pieces.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if ((pieces[mid]?.time ?? 0) >= atMs) hi = mid
        else lo = mid + 1
      }
      return lo < pieces.length ? starts[lo] ?? text.length : text.length
    }
    let offsets = marks.map((m) => startOf(m.atMs))
    // Start at a line boundary when the beginning was cut, so the tail does not open mid-line.
    const kept = this.size - overflow
    if (this.totalBytes > kept) {
      const nl = text.indexOf('\n')
      const dropped = nl >= 0 ? nl + 1 : 0
      const note = `[… ${this.totalBytes - kept} earlier bytes not shown]\n`
      text = note + text.slice(dropped)
      offsets = offsets.map((o) => note.length + Math.max(0, o - dropped))
    }
    return { text, marks: marks.map((m, i) => ({ test: m.test, at: offsets[i] ?? text.length })) }
  }
}

/** Keeps the first `max` bytes of a stream and notes whether anything was dropped. */
export class HeadBuffer {
  private chunks: Buffer[] = []
  private size = 0
  truncated = false

  constructor (private readonly max: number) {}

  /** Keeps what fits, and returns it (empty once full). */
  push (chunk: Buffer): Buffer {
    const room = this.max - this.size
    if (room <= 0) { this.truncated = true; return Buffer.alloc(0) }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk
    if (kept.length < chunk.length) this.truncated = true
    this.chunks.push(kept)
    this.size += kept.length
    return kept
  }

  text (): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}
