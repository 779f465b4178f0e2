import { diffLines } from 'diff'

/** A JSON document pretty-printed, so a diff lines up field by field; undefined when not JSON. */
function prettyJson (text: string): string | undefined {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2)
  } catch {
    return undefined
  }
}

/** A body worth diffing line by line (JSON, or several lines); undefined for a one-line description. */
function asBody (text: string): string | undefined {
  return prettyJson(text) ?? (text.trimEnd().includes('\n') ? text : undefined)
}

const withNewline = (text: string): string => text.endsWith('\n') ? text : text + '\n'

function LineDiff ({ expected, actual }: { expected: string, actual: string }) {
  const parts = diffLines(withNewline(expected), withNewline(actual))
  const differs = parts.some((p) => p.added || p.removed)
  return <div class="line-diff">
    <h4>Expected against got</h4>
    <p class="hint">
      {differs
        ? 'Lines starting with - were expected but are missing from your answer; lines starting with + are in your answer instead.'
        : 'No line differs: the difference is in spaces, line endings or formatting.'}
    </p>
    <pre class="diff" tabIndex={0} role="region" aria-label="Expected against got">
      {parts.flatMap((part, i) => part.value.replace(/\n$/, '').split('\n').map((line, j) => {
        const key = `${i}-${j}`
        if (part.removed) return <del key={key} class="diff-line diff-removed">{'- ' + line}</del>
        if (part.added) return <ins key={key} class="diff-line diff-added">{'+ ' + line}</ins>
        return <span key={key} class="diff-line">{'  ' + line}</span>
      }))}
    </pre>
  </div>
}

function SideBySide ({ expected, actual }: { expected?: string, actual?: string }) {
  return <div class="side-by-side">
    {expected !== undefined && <div>
      <h4>Expected</h4>
      <pre class="output" tabIndex={0} role="region" aria-label="Expected">{expected}</pre>
    </div>}
    {actual !== undefined && <div>
      <h4>Got</h4>
      <pre class="output" tabIndex={0} role="region" aria-label="Got">{actual}</pre>
    </div>}
  </div>
}

interface Props {
  expected?: string
  actual?: string
  /** SQL results come as small text tables: aligned columns read better next to each other than diffed. */
  tables: boolean
}

export function ExpectedVsGot ({ expected, actual, tables }: Props) {
  if (expected === undefined && actual === undefined) return null
  const expectedBody = expected === undefined ? undefined : asBody(expected)
  const actualBody = actual === undefined ? undefined : asBody(actual)
  if (tables || expectedBody === undefined || actualBody === undefined) {
    return <SideBySide expected={expected} actual={actual} />
  }
  return <>
    <LineDiff expected={expectedBody} actual={actualBody} />
    <details class="full-bodies">
      <summary>Show expected and got in full</summary>
      <SideBySide expected={expected} actual={actual} />
    </details>
  </>
}
