import { Link } from '../router'
import { useTitle } from '../lib/use-title'

/** A learner who follows an instructor's link: say why there is nothing, rather than show a refusal. */
export function NotInstructorPage () {
  useTitle('For instructors')
  return <>
    <h1>For instructors</h1>
    <p>These pages are for the instructors who maintain exercises. <Link href="/">See all exercises</Link>.</p>
  </>
}
