import { styleText } from 'node:util'

/** A submission as the API shows it (the fields the terminal needs). */
export interface SubmissionView {
  id: string
  status: string
  verdict: string | null
  score: number | null
  maxScore: number | null
  message: string | null
  tests: Array<{ name: string, status: string, message?: string, request?: string, expected?: string, actual?: string, curl?: string }>
  logTail: string | null
  timings?: { totalMs?: number }
}

type Style = Parameters<typeof styleText>[0]

export interface Output {
  line: (text?: string) => void
  /** Colour only on a terminal, and never with NO_COLOR set. */
  style: (format: Style, text: string) => string
}

export function terminalOutput (stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): Output {
  const colour = stream.isTTY && env.NO_COLOR === undefined
  return {
    line: (text = '') => { stream.write(`${text}\n`) },
    style: (format, text) => colour ? styleText(format, text) : text
  }
}

export function testMark (out: Output, status: string): string {
  return { pass: out.style('green', '✔'), fail: out.style('red', '✘'), error: out.style('red', '!'), skip: out.style('gray', '-') }[status] ?? '?'
}

/** The summary and every failing test's details: what was sent, expected, what came back, a curl. */
export function renderResult (out: Output, view: SubmissionView, options: { listPassing: boolean }): void {
  const passed = view.status === 'passed'
  const headline = view.status === 'error'
    ? out.style(['bold', 'yellow'], 'Not graded: a problem on our side, not in your code')
    : out.style(['bold', passed ? 'green' : 'red'], passed ? 'Passed' : 'Failed')
  const total = view.timings?.totalMs === undefined ? '' : ` in ${(view.timings.totalMs / 1000).toFixed(1)} s`
  out.line()
  out.line(`${headline}  ${view.score ?? 0}/${view.maxScore ?? 0} tests${total}  (${view.verdict ?? view.status})`)
  if (view.message !== null && view.message !== '') out.line(view.message)
  const indent = (label: string, text: string): string => `      ${out.style('gray', label.padEnd(10))}${text.split('\n').join(`\n      ${' '.repeat(10)}`)}`
  for (const test of view.tests) {
    if (test.status === 'pass' && !options.listPassing) continue
    out.line(`  ${testMark(out, test.status)} ${test.name}`)
    if (test.status === 'pass') continue
    if (test.message !== undefined) out.line(`      ${test.message}`)
    if (test.request !== undefined) out.line(indent('sent:', test.request))
    if (test.expected !== undefined) out.line(indent('expected:', test.expected))
    if (test.actual !== undefined) out.line(indent('got:', test.actual))
    if (test.curl !== undefined) out.line(indent('try:', test.curl))
  }
  if (!passed && typeof view.logTail === 'string' && view.logTail.length > 0) {
    out.line()
    out.line("  Your server's log (last lines):")
    for (const l of view.logTail.trimEnd().split('\n').slice(-15)) out.line(`    | ${l}`)
  }
}

/** 0 passed, 1 graded and failed, 2 anything else (not graded, refused, unreachable). */
export function exitCodeOf (view: SubmissionView): number {
  return view.status === 'passed' ? 0 : view.status === 'failed' ? 1 : 2
}
