import { useEffect, useState } from 'preact/hooks'

/** execCommand is deprecated but the only way when the page is not a secure context (plain http). */
function copyWithSelection (text: string): boolean {
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.append(area)
  area.select()
  const ok = document.execCommand('copy')
  area.remove()
  return ok
}

export function CopyButton ({ text, label = 'Copy' }: { text: string, label?: string }) {
  const [copied, setCopied] = useState<'yes' | 'no'>()

  useEffect(() => {
    if (copied === undefined) return
    const timer = setTimeout(() => { setCopied(undefined) }, 2500)
    return () => { clearTimeout(timer) }
  }, [copied])

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied('yes')
    } catch {
      setCopied(copyWithSelection(text) ? 'yes' : 'no')
    }
  }

  return <span class="copy">
    <button type="button" class="button-small" onClick={() => { void copy() }}>{label}</button>
    <span role="status" class="copy-note">
      {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Could not copy: select the text instead' : ''}
    </span>
  </span>
}
