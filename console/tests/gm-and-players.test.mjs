// A GM and two players, each in a browser context of their own: the GM creates a campaign and a session through the
// pages and adds the players; a value the GM edits shows on both players' pages within a second; players get no
// way to edit.
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { expandTo, launch, screenshot, sessionUrl, signedInPage, unique, waitSynced } from './support.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

test('GM creates campaign and session, adds players, edits a value; players see it within a second and cannot edit', async () => {
  const gm = unique('gm'), p1 = unique('p1'), p2 = unique('p2')
  const gmPage = await signedInPage(browser, gm, { signInShot: 'sign-in' })
  await screenshot(gmPage, 'campaigns')

  await gmPage.getByLabel('New campaign name').fill('Curse of the Test')
  await gmPage.getByRole('button', { name: 'Create campaign' }).click()
  await gmPage.getByRole('heading', { name: 'Sessions' }).waitFor()
  for (const player of [p1, p2]) {
    await gmPage.getByLabel('User id of a player to add').fill(player)
    await gmPage.getByRole('button', { name: 'Add player' }).click()
    await gmPage.getByTestId('member').filter({ hasText: player }).waitFor()
  }

  // A character to edit, created as a backing model before the session starts (the session hydrates from it).
  await gmPage.getByRole('button', { name: 'New character' }).click()
  await gmPage.getByLabel('Entity JSON').fill(JSON.stringify({ id: 'hero', name: 'Aria', hp: 30 }, null, 2))
  await gmPage.getByRole('button', { name: 'Save' }).click()
  await gmPage.getByRole('button', { name: 'hero', exact: true }).waitFor()
  await screenshot(gmPage, 'campaign')

  await gmPage.getByRole('button', { name: 'Start a session' }).click()
  await gmPage.waitForURL(/\/sessions\//)
  const [, campaignId, sessionId] = decodeURIComponent(new URL(gmPage.url()).hash).match(/campaigns\/([^/]+)\/sessions\/([^/]+)/)
  await waitSynced(gmPage, '1')

  const players = [await signedInPage(browser, p1), await signedInPage(browser, p2)]
  for (const page of players) {
    await page.goto(sessionUrl(campaignId, sessionId))
    await waitSynced(page, '1')
    assert.equal(await (await expandTo(page, 'characters.0.hp')).textContent(), '30')
  }

  // Quick edit on the GM's tree: hp 30 -> 22.
  await expandTo(gmPage, 'characters.0.hp')
  await gmPage.getByRole('button', { name: 'Edit characters.0.hp' }).click()
  await gmPage.getByLabel('New value of characters.0.hp').fill('22')
  await gmPage.getByLabel('New value of characters.0.hp').press('Enter')
  await waitSynced(gmPage, '2')
  const acknowledged = Date.now()
  for (const page of players) {
    await page.waitForFunction(
      () => document.querySelector('.state-panel li.node[data-path="characters.0.hp"] [data-testid="node-value"]')?.textContent === '22',
      null, { timeout: 1_000 },
    )
  }
  assert.ok(Date.now() - acknowledged <= 1_000, 'both players show the new value within a second')
  await screenshot(gmPage, 'session-gm')
  await screenshot(players[0], 'session-player')

  // The composer: two operations in one update, sent from the keyboard.
  await gmPage.getByLabel('Path of operation 1').fill('characters.0.hp')
  await gmPage.getByLabel('Operation 1', { exact: true }).selectOption('inc')
  await gmPage.getByLabel('JSON value of operation 1').fill('-2')
  await gmPage.getByRole('button', { name: 'Add operation' }).click()
  await gmPage.getByLabel('Path of operation 2').fill('characters.0.status')
  await gmPage.getByLabel('JSON value of operation 2').fill('"poisoned"')
  await gmPage.getByLabel('JSON value of operation 2').press('Control+Enter')
  await waitSynced(gmPage, '3')
  for (const page of players) {
    await waitSynced(page, '3')
    assert.equal(await (await expandTo(page, 'characters.0.hp')).textContent(), '20')
    assert.equal(await (await expandTo(page, 'characters.0.status')).textContent(), '"poisoned"')
  }

  // Players: read-only. No composer, no quick-edit buttons, no revert.
  for (const page of players) {
    assert.equal(await page.locator('.composer').count(), 0)
    assert.equal(await page.locator('.node-actions').count(), 0)
    assert.equal(await page.getByRole('button', { name: /^Revert/ }).count(), 0)
    assert.equal(await page.getByText('read-only: your view').count(), 1)
  }

  // Narrow screens: the same page at 390 px has no horizontal scroll.
  await players[1].setViewportSize({ width: 390, height: 844 })
  await screenshot(players[1], 'session-player-390')
  const overflow = await players[1].evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 0, `no horizontal overflow at 390 px (was ${overflow}px)`)
  await gmPage.setViewportSize({ width: 390, height: 844 })
  await screenshot(gmPage, 'session-gm-390')
  const gmOverflow = await gmPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(gmOverflow <= 0, `no horizontal overflow at 390 px for the GM (was ${gmOverflow}px)`)
})
