// The gateway restarted under open pages, with the environment the stack was started with (GAMESTATE_DATA_DIR and the
// ports): `deploy/local.sh restart gateway` in its two halves, stop and start, so that another client can make an
// update the moment the gateway is back. Each page shows reconnecting, ends synced at that version without reloading,
// and the GM's edits flow again.
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { join } from 'node:path'
import { Rest, expandTo, hubUpdate, launch, repoRoot, screenshot, sessionUrl, signedInPage, unique, waitSynced } from './support.mjs'

const run = promisify(execFile)
let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

test('pages show reconnecting while the gateway restarts, then synced at the right version with no reload', async () => {
  const gm = unique('gm'), p1 = unique('p1')
  const rest = await Rest.as(gm)
  const campaign = await rest.call('POST', '/api/campaigns', { name: 'Resilience' })
  await rest.call('POST', `/api/campaigns/${campaign.id}/members`, { userId: p1 })
  await rest.call('POST', `/api/campaigns/${campaign.id}/characters`, { id: 'hero', name: 'Aria', hp: 30 })
  const { sessionId } = await rest.call('POST', `/api/campaigns/${campaign.id}/sessions`)

  const pages = [await signedInPage(browser, gm), await signedInPage(browser, p1)]
  const [gmPage, playerPage] = pages
  for (const page of pages) {
    await page.goto(sessionUrl(campaign.id, sessionId))
    await waitSynced(page, '1')
    // A mark that a reload would wipe out.
    await page.evaluate(() => { window.__noReload = true })
  }

  // Record every status each page shows.
  for (const page of pages) {
    await page.evaluate(() => {
      window.__statuses = []
      const status = document.querySelector('[data-testid="connection-status"]')
      new MutationObserver(() => window.__statuses.push(status.getAttribute('data-status'))).observe(status, { attributes: true })
    })
  }

  const localSh = (...args) => run(join(repoRoot, 'deploy', 'local.sh'), args, { cwd: repoRoot, env: process.env, timeout: 180_000 })
  await localSh('stop', 'gateway')
  for (const page of pages) {
    await page.waitForFunction(() => document.querySelector('[data-testid="connection-status"]')?.getAttribute('data-status') !== 'synced', null, { timeout: 60_000 })
  }
  await screenshot(playerPage, 'reconnecting')
  await localSh('start', 'gateway')
  const missed = await hubUpdate(rest, sessionId, '1', [{ path: 'characters.0.hp', operation: 'set', value: 29 }])
  assert.equal(missed.success, true, JSON.stringify(missed))

  for (const page of pages) {
    await waitSynced(page, '2', 90_000)
    assert.equal(await (await expandTo(page, 'characters.0.hp')).textContent(), '29')
    const statuses = await page.evaluate(() => window.__statuses)
    assert.ok(statuses.includes('reconnecting'), `the page showed reconnecting (saw ${statuses.join(', ')})`)
    assert.equal(await page.evaluate(() => window.__noReload), true, 'the page was not reloaded')
  }

  // Updates flow again over the new connections.
  await expandTo(gmPage, 'characters.0.hp')
  await gmPage.getByRole('button', { name: 'Edit characters.0.hp' }).click()
  await gmPage.getByLabel('New value of characters.0.hp').fill('31')
  await gmPage.getByLabel('New value of characters.0.hp').press('Enter')
  for (const page of pages) await waitSynced(page, '3')
  assert.equal(await (await expandTo(playerPage, 'characters.0.hp')).textContent(), '31')
})
