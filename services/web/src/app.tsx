import { useEffect, useRef, useState } from 'preact/hooks'
import { api, ApiError, errorMessage, setUnauthorizedHandler } from './api'
import type { User } from './api-types'
import { Link, matchRoute, navigate, nextPath, usePath, withNext, type Route } from './router'
import { LoginPage } from './pages/login-page'
import { SignupPage } from './pages/signup-page'
import { CatalogPage } from './pages/catalog-page'
import { ExercisePage } from './pages/exercise-page'
import { SubmissionPage } from './pages/submission-page'
import { NotFoundPage } from './pages/not-found-page'
import { InstructorPage } from './pages/instructor-page'
import { InstructorExercisePage } from './pages/instructor-exercise-page'
import { ValidationPage } from './pages/validation-page'
import { NotInstructorPage } from './pages/not-instructor-page'
import { Loading, ErrorMessage } from './components/status-messages'

const PUBLIC_ROUTES = new Set<Route['name']>(['login', 'signup'])
const INSTRUCTOR_ROUTES = new Set<Route['name']>(['instructor', 'instructor-exercise', 'validation'])

const isInstructor = (user: User): boolean => user.role === 'instructor' || user.role === 'admin'

export function App () {
  const path = usePath()
  const route = matchRoute(path)
  /** undefined while asking the server who is logged in; null when nobody is. */
  const [user, setUser] = useState<User | null | undefined>(undefined)
  const [startError, setStartError] = useState<string>()
  const isPublic = PUBLIC_ROUTES.has(route.name)

  const whoAmI = (): void => {
    setStartError(undefined)
    api.me().then(setUser, (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) setUser(null)
      else setStartError(errorMessage(err))
    })
  }

  useEffect(() => {
    setUnauthorizedHandler(() => { setUser(null) })
    whoAmI()
  }, [])

  useEffect(() => {
    // A deep link followed while logged out: the login page remembers it, to go there once in.
    if (user === null && !isPublic) navigate(withNext('/login', location.pathname + location.search + location.hash), { replace: true })
    else if (user !== null && user !== undefined && isPublic) navigate(nextPath(), { replace: true })
  }, [user, isPublic])

  // After an in-page navigation a screen reader would otherwise stay on the link just followed:
  // the focus goes to the new page's h1, which names it.
  const main = useRef<HTMLElement>(null)
  const firstPath = useRef(path)
  useEffect(() => {
    if (path === firstPath.current) return
    firstPath.current = ''
    scrollTo(0, 0)
    const area = main.current
    if (area === null) return
    const focusHeading = (): boolean => {
      const heading = area.querySelector('h1')
      if (heading === null) return false
      heading.tabIndex = -1
      heading.focus({ preventScroll: true })
      return true
    }
    if (focusHeading()) return
    // The page is still loading: its h1 takes the focus once it shows, unless the reader has moved
    // the focus elsewhere meanwhile.
    const before = document.activeElement
    const observer = new MutationObserver(() => {
      const now = document.activeElement
      if (now !== before && now !== document.body && now !== null) observer.disconnect()
      else if (focusHeading()) observer.disconnect()
    })
    observer.observe(area, { childList: true, subtree: true })
    const timer = setTimeout(() => { observer.disconnect() }, 15_000)
    return () => {
      observer.disconnect()
      clearTimeout(timer)
    }
  }, [path])

  const logOut = async (): Promise<void> => {
    await api.logOut().catch(() => {})
    setUser(null)
    navigate('/login')
  }

  let page
  if (startError !== undefined) {
    page = <>
      <h1>Backlab is not answering</h1>
      <ErrorMessage message={startError} />
      <button type="button" onClick={whoAmI}>Try again</button>
    </>
  } else if (user === undefined || (user === null) !== isPublic) {
    page = <Loading />
  } else if (user === null) {
    page = route.name === 'signup' ? <SignupPage onLoggedIn={setUser} /> : <LoginPage onLoggedIn={setUser} />
  } else {
    page = pageFor(route, user)
  }

  return <>
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="site-header">
      <div class="site-header-inner">
        <Link class="brand" href={user ? '/' : '/login'}>Backlab</Link>
        {user && <nav class="site-nav" aria-label="Main">
          <Link href="/" aria-current={route.name === 'catalog' ? 'page' : undefined}>Exercises</Link>
          {isInstructor(user) && <Link href="/instructor" aria-current={route.name === 'instructor' ? 'page' : undefined}>
            Instructor
          </Link>}
        </nav>}
        {user && <div class="account">
          <span class="account-name">{user.name}</span>
          <button type="button" class="button-quiet" onClick={() => { void logOut() }}>Log out</button>
        </div>}
      </div>
    </header>
    <main id="main" ref={main} tabIndex={-1}>{page}</main>
  </>
}

function pageFor (route: Route, user: User) {
  // The server refuses these calls to learners anyway; this says so in words instead of a 403.
  if (INSTRUCTOR_ROUTES.has(route.name) && !isInstructor(user)) return <NotInstructorPage />
  switch (route.name) {
    case 'catalog': return <CatalogPage />
    case 'exercise': return <ExercisePage key={route.slug} slug={route.slug} user={user} />
    case 'submission': return <SubmissionPage key={route.id} id={route.id} />
    case 'instructor': return <InstructorPage />
    case 'instructor-exercise': return <InstructorExercisePage key={route.slug} slug={route.slug} />
    case 'validation': return <ValidationPage key={route.id} id={route.id} />
    default: return <NotFoundPage />
  }
}
