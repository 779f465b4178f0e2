import { useEffect, useRef, useState } from 'preact/hooks'
import { api, ApiError, errorMessage } from '../api'
import type { ExerciseDetail, SubmissionAccepted, User } from '../api-types'
import { loadDraft, loadRuntimeChoice, saveDraft, saveRuntimeChoice, type FileMap } from '../lib/drafts'
import { runtimeLabel } from '../lib/labels'
import { orderedPaths, starterFiles } from '../lib/workspace-files'
import { FilesEditor } from './files-editor'
import { RuntimeInfo } from './runtime-info'
import { ErrorMessage } from './status-messages'
import { SubmissionHistory } from './submission-history'
import { SubmissionWatch } from './submission-watch'
import { UploadPanel } from './upload-panel'

const sameFiles = (a: FileMap, b: FileMap): boolean => {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
}

function refusal (err: unknown): string {
  const message = errorMessage(err)
  if (err instanceof ApiError && err.retryAfter !== undefined && !/second|minute/i.test(message)) {
    return `${message} You can submit again in ${err.retryAfter} seconds.`
  }
  return message
}

export function SolutionWorkspace ({ exercise, user }: { exercise: ExerciseDetail, user: User }) {
  const { slug, runtimes } = exercise
  const initialFiles = (rt: string): FileMap => loadDraft(user.id, slug, rt) ?? starterFiles(exercise, rt)

  const [runtime, setRuntime] = useState(() => {
    const saved = loadRuntimeChoice(user.id, slug)
    return saved !== null && runtimes.includes(saved) ? saved : runtimes[0] ?? ''
  })
  /** The runtime shown now, for work that ends after a later render (reading a folder). */
  const shownRuntime = useRef(runtime)
  const [filesByRuntime, setFilesByRuntime] = useState<Record<string, FileMap>>(() => ({ [runtime]: initialFiles(runtime) }))
  // Edits can come faster than renders: each builds on the newest files, not on the last render's.
  const latestFiles = useRef(filesByRuntime)
  const [activeByRuntime, setActiveByRuntime] = useState<Record<string, string>>({})
  /** Bumped when files are replaced wholesale, so the editor drops the old documents. */
  const [generation, setGeneration] = useState(0)
  const [undo, setUndo] = useState<{ runtime: string, files: FileMap, what: string }>()
  const [submitting, setSubmitting] = useState(false)
  // Two presses can come before the render that shows the first: each checks this, not `submitting`.
  const sending = useRef(false)
  const [submitError, setSubmitError] = useState<string>()
  const [watching, setWatching] = useState<SubmissionAccepted>()
  const [historyKey, setHistoryKey] = useState(0)
  const watchArea = useRef<HTMLDivElement>(null)

  const files = filesByRuntime[runtime] ?? {}
  const detail = exercise.runtimeDetails[runtime]
  const paths = orderedPaths(files, detail?.entry)
  const chosen = activeByRuntime[runtime]
  const active = chosen !== undefined && chosen in files ? chosen : paths[0] ?? ''

  /** Kept in localStorage only while it differs from the starter, so a newer starter still shows. */
  const persist = (rt: string, next: FileMap): void => {
    saveDraft(user.id, slug, rt, sameFiles(next, starterFiles(exercise, rt)) ? null : next)
  }

  const commit = (rt: string, next: FileMap): void => {
    latestFiles.current = { ...latestFiles.current, [rt]: next }
    setFilesByRuntime(latestFiles.current)
  }

  const replaceFiles = (rt: string, next: FileMap): void => {
    commit(rt, next)
    setActiveByRuntime((all) => ({ ...all, [rt]: orderedPaths(next, exercise.runtimeDetails[rt]?.entry)[0] ?? '' }))
    setGeneration((g) => g + 1)
    persist(rt, next)
  }

  /**
   * A folder read for runtime `rt` (the one shown when it was chosen): its files were picked by that
   * runtime's rules, so if the learner has switched runtime while it was read, it is dropped.
   */
  const loadFolder = (rt: string, next: FileMap): boolean => {
    if (rt !== shownRuntime.current) return false
    setUndo({ runtime: rt, files: latestFiles.current[rt] ?? {}, what: 'The folder replaced the files in the editor.' })
    replaceFiles(rt, next)
    return true
  }

  const editFile = (path: string, content: string): void => {
    const next = { ...latestFiles.current[runtime], [path]: content }
    commit(runtime, next)
    setUndo(undefined)
    persist(runtime, next)
  }

  const chooseRuntime = (rt: string): void => {
    if (latestFiles.current[rt] === undefined) commit(rt, initialFiles(rt))
    shownRuntime.current = rt
    setRuntime(rt)
    setUndo(undefined)
    setSubmitError(undefined)
    saveRuntimeChoice(user.id, slug, rt)
  }

  const reset = (): void => {
    setUndo({ runtime, files, what: 'The files are back to the starter.' })
    replaceFiles(runtime, starterFiles(exercise, runtime))
  }

  const send = async (accept: () => Promise<SubmissionAccepted>): Promise<void> => {
    if (sending.current) return
    sending.current = true
    setSubmitting(true)
    setSubmitError(undefined)
    // The last result goes at once: it must not be mistaken for the answer to this submission.
    setWatching(undefined)
    try {
      setWatching(await accept())
      setHistoryKey((k) => k + 1)
    } catch (err) {
      setSubmitError(refusal(err))
    } finally {
      sending.current = false
      setSubmitting(false)
    }
  }

  // On a phone the result appears far below the Submit button: bring its start into view.
  useEffect(() => {
    if (watching !== undefined) watchArea.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [watching?.id])

  const label = runtimeLabel(runtime)
  return <div class="workspace">
    <section class="solution" aria-labelledby="solution-title">
      <h2 id="solution-title">Your solution</h2>
      {runtimes.length > 1
        ? <div class="field field-inline">
          <label for="runtime-select">Runtime</label>
          <select id="runtime-select" value={runtime} onChange={(e) => { chooseRuntime(e.currentTarget.value) }}>
            {runtimes.map((rt) => <option key={rt} value={rt}>{runtimeLabel(rt)}</option>)}
          </select>
        </div>
        : <p class="runtime-only">Runtime: {label}</p>}
      <RuntimeInfo exercise={exercise} runtime={runtime} />

      <FilesEditor
        files={files}
        paths={paths}
        active={active}
        generation={`${runtime}:${generation}`}
        onSelect={(path) => { setActiveByRuntime((all) => ({ ...all, [runtime]: path })) }}
        onChange={editFile}
      />

      <div class="actions">
        {/* aria-disabled while sending, not disabled: a disabled button would drop the keyboard's focus. */}
        <button type="button" class="button-primary" disabled={paths.length === 0} aria-disabled={submitting ? 'true' : undefined}
          onClick={() => { if (!submitting) void send(async () => await api.submit(slug, runtime, files)) }}>
          {submitting ? 'Submitting…' : 'Submit'}
        </button>
        <button type="button" onClick={reset}>Reset to starter</button>
      </div>
      {undo !== undefined && undo.runtime === runtime && <p class="note" role="status">
        {undo.what}{' '}
        <button type="button" class="button-link" onClick={() => { replaceFiles(undo.runtime, undo.files); setUndo(undefined) }}>
          Undo
        </button>
      </p>}
      <ErrorMessage message={submitError} />

      <UploadPanel
        key={runtime}
        runtimeLabel={label}
        allowedFiles={detail?.allowedFiles ?? []}
        busy={submitting}
        onFolderStart={() => {
          const rt = runtime
          return (next) => loadFolder(rt, next)
        }}
        onArchive={async (archive) => { await send(async () => await api.submitArchive(slug, runtime, archive)) }}
      />
    </section>

    <div ref={watchArea}>
      {watching?.duplicate === true && <p class="note">
        You sent exactly these files before: this is that submission's result, not a new grading.
      </p>}
      {watching !== undefined && <SubmissionWatch key={watching.id} id={watching.id}
        onGraded={() => { setHistoryKey((k) => k + 1) }} />}
    </div>

    <SubmissionHistory slug={slug} refreshKey={historyKey} showRuntime={runtimes.length > 1} />
  </div>
}
