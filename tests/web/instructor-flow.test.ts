// The web app as an instructor uses it, in Debian's Chromium: upload an exercise package, watch
// its validation report, see it published, then the exercise's page with its charts.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { signUp } from '../helpers/build-app.js'
import { launchBrowser, shot, startSite } from '../helpers/browser.js'
import { nodeOnlyHelloPackage } from '../helpers/packages.js'

t.setTimeout(5 * 60_000)

t.test('an instructor uploads a package, reads its validation report, and sees it published', async (t) => {
  const { app, base } = await startSite(t)
  const teacher = await signUp(app, 'teacher')
  await app.pg.query("UPDATE users SET role = 'instructor' WHERE id = $1", [teacher.id])
  // hello-json in node only, under a new slug, with one scenario whose expected.json is wrong.
  const root = await mkdtemp(join(tmpdir(), 'backlab-web-package-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  const dir = join(root, 'hello-web')
  await nodeOnlyHelloPackage(dir, { slug: 'hello-web', title: 'Hello from the web' })
  const expectedPath = join(dir, 'scenarios', 'no-url-decoding', 'expected.json')
  const expected = await readFile(expectedPath, 'utf8')
  await writeFile(expectedPath, expected.replace('"status": "fail"', '"status": "pass"'))
  const archive = async (): Promise<Buffer> => (await promisify(execFile)('tar', ['-czf', '-', '-C', dir, '.'], { encoding: 'buffer' })).stdout

  const context = await launchBrowser(t)
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (err) => { pageErrors.push(err.message) })
  await page.goto(`${base}/login`)
  await page.getByLabel('Email').fill(teacher.email)
  await page.getByLabel('Password').fill(teacher.password)
  await page.getByRole('button', { name: /log in/i }).click()
  await page.getByRole('link', { name: 'Instructor' }).click()
  await page.waitForURL(`${base}/instructor`)
  await shot(page, '11-instructor-home')

  const uploadAndWait = async (publish: boolean): Promise<string> => {
    await page.goto(`${base}/instructor`)
    await page.getByLabel(/Or choose an archive/).setInputFiles({ name: 'hello-web.tar.gz', mimeType: 'application/gzip', buffer: await archive() })
    const box = page.getByLabel('Publish if every check passes')
    if (await box.isChecked() !== publish) await box.click()
    await page.getByRole('button', { name: publish ? 'Validate and publish' : 'Validate' }).click()
    await page.waitForURL(/\/instructor\/validations\/[0-9a-f-]{36}$/)
    const report = page.getByTestId('validation-report')
    await report.filter({ hasNotText: /Grading the checks/ }).waitFor({ timeout: 120_000 })
    return await report.textContent() ?? ''
  }

  await t.test('a wrong scenario: the report names the check and the test, nothing is published', async (t) => {
    const text = await uploadAndWait(true)
    t.match(text, /Failed: 1 of 6 checks failed; nothing was published/)
    const failed = page.locator('[data-testid="check"][data-status="fail"]')
    t.equal(await failed.count(), 1)
    t.match(await failed.textContent(), /scenarios\/no-url-decoding \(node\) grades as expected\.json says[\s\S]*expected pass, got fail/)
    t.equal(await page.locator('[data-testid="check"][data-status="pass"]').count(), 5)
    await shot(page, '12-validation-failed')
  })

  await t.test('fixed: published, listed among the instructor\'s exercises, with its page and charts', async (t) => {
    await writeFile(expectedPath, expected)
    t.match(await uploadAndWait(true), /Published: every check passed/)
    await shot(page, '13-validation-published')
    // Two learners' submissions, so the exercise's page has something to chart.
    const learner = await signUp(app, 'learner')
    for (const folder of ['starter/node', 'solution/node']) {
      const files = Object.fromEntries(await Promise.all(['server.js', 'package.json'].map(async (f) => [f, await readFile(join(dir, folder, f), 'utf8')])))
      const sent = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: { authorization: `Bearer ${learner.token}` }, payload: { exercise: 'hello-web', files } })
      for (let status = 'queued'; status === 'queued' || status === 'running';) {
        status = (await app.inject({ url: `/api/v1/submissions/${sent.json().id as string}?wait=30`, headers: { authorization: `Bearer ${learner.token}` } })).json().status as string
      }
    }
    await page.goto(`${base}/instructor`)
    await page.getByRole('link', { name: 'Hello from the web' }).click()
    await page.waitForURL(`${base}/instructor/exercises/hello-web`)
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Hello from the web' }).waitFor()
    await page.locator('canvas').first().waitFor()
    t.equal(await page.locator('canvas').count(), 2, 'the daily and failing-test charts')
    t.match(await page.locator('main').textContent(), /Pass rate\s*50\s*%/)
    await shot(page, '14-instructor-exercise')
  })

  t.same(pageErrors, [], 'no script errors on any page')
})
