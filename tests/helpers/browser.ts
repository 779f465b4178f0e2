// What the web app's end-to-end tests share: Debian's Chromium as this machine allows it, a real
// API listening on a port with a worker, and screenshots under .build/screenshots/ to look at.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { build } from './build-app.js'
import { startWorker } from './grading.js'
import { isolatedConfig } from './test-config.js'

const SHOTS = join(process.cwd(), '.build', 'screenshots')

/** Chromium as the machine allows it: no sandbox (root), no GPU, nothing that calls home. */
export async function launchBrowser (t: Test): Promise<BrowserContext> {
  const profile = await mkdtemp(join(tmpdir(), 'backlab-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 }
  })
  t.teardown(async () => {
    await context.close()
    await rm(profile, { recursive: true, force: true })
  })
  return context
}

export async function shot (page: Page, name: string, fullPage = true): Promise<void> {
  await mkdir(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage })
}

/** Replaces what the code editor holds, as typing (a paste) would. */
export async function replaceCode (page: Page, code: string): Promise<void> {
  const editor = page.locator('.cm-content').first()
  await editor.click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(code)
}

/** The API listening on a free port, with its own database, queue and a worker. */
export async function startSite (t: Test): Promise<{ app: FastifyInstance, base: string }> {
  const config = await isolatedConfig(t)
  const app = await build(t, config, { auth: false })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  await startWorker(t, config)
  return { app, base: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` }
}
