import { useState } from 'preact/hooks'
import type { JSX } from 'preact'
import { globMatcher } from '../lib/glob'
import type { FileMap } from '../lib/drafts'
import { ErrorMessage } from './status-messages'

/** The API refuses bigger files (MAX_FILE_BYTES); better to say so before sending. */
const MAX_FILE_BYTES = 256 * 1024
/** Installed dependencies and environments: never part of a solution, and often thousands of files. */
const IGNORED_FOLDERS = new Set(['node_modules', 'venv', '__pycache__', 'site-packages'])
const ARCHIVE_NAME = /\.(zip|tar\.gz|tgz)$/i

interface FolderReport {
  files: FileMap
  leftOut: string[]
  tooBig: string[]
}

async function readFolder (list: FileList, isAllowed: (path: string) => boolean): Promise<FolderReport> {
  const report: FolderReport = { files: {}, leftOut: [], tooBig: [] }
  for (const file of Array.from(list)) {
    // webkitRelativePath starts with the chosen folder's own name, which is not part of the solution.
    const relative = file.webkitRelativePath !== '' ? file.webkitRelativePath.split('/').slice(1).join('/') : file.name
    const path = relative === '' ? file.name : relative
    if (path.split('/').some((segment) => IGNORED_FOLDERS.has(segment))) continue
    if (!isAllowed(path)) report.leftOut.push(path)
    else if (file.size > MAX_FILE_BYTES) report.tooBig.push(path)
    else {
      const text = await file.text()
      if (text.includes('\u0000')) report.leftOut.push(path)
      else report.files[path] = text
    }
  }
  return report
}

const listed = (paths: string[], max = 8): string =>
  paths.length <= max ? paths.join(', ') : `${paths.slice(0, max).join(', ')} and ${paths.length - max} more`

interface Props {
  runtimeLabel: string
  allowedFiles: string[]
  /**
   * Called as a folder starts being read; returns what puts its files in the editor, in place of what
   * is there (false: dropped, e.g. the runtime changed meanwhile).
   */
  onFolderStart: () => (files: FileMap) => boolean
  onArchive: (archive: File) => Promise<void>
  busy: boolean
}

export function UploadPanel ({ runtimeLabel, allowedFiles, onFolderStart, onArchive, busy }: Props) {
  const [folderNote, setFolderNote] = useState<string>()
  const [error, setError] = useState<string>()
  const [archive, setArchive] = useState<File>()

  const chooseFolder = async (event: JSX.TargetedEvent<HTMLInputElement>): Promise<void> => {
    const input = event.currentTarget
    const list = input.files
    setError(undefined)
    setFolderNote(undefined)
    if (list === null || list.length === 0) return
    const deliver = onFolderStart()
    const report = await readFolder(list, globMatcher(allowedFiles))
    input.value = '' // choosing the same folder again, after editing it on disk, must read it again
    const loaded = Object.keys(report.files)
    if (loaded.length === 0) {
      setError(`No file in that folder is part of a ${runtimeLabel} solution. Allowed: ${allowedFiles.join(', ')}.`)
      return
    }
    if (!deliver(report.files)) return
    const notes = [`Loaded ${loaded.length} file${loaded.length === 1 ? '' : 's'} into the editor: ${listed(loaded)}.`]
    if (report.leftOut.length > 0) notes.push(`Left out (not part of a solution): ${listed(report.leftOut)}.`)
    if (report.tooBig.length > 0) notes.push(`Left out (bigger than 256 KB): ${listed(report.tooBig)}.`)
    setFolderNote(notes.join(' '))
  }

  const chooseArchive = (event: JSX.TargetedEvent<HTMLInputElement>): void => {
    const file = event.currentTarget.files?.[0]
    setError(undefined)
    if (file !== undefined && !ARCHIVE_NAME.test(file.name)) {
      setError(`${file.name} is not a .zip, .tar.gz or .tgz archive.`)
      setArchive(undefined)
      return
    }
    setArchive(file)
  }

  const sendArchive = async (): Promise<void> => {
    if (archive === undefined || busy) return
    await onArchive(archive)
  }

  return <details class="upload-panel">
    <summary>Upload a folder or archive instead</summary>
    <div class="stack">
      <div class="field">
        <label for="upload-folder">Load a folder into the editor</label>
        <input
          id="upload-folder"
          type="file"
          multiple
          aria-describedby="upload-folder-hint"
          // Not in Preact's attribute types; set as an attribute so every browser sees it.
          ref={(el) => { el?.setAttribute('webkitdirectory', '') }}
          onChange={(e) => { void chooseFolder(e) }}
        />
        <p id="upload-folder-hint" class="hint">
          Only files a {runtimeLabel} solution may hold are kept ({allowedFiles.join(', ')}); node_modules and
          similar folders are skipped. They replace the files in the editor; then press Submit.
        </p>
        {folderNote !== undefined && <p role="status" class="note">{folderNote}</p>}
      </div>
      <div class="field">
        <label for="upload-archive">Or submit an archive (.zip, .tar.gz)</label>
        <input id="upload-archive" type="file" accept=".zip,.tar.gz,.tgz,application/zip,application/gzip"
          onChange={chooseArchive} />
        <div>
          {/* aria-disabled while sending, not disabled: a disabled button would drop the keyboard's focus. */}
          <button type="button" disabled={archive === undefined} aria-disabled={busy ? 'true' : undefined}
            onClick={() => { void sendArchive() }}>
            Send the archive
          </button>
        </div>
      </div>
      <ErrorMessage message={error} />
    </div>
  </details>
}
