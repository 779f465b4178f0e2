import { useEffect, useRef } from 'preact/hooks'
import { EditorView } from '@codemirror/view'
import { EditorState, type Extension } from '@codemirror/state'
import { javascript } from '@codemirror/lang-javascript'
import { python } from '@codemirror/lang-python'
import { PostgreSQL, sql } from '@codemirror/lang-sql'
import { json } from '@codemirror/lang-json'
import { basicSetup } from 'codemirror'

function languageFor (path: string): Extension {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase()
  switch (extension) {
    case 'js': case 'mjs': case 'cjs': return javascript()
    case 'ts': return javascript({ typescript: true })
    case 'py': return python()
    case 'sql': return sql({ dialect: PostgreSQL })
    case 'json': return json()
    default: return []
  }
}

const theme = EditorView.theme({
  '&': { fontSize: '0.9rem', border: '1px solid var(--border)', borderRadius: '0 0 6px 6px', background: '#fff' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', minHeight: '18rem', maxHeight: '65vh' },
  '.cm-content': { paddingBlock: '0.5rem' }
})

interface Props {
  /** Which document is shown: a new key swaps the document, an old one brings back its undo history. */
  docKey: string
  path: string
  value: string
  onChange: (value: string) => void
}

export function CodeEditor ({ docKey, path, value, onChange }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView>()
  const shownKey = useRef(docKey)
  const saved = useRef(new Map<string, EditorState>())
  const latestOnChange = useRef(onChange)
  latestOnChange.current = onChange

  const createState = (doc: string, forPath: string): EditorState => EditorState.create({
    doc,
    extensions: [
      basicSetup,
      languageFor(forPath),
      theme,
      EditorView.contentAttributes.of({ 'aria-label': `Contents of ${forPath}` }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) latestOnChange.current(update.state.doc.toString())
      })
    ]
  })

  useEffect(() => {
    if (host.current === null) return
    const editor = new EditorView({ parent: host.current, state: createState(value, path) })
    view.current = editor
    return () => { editor.destroy() }
  }, [])

  useEffect(() => {
    const editor = view.current
    if (editor === undefined || shownKey.current === docKey) return
    saved.current.set(shownKey.current, editor.state)
    const previous = saved.current.get(docKey)
    editor.setState(previous !== undefined && previous.doc.toString() === value ? previous : createState(value, path))
    shownKey.current = docKey
  }, [docKey])

  return <div class="code-editor" ref={host} />
}
