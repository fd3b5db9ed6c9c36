// History (CONTRACT section 8): the timeline lists each update with its operations and `previous` values; a click on a
// version shows the state at it; "Revert here" from the timeline brings every open page back to that state.
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { Rest, expandTo, launch, screenshot, sessionUrl, signedInPage, unique, waitSynced } from './support.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

test('a version clicked in the timeline shows the state at it; revert from the timeline reaches every page', async () => {
  const gm = unique('gm'), p1 = unique('p1'), p2 = unique('p2')
  const rest = await Rest.as(gm)
  const campaign = await rest.call('POST', '/api/campaigns', { name: 'Time travel' })
  for (const userId of [p1, p2]) await rest.call('POST', `/api/campaigns/${campaign.id}/members`, { userId })
  await rest.call('POST', `/api/campaigns/${campaign.id}/characters`, { id: 'hero', name: 'Aria', hp: 30 })
  const { sessionId } = await rest.call('POST', `/api/campaigns/${campaign.id}/sessions`)

  const pages = [await signedInPage(browser, gm), await signedInPage(browser, p1), await signedInPage(browser, p2)]
  const [gmPage] = pages
  for (const page of pages) {
    await page.goto(sessionUrl(campaign.id, sessionId))
    await waitSynced(page, '1')
  }

  // v2: hp 25, v3: hp 10 and a condition.
  for (const [version, operations] of [['2', [['characters.0.hp', 'set', '25']]], ['3', [['characters.0.hp', 'set', '10'], ['characters.0.condition', 'set', '"down"']]]]) {
    for (const [i, [path, op, value]] of operations.entries()) {
      if (i > 0) await gmPage.getByRole('button', { name: 'Add operation' }).click()
      await gmPage.getByLabel(`Path of operation ${i + 1}`).fill(path)
      await gmPage.getByLabel(`Operation ${i + 1}`, { exact: true }).selectOption(op)
      await gmPage.getByLabel(`JSON value of operation ${i + 1}`).fill(value)
    }
    await gmPage.getByRole('button', { name: 'Send update' }).click()
    for (const page of pages) await waitSynced(page, version)
  }

  // The timeline shows v3's operations with their previous values.
  const v3 = gmPage.locator('.timeline > li[data-version="3"]')
  await v3.waitFor()
  assert.match(await v3.textContent(), /set characters\.0\.hp = 10\s*\(was 25\)/)
  assert.match(await v3.textContent(), /set characters\.0\.condition = "down"/)

  // The state at version 2.
  await gmPage.getByRole('button', { name: 'View the state at version 2' }).click()
  await gmPage.getByRole('heading', { name: 'State at version 2' }).waitFor()
  await gmPage.locator('.state-panel li.node[data-path="characters"] > .node-row button.toggle').click()
  await gmPage.locator('.state-panel li.node[data-path="characters.0"] > .node-row button.toggle').click()
  assert.equal(await gmPage.locator('.state-panel li.node[data-path="characters.0.hp"] [data-testid="node-value"]').textContent(), '25')
  assert.equal(await gmPage.locator('.state-panel li.node[data-path="characters.0.condition"]').count(), 0)
  await screenshot(gmPage, 'history-at-version')

  // Revert to version 2 from the timeline: v4, and every page shows hp 25 without the condition.
  gmPage.once('dialog', dialog => dialog.accept())
  await gmPage.getByRole('button', { name: 'Revert to version 2' }).click()
  for (const page of pages) {
    await waitSynced(page, '4')
    assert.equal(await (await expandTo(page, 'characters.0.hp')).textContent(), '25')
    assert.equal(await page.locator('.state-panel li.node[data-path="characters.0.condition"]').count(), 0)
  }
  await gmPage.locator('.timeline > li[data-version="4"]').getByText('revert to v2').waitFor()
  await screenshot(gmPage, 'history-reverted')
})
