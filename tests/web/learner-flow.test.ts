// The web app driven in Debian's Chromium, headless, as a learner uses it: sign up, open
// todos-crud, submit a broken solution, read the failing test, fix it, pass. Real API (listening
// on a port), worker, containers. Screenshots of each page go to .build/screenshots/.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { launchBrowser, replaceCode, shot, startSite } from '../helpers/browser.js'

t.setTimeout(5 * 60_000)

t.test('a learner signs up, submits a broken todos API, reads why, fixes it and passes', async (t) => {
  const { base } = await startSite(t)
  const context = await launchBrowser(t)
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (err) => { pageErrors.push(err.message) })

  await page.goto(`${base}/`)
  await page.waitForURL(/\/login$/)
  await page.getByRole('link', { name: /sign up/i }).click()
  await page.getByLabel('Email').fill('grace@example.test')
  await page.getByLabel('Name').fill('Grace')
  await page.getByLabel('Password').fill('a long enough password')
  await shot(page, '01-signup')
  await page.getByRole('button', { name: /sign up/i }).click()
  await page.waitForURL(`${base}/`)

  await t.test('the catalog: exercises by track, each not started', async (t) => {
    for (const track of ['CRUD', 'Auth', 'SQL']) await page.getByRole('heading', { name: track, exact: true }).waitFor()
    const todos = page.getByRole('link', { name: /Todos/ })
    await todos.waitFor()
    t.match(await todos.textContent(), /Not started/)
    await shot(page, '02-catalog')
  })

  await page.getByRole('link', { name: /Todos/ }).first().click()
  await page.waitForURL(/\/exercises\/todos-crud$/)
  await page.locator('.cm-content').first().waitFor()
  await shot(page, '03-exercise')

  await t.test('a broken solution: the failing test with what was sent, expected and got', async (t) => {
    await replaceCode(page, await readFile('exercises/todos-crud/scenarios/status-200-on-create/files/server.js', 'utf8'))
    await page.getByRole('button', { name: 'Submit' }).click()
    const live = page.getByTestId('live-progress')
    await live.waitFor()
    const feedback = page.getByTestId('feedback')
    await feedback.waitFor({ timeout: 90_000 })
    t.match(await feedback.textContent(), /Failed/)
    const failed = feedback.locator('[data-testid="test-result"][data-status="fail"]')
    t.equal(await failed.count(), 1)
    t.match(await failed.first().textContent(), /1\. POST \/todos creates a todo[\s\S]*POST \/todos returned 200, expected 201/)
    t.match(await feedback.textContent(), /curl -i -X POST http:\/\/localhost:3000\/todos/)
    await shot(page, '04-feedback-failed')
  })

  await t.test('fixed: it passes, and both submissions are in the history', async (t) => {
    await replaceCode(page, await readFile('exercises/todos-crud/solution/node/server.js', 'utf8'))
    await page.getByRole('button', { name: 'Submit' }).click()
    const feedback = page.getByTestId('feedback')
    await page.getByTestId('feedback').filter({ hasText: /Passed/ }).waitFor({ timeout: 90_000 })
    t.equal(await feedback.locator('[data-testid="test-result"][data-status="fail"]').count(), 0)
    await shot(page, '05-feedback-passed')
    await page.goto(`${base}/`)
    t.match(await page.getByRole('link', { name: /Todos/ }).first().textContent(), /Passed/)
  })

  await t.test('an SQL exercise: one file per task in tabs; a wrong query is shown with its rows', async (t) => {
    await page.goto(`${base}/exercises/select-filter-order`)
    await page.getByRole('tab', { name: '06-categories.sql' }).click()
    await replaceCode(page, await readFile('exercises/select-filter-order/scenarios/categories-not-distinct/files/06-categories.sql', 'utf8'))
    await page.getByRole('button', { name: 'Submit' }).click()
    const feedback = page.getByTestId('feedback')
    await feedback.filter({ hasText: /Failed/ }).waitFor({ timeout: 90_000 })
    const task6 = feedback.locator('[data-testid="test-result"]', { hasText: "6. The shop's categories, each once" })
    t.equal(await task6.getAttribute('data-status'), 'fail')
    t.match(await task6.textContent(), /DISTINCT/)
    await shot(page, '09-feedback-sql')
  })

  await t.test('nothing the learner\'s code prints or answers becomes markup or script', async (t) => {
    const hostile = [
      "import { createServer } from 'node:http'",
      "const evil = '<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">'",
      'console.log(evil)',
      "createServer((req, res) => { res.writeHead(201, { 'Content-Type': 'text/html', Location: evil }); res.end(evil) })",
      '  .listen(Number(process.env.PORT))'
    ].join('\n')
    await page.goto(`${base}/exercises/todos-crud`)
    await replaceCode(page, hostile)
    await page.getByRole('button', { name: 'Submit' }).click()
    const feedback = page.getByTestId('feedback')
    await feedback.filter({ hasText: /Failed/ }).waitFor({ timeout: 90_000 })
    t.match(await feedback.textContent(), /<script>window\.__pwned = 1<\/script>/, 'shown, as text')
    t.equal(await page.evaluate('window.__pwned'), undefined, 'never run')
    t.equal(await page.locator('img[src="x"]').count(), 0, 'no element made of it')
    await shot(page, '06-feedback-hostile-output')
  })

  await t.test('at phone width the pages fit, and Submit is reached with the keyboard', async (t) => {
    await page.setViewportSize({ width: 375, height: 800 })
    for (const [path, name] of [['/', '07-phone-catalog'], ['/exercises/todos-crud', '08-phone-exercise']] as const) {
      await page.goto(`${base}${path}`)
      await page.getByRole('heading', { level: 1 }).waitFor()
      t.ok(await page.evaluate('document.documentElement.scrollWidth <= 376'), `${path}: nothing wider than the screen`)
      // The first screen, as a phone shows it (a whole page is too tall to look at).
      await shot(page, name, false)
    }
    await page.getByLabel('Runtime').focus()
    let reached = false
    for (let i = 0; i < 25 && !reached; i++) {
      await page.keyboard.press('Tab')
      reached = await page.evaluate("document.activeElement?.textContent?.trim() === 'Submit'") === true
    }
    t.ok(reached, 'Tab from the runtime picker reaches Submit (the editor does not trap Tab)')
  })

  t.same(pageErrors, [], 'no script errors on any page')
})
