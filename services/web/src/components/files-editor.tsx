import type { JSX } from 'preact'
import { useRef } from 'preact/hooks'
import { CodeEditor } from './code-editor'

interface Props {
  files: Record<string, string>
  paths: string[]
  active: string
  onSelect: (path: string) => void
  onChange: (path: string, content: string) => void
  /** Changes when the files are replaced wholesale (reset, folder upload): old undo histories go. */
  generation: string
}

/** One tab per file over a single editor (the WAI-ARIA tabs pattern: arrows move between tabs). */
export function FilesEditor ({ files, paths, active, onSelect, onChange, generation }: Props) {
  const tabs = useRef<Array<HTMLButtonElement | null>>([])
  const activeIndex = Math.max(0, paths.indexOf(active))

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLButtonElement>): void => {
    const last = paths.length - 1
    const next = { ArrowRight: activeIndex + 1, ArrowLeft: activeIndex - 1, Home: 0, End: last }[event.key]
    if (next === undefined) return
    event.preventDefault()
    const index = next < 0 ? last : next > last ? 0 : next
    const path = paths[index]
    if (path === undefined) return
    onSelect(path)
    tabs.current[index]?.focus()
  }

  if (paths.length === 0) return <p class="muted">This runtime has no starter files: upload a folder instead.</p>

  return <div class="files-editor">
    <div class="tabs" role="tablist" aria-label="Files">
      {paths.map((path, i) => <button
        key={path}
        ref={(el) => { tabs.current[i] = el }}
        type="button"
        role="tab"
        id={`file-tab-${i}`}
        class="tab"
        aria-selected={i === activeIndex}
        aria-controls="file-panel"
        tabIndex={i === activeIndex ? 0 : -1}
        onClick={() => { onSelect(path) }}
        onKeyDown={onKeyDown}
      >{path}
      </button>)}
    </div>
    <div role="tabpanel" id="file-panel" aria-labelledby={`file-tab-${activeIndex}`}>
      <CodeEditor
        docKey={`${generation}:${active}`}
        path={active}
        value={files[active] ?? ''}
        onChange={(content) => { onChange(active, content) }}
      />
    </div>
  </div>
}
