import { Fragment } from 'preact'
import type { ExerciseDetail } from '../api-types'
import { CopyButton } from './copy-button'

const seconds = (ms: number): string => `${ms / 1000} s`

/** The limits the API knows of (services/platform/sandbox-limits.ts), in words; others as they come. */
const LIMIT_WORDS: Record<string, [label: string, format: (n: number) => string]> = {
  deadlineMs: ['Time for the whole grading', seconds],
  readyTimeoutMs: ['Time to start listening', seconds],
  memoryMb: ['Memory', (n) => `${n} MB`],
  cpus: ['CPUs', String],
  pids: ['Processes and threads', String],
  outputKb: ['Output (logs)', (n) => `${n} KB`],
  tmpfsMb: ['Writable disk space', (n) => `${n} MB`],
  fileSizeMb: ['Largest file written', (n) => `${n} MB`],
  openFiles: ['Open files and sockets', String]
}

function limitText (name: string, value: number): [string, string] {
  const words = LIMIT_WORDS[name]
  return words === undefined ? [name, String(value)] : [words[0], words[1](value)]
}

export function RuntimeInfo ({ exercise, runtime }: { exercise: ExerciseDetail, runtime: string }) {
  const detail = exercise.runtimeDetails[runtime]
  const sql = runtime === 'sql' ? exercise.sql : undefined
  return <details class="runtime-info">
    <summary>How your code runs</summary>
    <dl class="facts">
      {detail !== undefined && <>
        <dt>Started with</dt><dd>{detail.start}</dd>
        <dt>Files accepted</dt><dd><code>{detail.allowedFiles.join(', ')}</code></dd>
        {detail.libraries.length > 0 && <><dt>Available</dt><dd>{detail.libraries.join(', ')}</dd></>}
      </>}
      {exercise.port !== undefined && runtime !== 'sql' && <><dt>Port</dt><dd>{exercise.port} (also in the PORT environment variable)</dd></>}
      {exercise.services.length > 0 && <><dt>Services</dt><dd>{exercise.services.join(', ')}</dd></>}
      {sql !== undefined && <>
        <dt>Each statement</dt><dd>at most {seconds(sql.statementTimeoutMs)}, at most {sql.maxRows} rows</dd>
      </>}
      {Object.entries(exercise.limits).map(([name, value]) => {
        const [label, text] = limitText(name, value)
        return <Fragment key={name}><dt>{label}</dt><dd>{text}</dd></Fragment>
      })}
    </dl>
    {sql !== undefined && sql.tasks.length > 0 && <>
      <h3>How each task is checked</h3>
      <ol class="sql-tasks">
        {sql.tasks.map((task) => <li key={task.file}>
          <strong>{task.title}</strong> in <code>{task.file}</code> ({task.kind})
          {task.rules.length > 0 && <ul>{task.rules.map((rule) => <li key={rule}>{rule}</li>)}</ul>}
        </li>)}
      </ol>
    </>}
    {sql !== undefined && sql.visibleDataset !== '' && <details class="dataset">
      <summary>The dataset, to try your queries locally</summary>
      <div class="with-action"><span class="hint">Run it in an empty PostgreSQL database.</span><CopyButton text={sql.visibleDataset} /></div>
      <pre class="output" tabIndex={0} role="region" aria-label="The dataset">{sql.visibleDataset}</pre>
    </details>}
  </details>
}
