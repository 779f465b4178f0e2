import { useRef, useState } from 'preact/hooks'
import type { JSX } from 'preact'
import { api, ApiError, errorMessage } from '../api'
import { navigate } from '../router'
import { packagePath, zipFolder } from '../lib/zip-folder'
import { ErrorMessage } from './status-messages'

const ARCHIVE_NAME = /\.(zip|tar\.gz|tgz)$/i

type Chosen =
  | { kind: 'folder', name: string, files: File[], kept: number }
  | { kind: 'archive', file: File }

interface Refusal {
  message?: string
  /** PACKAGE_INVALID: every problem in the package's files. */
  problems?: string[]
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * An exercise package (its folder, zipped here, or an archive sent as it is) goes to validation:
 * the server checks its files at once and answers 422 with every problem, or starts grading its
 * checks, whose report has its own page.
 */
export function PackageUpload () {
  const [chosen, setChosen] = useState<Chosen>()
  const [publish, setPublish] = useState(true)
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<Refusal>()
  const folderInput = useRef<HTMLInputElement>(null)
  const archiveInput = useRef<HTMLInputElement>(null)
  // Two presses can come before the render that shows the first: each checks this, not `busy`.
  const sending = useRef(false)

  const chooseFolder = (event: JSX.TargetedEvent<HTMLInputElement>): void => {
    const input = event.currentTarget
    const files = Array.from(input.files ?? [])
    setRefusal(undefined)
    if (files.length === 0) return
    // One package at a time: choosing a folder replaces an archive chosen before.
    if (archiveInput.current !== null) archiveInput.current.value = ''
    const name = files[0]?.webkitRelativePath.split('/')[0] ?? 'folder'
    const kept = files.filter((f) => packagePath(f) !== undefined).length
    if (kept === 0) {
      setChosen(undefined)
      setRefusal({ message: `${name} holds no file of a package (node_modules, .git and dot-files are left out).` })
      return
    }
    setChosen({ kind: 'folder', name, files, kept })
  }

  const chooseArchive = (event: JSX.TargetedEvent<HTMLInputElement>): void => {
    const file = event.currentTarget.files?.[0]
    setRefusal(undefined)
    if (file === undefined) return
    if (folderInput.current !== null) folderInput.current.value = ''
    if (!ARCHIVE_NAME.test(file.name)) {
      setChosen(undefined)
      setRefusal({ message: `${file.name} is not a .zip, .tar.gz or .tgz archive.` })
      return
    }
    setChosen({ kind: 'archive', file })
  }

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (sending.current) return
    if (chosen === undefined) {
      setRefusal({ message: 'Choose the exercise\'s folder or an archive of it first.' })
      return
    }
    sending.current = true
    setBusy(true)
    setRefusal(undefined)
    try {
      let body: Blob
      let type: 'application/zip' | 'application/gzip'
      if (chosen.kind === 'folder') {
        const { zip } = await zipFolder(chosen.files)
        body = new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' })
        type = 'application/zip'
      } else {
        body = chosen.file
        type = chosen.file.name.toLowerCase().endsWith('.zip') ? 'application/zip' : 'application/gzip'
      }
      const validation = await api.uploadPackage(body, type, publish)
      navigate(`/instructor/validations/${encodeURIComponent(validation.id)}`)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PACKAGE_INVALID' && err.problems !== undefined && err.problems.length > 0) {
        setRefusal({ problems: err.problems })
      } else {
        setRefusal({ message: errorMessage(err) })
      }
      setBusy(false)
    } finally {
      sending.current = false
    }
  }

  return <form class="package-upload stack" noValidate onSubmit={(e) => { void submit(e) }}>
    <p class="hint">
      A package is an exercise's folder: exercise.json, instructions.md, starter/, solution/, grader/, scenarios/….
      Backlab checks its files, then grades each solution, starter and scenario as it would a learner's code.
    </p>
    <div class="field">
      <label for="package-folder">Choose the exercise's folder</label>
      <input
        id="package-folder"
        type="file"
        multiple
        aria-describedby="package-folder-hint"
        // Not in Preact's attribute types; set as an attribute so every browser sees it.
        ref={(el) => {
          el?.setAttribute('webkitdirectory', '')
          folderInput.current = el
        }}
        onChange={chooseFolder}
        disabled={busy}
      />
      <p id="package-folder-hint" class="hint">Zipped in your browser; node_modules, .git and dot-files are left out.</p>
    </div>
    <div class="field">
      <label for="package-archive">Or choose an archive of it (.zip, .tar.gz, .tgz)</label>
      <input id="package-archive" ref={archiveInput} type="file" accept=".zip,.tar.gz,.tgz,application/zip,application/gzip"
        onChange={chooseArchive} disabled={busy} />
    </div>
    {chosen !== undefined && <p class="note" role="status">
      {chosen.kind === 'folder'
        ? `Chosen: the folder ${chosen.name}, ${plural(chosen.kept, 'file')}` +
          (chosen.files.length > chosen.kept ? ` (${chosen.files.length - chosen.kept} left out).` : '.')
        : `Chosen: the archive ${chosen.file.name}.`}
    </p>}
    <div class="field-check">
      <input id="package-publish" type="checkbox" checked={publish} disabled={busy}
        onChange={(e) => { setPublish(e.currentTarget.checked) }} />
      <label for="package-publish">Publish if every check passes</label>
    </div>
    <div>
      {/* aria-disabled, not disabled: a disabled button would drop the keyboard's focus to the page's start. */}
      <button type="submit" class="button-primary" aria-disabled={busy ? 'true' : undefined}>
        {busy ? 'Sending the package…' : publish ? 'Validate and publish' : 'Validate'}
      </button>
    </div>
    {refusal?.problems !== undefined
      ? <div class="refusal" role="alert">
        <p>Refused: {plural(refusal.problems.length, 'problem')} in the package's files; nothing was stored.</p>
        <ul class="problems">
          {refusal.problems.map((p, i) => <li key={i}>{p}</li>)}
        </ul>
      </div>
      : <ErrorMessage message={refusal?.message} />}
  </form>
}
