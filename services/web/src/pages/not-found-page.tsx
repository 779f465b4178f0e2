import { Link } from '../router'
import { useTitle } from '../lib/use-title'

export function NotFoundPage () {
  useTitle('Page not found')
  return <>
    <h1>Page not found</h1>
    <p>There is nothing at this address. <Link href="/">See all exercises</Link>.</p>
  </>
}
