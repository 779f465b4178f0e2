import type { ComponentChildren, JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'

// A path router in a few lines: pushState does not fire popstate, so navigate() tells the
// subscribers itself.
const listeners = new Set<() => void>()

export function navigate (to: string, { replace = false } = {}): void {
  if (to === location.pathname + location.search) return
  if (replace) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  for (const listener of listeners) listener()
}

export function usePath (): string {
  const [path, setPath] = useState(location.pathname)
  useEffect(() => {
    const update = (): void => { setPath(location.pathname) }
    listeners.add(update)
    addEventListener('popstate', update)
    return () => {
      listeners.delete(update)
      removeEventListener('popstate', update)
    }
  }, [])
  return path
}

export type Route =
  | { name: 'login' }
  | { name: 'signup' }
  | { name: 'catalog' }
  | { name: 'exercise', slug: string }
  | { name: 'submission', id: string }
  | { name: 'instructor' }
  | { name: 'instructor-exercise', slug: string }
  | { name: 'validation', id: string }
  | { name: 'not-found' }

export function matchRoute (path: string): Route {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path
  if (clean === '/') return { name: 'catalog' }
  if (clean === '/login') return { name: 'login' }
  if (clean === '/signup') return { name: 'signup' }
  const exercise = /^\/exercises\/([^/]+)$/.exec(clean)
  if (exercise?.[1] !== undefined) return { name: 'exercise', slug: decodeURIComponent(exercise[1]) }
  const submission = /^\/submissions\/([^/]+)$/.exec(clean)
  if (submission?.[1] !== undefined) return { name: 'submission', id: decodeURIComponent(submission[1]) }
  if (clean === '/instructor') return { name: 'instructor' }
  const maintained = /^\/instructor\/exercises\/([^/]+)$/.exec(clean)
  if (maintained?.[1] !== undefined) return { name: 'instructor-exercise', slug: decodeURIComponent(maintained[1]) }
  const validation = /^\/instructor\/validations\/([^/]+)$/.exec(clean)
  if (validation?.[1] !== undefined) return { name: 'validation', id: decodeURIComponent(validation[1]) }
  return { name: 'not-found' }
}

const AUTH_PATHS = new Set(['/login', '/signup'])

/**
 * The path of this site a ?next= asks to go to once logged in, or the catalog. Only a path starting
 * with a single '/' that stays on this origin: never another site, never the login page again.
 */
export function nextPath (search: string = location.search): string {
  const next = new URLSearchParams(search).get('next')
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/'
  try {
    // The browser drops tabs and newlines from a URL: "/\t/evil.example" would become "//evil.example".
    const url = new URL(next, location.origin)
    if (url.origin !== location.origin) return '/'
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname
    if (AUTH_PATHS.has(path)) return '/'
    return url.pathname + url.search + url.hash
  } catch {
    return '/'
  }
}

/** The login or sign-up page (`to`), keeping where to go afterwards: `next`, if a path other than the catalog. */
export function withNext (to: string, next: string = nextPath()): string {
  return next === '/' ? to : `${to}?next=${encodeURIComponent(next)}`
}

type LinkProps = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string, children?: ComponentChildren }

/** A real link (middle-click, copy address and open-in-new-tab keep working) that routes in the page. */
export function Link ({ href, onClick, ...rest }: LinkProps) {
  const follow = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>): void => {
    if (typeof onClick === 'function') onClick(event)
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return <a href={href} onClick={follow} {...rest} />
}
