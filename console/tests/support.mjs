// What the browser tests share: the stack's address, Chromium from Debian driven by playwright-core, REST calls for
// setting scenes up, signing in through the page, and screenshots saved as test artifacts.
import { chromium } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const baseUrl = (process.env.GAMESTATE_URL ?? '').replace(/\/+$/, '')
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const artifacts = process.env.GAMESTATE_CONSOLE_ARTIFACTS ?? join(repoRoot, 'TestResults', 'console')
mkdirSync(artifacts, { recursive: true })

/** A name no other run of the tests has used (the database outlives test runs). */
export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // Root in a container: Chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  })
}

/** The gateway's REST API as one user, for setting a scene up faster than through the pages. */
export class Rest {
  constructor(token) { this.token = token }

  static async as(userId) {
    const response = await fetch(`${baseUrl}/api/dev/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId }),
    })
    if (!response.ok) throw new Error(`dev token for ${userId}: ${response.status} ${await response.text()}`)
    return new Rest((await response.json()).token)
  }

  async call(method, path, body) {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
    return text ? JSON.parse(text) : undefined
  }
}

/** A browser context of its own (no shared storage) for one user, signed in through the sign-in page. */
export async function signedInPage(browser, userId, { width = 1280, height = 860, signInShot } = {}) {
  const context = await browser.newContext({ viewport: { width, height } })
  const page = await context.newPage()
  page.on('pageerror', error => console.error(`[${userId}] page error: ${error.message}`))
  await page.goto(`${baseUrl}/console/`)
  await page.getByLabel('User name (dev token)').fill(userId)
  if (signInShot) await screenshot(page, signInShot)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByTestId('signed-in-user').filter({ hasText: userId }).waitFor()
  return page
}

export function sessionUrl(campaignId, sessionId) {
  return `${baseUrl}/console/#/campaigns/${encodeURIComponent(campaignId)}/sessions/${encodeURIComponent(sessionId)}`
}

/** Waits until the page's connection status says synced at the given version (or any version when omitted). */
export async function waitSynced(page, version, timeout = 15_000) {
  await page.waitForFunction(
    expected => {
      const status = document.querySelector('[data-testid="connection-status"]')
      return status?.getAttribute('data-status') === 'synced' && (expected === null || status.getAttribute('data-version') === expected)
    },
    version ?? null,
    { timeout },
  )
}

export async function versionOf(page) {
  return page.getByTestId('connection-status').getAttribute('data-version')
}

/** Opens the tree down to a path (each segment's toggle in turn) and returns the value text shown there. */
export async function expandTo(page, path) {
  const segments = path.split('.')
  for (let i = 1; i < segments.length; i++) {
    const prefix = segments.slice(0, i).join('.')
    const node = page.locator(`.state-panel > .tree > .tree-root li.node[data-path="${prefix}"]`)
    if ((await node.getAttribute('data-open')) !== 'true') {
      await node.locator(':scope > .node-row > button.toggle').click()
    }
  }
  return page.locator(`.state-panel > .tree > .tree-root li.node[data-path="${path}"] > .node-row [data-testid="node-value"]`)
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false })
}

/** Sends one update over the hub from Node as the given user (a second client beside the pages). */
export async function hubUpdate(rest, sessionId, version, operations) {
  const signalR = await import('@microsoft/signalr')
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/game`, { accessTokenFactory: () => rest.token })
    .configureLogging(signalR.LogLevel.Warning)
    .build()
  await connection.start()
  try {
    return await connection.invoke('gameState:update', {
      id: unique('update'), sessionId, version, operations, timestamp: Date.now(), source: 'gm',
    })
  } finally {
    await connection.stop()
  }
}
