// Text PostgreSQL cannot store (a NUL, a lone UTF-16 surrogate), sent in any part of any request,
// is a 400 that says where it is, never a 500 from the INSERT; and file names that would display
// as something they are not are refused.
import t from 'tap'
import { build } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

t.test('unstorable text is a 400 naming where it is', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  const submit = async (files: Record<string, string>) =>
    await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'todos-crud', files } })

  t.test('a NUL in a file names the file, line and column', async (t) => {
    const res = await submit({ 'server.js': "const a = 1\nconst b = '\u0000'\n" })
    t.equal(res.statusCode, 400, res.body)
    t.match(res.json().error, {
      code: 'INVALID_TEXT',
      message: /^body\.files\['server\.js'\] contains a NUL character \(U\+0000\) at line 2, column 12; remove it/
    })
  })

  t.test('a lone surrogate in a file names the file, line and column', async (t) => {
    const res = await submit({ 'server.js': 'x', 'src/a.js': '// \ud83d\n' })
    t.equal(res.statusCode, 400, res.body)
    t.match(res.json().error, { code: 'INVALID_TEXT', message: /^body\.files\['src\/a\.js'\] contains a lone surrogate \(U\+D83D: .*\) at line 1, column 4/ })
    const pair = await submit({ 'server.js': '// \ud83d\ude00 a whole emoji is fine\n' })
    t.equal(pair.statusCode, 202, pair.body)
  })

  t.test('a lone surrogate in a file name', async (t) => {
    const res = await submit({ 'server.js': 'x', 'src/\udc00.js': 'x' })
    t.equal(res.statusCode, 400, res.body)
    t.match(res.json().error, { code: 'INVALID_TEXT', message: /^The field name 'src\/\\udc00\.js' in body\.files contains a lone surrogate/ })
  })

  t.test('account fields: a sign-up name, a token name', async (t) => {
    const signUp = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: '' },
      payload: { email: 'nul@example.test', name: 'Ada\u0000', password: 'long enough pw' }
    })
    t.equal(signUp.statusCode, 400, signUp.body)
    t.match(signUp.json().error, { code: 'INVALID_TEXT', message: /^body\.name contains a NUL character \(U\+0000\) at character 4/ })
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: '' },
      payload: { email: app.account.email, password: app.account.password, tokenName: 'cli \ud800' }
    })
    t.equal(login.statusCode, 400, login.body)
    t.match(login.json().error, { code: 'INVALID_TEXT', message: /^body\.tokenName contains a lone surrogate/ })
  })

  t.test('a query string or a path parameter', async (t) => {
    const query = await app.inject({ url: '/api/v1/submissions?exercise=todos%00crud' })
    t.equal(query.statusCode, 400, query.body)
    t.match(query.json().error, { code: 'INVALID_TEXT', message: /^querystring\.exercise contains a NUL character/ })
    const params = await app.inject({ url: '/api/v1/exercises/todos%00crud' })
    t.equal(params.statusCode, 400, params.body)
    t.match(params.json().error, { code: 'INVALID_TEXT', message: /^params\.slug contains a NUL character/ })
  })

  t.test('nested anywhere in a JSON body, however deep', async (t) => {
    const deep = `{"exercise":"todos-crud","files":{"server.js":"x"},"x":${'['.repeat(5000)}"\\u0000"${']'.repeat(5000)}}`
    const res = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: { 'content-type': 'application/json' }, payload: deep })
    t.equal(res.statusCode, 400, res.body)
    t.equal(res.json().error.code, 'INVALID_TEXT')
  })
})

t.test('file names that display as something they are not are refused', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  const names: Array<[string, string, RegExp]> = [
    ['a right-to-left override', 'src/evil\u202ejs.txt', /bidirectional control U\+202E/],
    ['a first-strong isolate', 'src/a\u2068b.js', /bidirectional control U\+2068/],
    ['a line separator', 'src/a\u2028b.js', /line or paragraph separator U\+2028/],
    ['a paragraph separator', 'src/a\u2029b.js', /line or paragraph separator U\+2029/],
    ['a C1 control', 'src/a\u0085b.js', /control characters/],
    ['a zero-width space', 'src/serv\u200ber.js', /U\+200B, a character that shows as nothing/],
    ['a no-break space', 'src/a\u00a0b.js', /U\+00A0, a character that shows as nothing or as a plain space/],
    ['a Cyrillic letter among Latin ones', 'src/s\u0435rver.js', /mixes Latin and Cyrillic letters/],
    ['a compatibility ligature', 'src/\ufb01le.js', /compatibility form of 'fi'/],
    ['a decomposed accent', 'src/cafe\u0301.js', /combining accent/],
    ['a trailing space', 'src/app.js ', /ends with a space/],
    ['a private-use character', 'src/a\ue000.js', /private-use or unassigned/]
  ]
  for (const [what, name, message] of names) {
    t.test(what, async (t) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'todos-crud', files: { 'server.js': 'x', [name]: 'x' } } })
      t.equal(res.statusCode, 400, res.body)
      t.equal(res.json().error.code, 'INVALID_FILE_PATH')
      t.match(res.json().error.message, /^File path '/)
      t.match(res.json().error.message, message)
    })
  }
  t.test('names in other scripts, and spaces inside, are fine', async (t) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: { exercise: 'todos-crud', files: { 'server.js': 'x', 'src/Ελληνικά.js': 'x', 'src/日本語ファイル.js': 'x', 'src/café au lait.js': 'x' } }
    })
    t.equal(res.statusCode, 202, res.body)
  })
})
