// Grader for hello-json: one top-level test per behaviour in instructions.md, in task order.
// The server keeps no state, so every test stands alone. Names are picked at random from
// the lists below, so a greeting cannot be hard-coded.
import { randomInt } from 'node:crypto'
import t from 'tap'
import {
  expectBodyMatches,
  expectJson,
  expectJsonBody,
  expectStatus,
  expectThat,
  graded,
  matcher,
  nonEmptyString,
  request,
} from '@backlab/grader'

const test = graded(t)

const MAX_NAME_LENGTH = 50
const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Margaret', 'Linus', 'Barbara', 'Dennis', 'Katherine', 'Radia', 'Ken', 'Frances', 'Edsger', 'Hedy', 'Guido', 'Anita', 'Tim']
const FULL_NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Hedy Lamarr', 'Radia Perlman', 'Katherine Johnson', 'Margaret Hamilton', 'Ken Thompson']
const ACCENTED_NAMES = ['Jürgen', 'Zoë', 'José', 'Björn', 'Chloé', 'Søren', 'Ångström', 'François']
// Characters that are percent-encoded too, and that decodeURI() (instead of decodeURIComponent),
// a hand-split query string or decoding twice get wrong.
const PUNCTUATED_NAMES = ['Ada & Grace', 'Tom & Jerry', 'Q&A #1, 2=3']
const PERCENT_NAMES = ['Grace, 100%', 'Zoë = 100%', 'Ada 50% Grace']
// Filling for names whose encoded form is much longer than the name: a space is %20 (3
// characters), ü is %C3%BC (6), 🎉 is %F0%9F%8E%89 (12) and counts as 2 in JavaScript's .length.
const WIDE = ['ü', ' ', 'é', 'a']
const EMOJI = '🎉'

const pick = list => list[randomInt(list.length)]
/** Two different entries of `list`. */
function pickTwo(list) {
  const first = randomInt(list.length)
  const second = (first + 1 + randomInt(list.length - 1)) % list.length
  return [list[first], list[second]]
}

const greeting = name => ({ message: `Hello, ${name}!` })
const queryPath = name => `/hello?name=${encodeURIComponent(name)}`
const pathFor = name => `/hello/${encodeURIComponent(name)}`
/** A name of exactly `length` characters, starting with a random first name. */
const nameOfLength = length => `${pick(FIRST_NAMES)}${'a'.repeat(length)}`.slice(0, length)
/**
 * A name of exactly `length` Unicode characters: a random first name, `extra` (e.g. an emoji),
 * then `fill` repeated. It never ends in a space.
 */
function wideName(length, { fill = WIDE, extra = '' } = {}) {
  const chars = [...`${pick(FIRST_NAMES)} ${extra}`]
  while (chars.length < length - 1) chars.push(fill[chars.length % fill.length])
  chars.push('z')
  return chars.slice(0, length).join('')
}
const encodedLength = name => encodeURIComponent(name).length
const utf16Length = name => name.length

async function expectGreeting(t, path, name, why = '') {
  const want = greeting(name)
  const expected = `status 200 OK and the JSON body ${JSON.stringify(want)}${why}`
  const res = await request({ path })
  return (
    expectStatus(t, res, 200, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, want, { expected })
  )
}

/** Names that only a decoder of every escape, run once, gets right: spaces, UTF-8, punctuation, %. */
async function expectDecodedNames(t, pathOf) {
  const cases = [
    [pick(FULL_NAMES), ', because %20 in a URL is a space'],
    [pick(ACCENTED_NAMES), ', because the name arrives percent-encoded as UTF-8'],
    [pick(PUNCTUATED_NAMES), ', because %26 is &, %23 is #, %2C is a comma and %3D is =, all part of the name'],
    [pick(PERCENT_NAMES), ', because %25 is %: the name holds a %, so it must be decoded exactly once'],
  ]
  for (const [name, why] of cases) if (!(await expectGreeting(t, pathOf(name), name, why))) return false
  return true
}

/** 400 with a JSON body whose `error` mentions the parameter by its name. */
async function expectRejected(t, path, because) {
  const expected = `status 400 Bad Request, because ${because}, and a JSON body like {"error": "name must be 1 to ${MAX_NAME_LENGTH} characters"} whose error mentions the parameter: name`
  const res = await request({ path })
  return (
    expectStatus(t, res, 400, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(
      t,
      res,
      { error: matcher('a message that mentions "name"', value => typeof value === 'string' && /name/i.test(value)) },
      { expected },
    )
  )
}

/** `status` (or one of a list), Content-Type: application/json and {"error": "…"}. */
function expectJsonError(t, res, status, expected) {
  return (
    expectStatus(t, res, status, { expected }) &&
    expectJson(t, res, { expected }) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { expected })
  )
}

// 1. A health check

test('1. GET /health answers 200 with status ok as JSON', async t => {
  const res = await request({ path: '/health' })
  const expected = 'status 200 OK, Content-Type: application/json and the JSON body {"status":"ok"}'
  expectStatus(t, res, 200, { expected }) &&
    expectJson(t, res, { expected }) &&
    expectBodyMatches(t, res, { status: 'ok' }, { expected })
})

// 2. Say hello (query parameters)

test('2. GET /hello answers 200 with Hello, world!', async t => {
  ;(await expectGreeting(t, '/hello', 'world', ', because no name was given')) &&
    (await expectGreeting(t, '/hello?lang=en', 'world', ', because no name was given (other query parameters are ignored)'))
})

test('2. GET /hello with a name query parameter greets that name', async t => {
  const [first, second] = pickTwo(FIRST_NAMES)
  ;(await expectGreeting(t, queryPath(first), first)) &&
    (await expectGreeting(t, `/hello?lang=en&name=${second}`, second, ', because other query parameters are ignored')) &&
    (await expectGreeting(t, `/hello?name=${first}&lang=en`, first, ', because other query parameters, after the name too, are ignored'))
})

test('2. GET /hello decodes a percent-encoded name', async t => {
  await expectDecodedNames(t, queryPath)
})

test('2. GET /hello uses the name exactly as sent', async t => {
  const name = ` ${pick(FIRST_NAMES).toLowerCase()} ${pick(FULL_NAMES).split(' ')[1].toUpperCase()} `
  await expectGreeting(t, queryPath(name), name, ', because the name is used exactly as sent: the spaces around it and its letter case are kept')
})

test('2. GET /hello rejects an empty name with 400 naming the parameter', async t => {
  await expectRejected(t, '/hello?name=', 'the name is empty')
})

test('2. GET /hello accepts a 50-character name and rejects 51 with 400', async t => {
  const longest = nameOfLength(MAX_NAME_LENGTH)
  ;(await expectRejected(t, queryPath(nameOfLength(MAX_NAME_LENGTH + 1)), `the name has ${MAX_NAME_LENGTH + 1} characters (${MAX_NAME_LENGTH} at most)`)) &&
    (await expectGreeting(t, queryPath(longest), longest, `, because ${MAX_NAME_LENGTH} characters are still allowed`))
})

test('2. GET /hello counts the characters of the decoded name', async t => {
  const accented = wideName(MAX_NAME_LENGTH)
  const emoji = wideName(MAX_NAME_LENGTH, { fill: ['a'], extra: EMOJI.repeat(3) })
  const tooLong = wideName(MAX_NAME_LENGTH + 1)
  ;(await expectGreeting(t, queryPath(accented), accented, `, because the decoded name has ${MAX_NAME_LENGTH} characters (its percent-encoded form has ${encodedLength(accented)}, and ü is 2 bytes in UTF-8, but only the decoded characters count)`)) &&
    (await expectGreeting(t, queryPath(emoji), emoji, `, because the name has ${MAX_NAME_LENGTH} characters: an emoji is one character (JavaScript's .length says ${utf16Length(emoji)}, counting UTF-16 units)`)) &&
    (await expectRejected(t, queryPath(tooLong), `the decoded name has ${MAX_NAME_LENGTH + 1} characters (${MAX_NAME_LENGTH} at most)`))
})

// 3. Say hello (path parameters)

test('3. GET /hello/:name greets that name', async t => {
  const name = pick(FIRST_NAMES)
  await expectGreeting(t, pathFor(name), name)
})

test('3. GET /hello/:name decodes a percent-encoded name', async t => {
  await expectDecodedNames(t, pathFor)
})

test('3. GET /hello/:name rejects a name longer than 50 characters with 400', async t => {
  const longest = nameOfLength(MAX_NAME_LENGTH)
  ;(await expectRejected(t, pathFor(nameOfLength(MAX_NAME_LENGTH + 1)), `the name has ${MAX_NAME_LENGTH + 1} characters (${MAX_NAME_LENGTH} at most)`)) &&
    (await expectGreeting(t, pathFor(longest), longest, `, because ${MAX_NAME_LENGTH} characters are still allowed`))
})

// Path segments stay under 100 characters as sent: Fastify's default maxParamLength.
test('3. GET /hello/:name counts the characters of the decoded name', async t => {
  const accented = wideName(MAX_NAME_LENGTH, { fill: ['ü', 'a', ' ', 'a', 'a', 'a', 'a'] })
  const emoji = wideName(MAX_NAME_LENGTH, { fill: ['a'], extra: EMOJI })
  const tooLong = wideName(MAX_NAME_LENGTH + 1, { fill: ['ü', 'a', ' ', 'a', 'a', 'a', 'a'] })
  ;(await expectGreeting(t, pathFor(accented), accented, `, because the decoded name has ${MAX_NAME_LENGTH} characters (its percent-encoded form has ${encodedLength(accented)}, but only the decoded characters count)`)) &&
    (await expectGreeting(t, pathFor(emoji), emoji, `, because the name has ${MAX_NAME_LENGTH} characters: an emoji is one character (JavaScript's .length says ${utf16Length(emoji)}, counting UTF-16 units)`)) &&
    (await expectRejected(t, pathFor(tooLong), `the decoded name has ${MAX_NAME_LENGTH + 1} characters (${MAX_NAME_LENGTH} at most)`))
})

// 4. Errors and headers

test('4. Unknown routes answer 404 with a JSON error', async t => {
  for (const path of ['/does-not-exist', '/greetings', `/hello/${pick(FIRST_NAMES)}/friends`]) {
    const expected = `status 404 Not Found: there is no ${path} route; Content-Type: application/json and a body like {"error": "not found"}`
    if (!expectJsonError(t, await request({ path }), 404, expected)) return
  }
})

test('4. A known path with the wrong method answers 405 or 404 with a JSON error', async t => {
  for (const [method, path] of [['POST', '/health'], ['DELETE', '/hello'], ['PUT', pathFor(pick(FIRST_NAMES))]]) {
    const expected = `status 405 Method Not Allowed (404 Not Found is accepted too): the path only answers GET; Content-Type: application/json and a body like {"error": "method not allowed"}`
    if (!expectJsonError(t, await request({ method, path }), [405, 404], expected)) return
  }
})

test('4. JSON responses carry Content-Type: application/json', async t => {
  const name = pick(FIRST_NAMES)
  for (const path of ['/hello', queryPath(name), pathFor(name), '/hello?name=', pathFor(nameOfLength(MAX_NAME_LENGTH + 1))]) {
    const res = await request({ path })
    const expected = 'Content-Type: application/json and a JSON body'
    // A 501 from the starter is JSON too, but says nothing about the learner's responses.
    const ok =
      expectThat(t, res, res.error !== undefined || res.status < 500, {
        message: `GET ${path} returned ${res.status}, expected the route to work (this test checks the headers of its answer)`,
        expected: 'status 200 OK (400 Bad Request for an empty or too long name), Content-Type: application/json and a JSON body',
        pass: `GET ${path} answered ${res.status}`,
      }) && expectJson(t, res, { expected })
    if (!ok) return
  }
})
