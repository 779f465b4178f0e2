import { useMemo } from 'preact/hooks'
import { Marked, type Tokens } from 'marked'
import DOMPurify from 'dompurify'

// The page's own h1 is the exercise title: the instructions' headings move one level down,
// and their leading "# Title" is dropped.
const marked = new Marked({
  gfm: true,
  renderer: {
    heading ({ tokens, depth }: Tokens.Heading) {
      const level = Math.min(depth + 1, 6)
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`
    }
  }
})

function render (source: string): string {
  const tokens = marked.lexer(source)
  const first = tokens.findIndex((t) => t.type !== 'space')
  if (tokens[first]?.type === 'heading' && (tokens[first] as Tokens.Heading).depth === 1) tokens.splice(first, 1)
  return DOMPurify.sanitize(marked.parser(tokens), { USE_PROFILES: { html: true } })
}

/**
 * Instructions are Markdown written by an exercise's author: the only HTML this app renders from
 * data, and only after DOMPurify. Everything from a submission is rendered as text instead.
 */
export function Markdown ({ source }: { source: string }) {
  const html = useMemo(() => render(source), [source])
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: html }} />
}
