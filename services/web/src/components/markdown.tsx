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

/** DOMPurify's prefix for the ids and names it keeps (SANITIZE_NAMED_PROPS). */
const ID_PREFIX = 'user-content-'

// An instance of its own, so its hook changes nothing else that might use DOMPurify.
const purify = DOMPurify(window)
// Ids become user-content-…, so an instructions' link to one of its own anchors ("#setup") must
// follow: it points at "#user-content-setup" instead.
purify.addHook('uponSanitizeAttribute', (_node, data) => {
  if (data.attrName === 'href' && data.attrValue.startsWith('#') && data.attrValue.length > 1 &&
    !data.attrValue.startsWith('#' + ID_PREFIX)) {
    data.attrValue = '#' + ID_PREFIX + data.attrValue.slice(1)
  }
})

const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  // The page allows inline styles: instructions must not restyle or cover the app, nor show
  // controls that look like its own.
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
  FORBID_ATTR: ['style'],
  // ids and names get the user-content- prefix, so they never collide with the app's own.
  SANITIZE_NAMED_PROPS: true
}

function render (source: string): string {
  const tokens = marked.lexer(source)
  const first = tokens.findIndex((t) => t.type !== 'space')
  if (tokens[first]?.type === 'heading' && (tokens[first] as Tokens.Heading).depth === 1) tokens.splice(first, 1)
  return purify.sanitize(marked.parser(tokens), PURIFY_CONFIG)
}

/**
 * Instructions are Markdown written by an exercise's author: the only HTML this app renders from
 * data, and only after DOMPurify. Everything from a submission is rendered as text instead.
 */
export function Markdown ({ source }: { source: string }) {
  const html = useMemo(() => render(source), [source])
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: html }} />
}
