// Header names as a learner reads them in feedback: the usual spelling, whatever the wire said.
import t from 'tap'
import { headerName } from '@backlab/grader'

t.test('headerName spells headers the way documentation does', async (t) => {
  t.equal(headerName('content-type'), 'Content-Type')
  t.equal(headerName('LOCATION'), 'Location')
  t.equal(headerName('www-authenticate'), 'WWW-Authenticate', 'not Www-Authenticate')
  t.equal(headerName('etag'), 'ETag')
  t.equal(headerName('retry-after'), 'Retry-After')
  t.equal(headerName('set-cookie'), 'Set-Cookie')
})
