// Campaign administration through the pages (CONTRACT section 10): the campaign list with roles, removing a player,
// deleting a backing model, ending a session (the session page then says it is an archive and refuses updates).
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { Rest, launch, screenshot, sessionUrl, signedInPage, unique, waitSynced } from './support.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

test('campaign list with roles, member removal, entity deletion and ending a session from the pages', async () => {
  const gm = unique('gm'), p1 = unique('p1'), p2 = unique('p2')
  const rest = await Rest.as(gm)
  const campaign = await rest.call('POST', '/api/campaigns', { name: unique('Admin') })
  for (const userId of [p1, p2]) await rest.call('POST', `/api/campaigns/${campaign.id}/members`, { userId })
  await rest.call('POST', `/api/campaigns/${campaign.id}/items`, { id: 'sword', name: 'Sword' })
  const { sessionId } = await rest.call('POST', `/api/campaigns/${campaign.id}/sessions`)

  // The player's list shows the campaign with the player role.
  const playerPage = await signedInPage(browser, p1)
  await playerPage.getByRole('link', { name: campaign.name }).waitFor()
  assert.match(await playerPage.locator('tr', { hasText: campaign.name }).textContent(), /player/)

  const gmPage = await signedInPage(browser, gm)
  await gmPage.getByRole('link', { name: campaign.name }).click()
  await gmPage.getByTestId('member').filter({ hasText: p2 }).waitFor()
  await gmPage.getByRole('button', { name: `Remove ${p2}` }).click()
  await gmPage.getByTestId('member').filter({ hasText: p2 }).waitFor({ state: 'detached' })
  assert.deepEqual((await rest.call('GET', `/api/campaigns/${campaign.id}`)).members, [p1])

  await gmPage.getByRole('tab', { name: 'items' }).click()
  await gmPage.getByRole('button', { name: 'sword', exact: true }).waitFor()
  gmPage.once('dialog', dialog => dialog.accept())
  await gmPage.getByRole('button', { name: 'Delete sword' }).click()
  await gmPage.getByRole('button', { name: 'sword', exact: true }).waitFor({ state: 'detached' })
  assert.equal((await rest.call('GET', `/api/campaigns/${campaign.id}/items/sword`)).deleted, true)

  await gmPage.locator('tr', { hasText: sessionId }).getByRole('button', { name: 'End' }).click()
  await gmPage.locator('tr', { hasText: sessionId }).getByText('ended').waitFor()
  await screenshot(gmPage, 'campaign-admin')

  // Deleting the sword removed it from the live session with a system update (version 2).
  const { gameState } = await rest.call('GET', `/api/sessions/${sessionId}/state`)
  assert.equal(gameState.stateVersion, '2')
  assert.deepEqual(gameState.items, [])
  await gmPage.goto(sessionUrl(campaign.id, sessionId))
  await waitSynced(gmPage, '2')
  assert.equal(await gmPage.locator('.state-panel li.node[data-path="items"] > .node-row [data-testid="node-value"]').textContent(), '[0]')
  await gmPage.getByText('This session has ended').waitFor()
  assert.ok(await gmPage.getByRole('button', { name: 'Send update' }).isDisabled())
})
