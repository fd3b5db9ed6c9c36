// Hidden data (CONTRACT section 7): an actor hidden from one player shows on the other player's page, and its id and
// contents never reach the first player's DOM nor any WebSocket frame that page receives, neither at join nor when
// the GM adds another hidden actor live.
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { Rest, expandTo, launch, screenshot, sessionUrl, signedInPage, unique, waitSynced } from './support.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

/** Every text frame the page's WebSockets receive, kept for the test to search. */
function recordFrames(page) {
  const frames = []
  page.on('websocket', socket => socket.on('framereceived', frame => frames.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8'))))
  return frames
}

test('an actor hidden from one player is on the other player\'s page and never in the first one\'s DOM or frames', async () => {
  const gm = unique('gm'), seer = unique('seer'), blind = unique('blind')
  const secretId = unique('spy'), secretName = unique('Shadow')
  const liveId = unique('ghost'), liveName = unique('Wraith')
  const rest = await Rest.as(gm)
  const campaign = await rest.call('POST', '/api/campaigns', { name: 'Hidden things' })
  for (const userId of [seer, blind]) await rest.call('POST', `/api/campaigns/${campaign.id}/members`, { userId })
  await rest.call('POST', `/api/campaigns/${campaign.id}/actors`, { id: 'guard', name: 'Guard' })
  await rest.call('POST', `/api/campaigns/${campaign.id}/actors`, { id: secretId, name: secretName, visibility: [seer], gmOnly: { note: 'traitor' } })
  const { sessionId } = await rest.call('POST', `/api/campaigns/${campaign.id}/sessions`)

  const gmPage = await signedInPage(browser, gm)
  const seerPage = await signedInPage(browser, seer)
  const blindPage = await signedInPage(browser, blind)
  const blindFrames = recordFrames(blindPage)
  for (const page of [gmPage, seerPage, blindPage]) {
    await page.goto(sessionUrl(campaign.id, sessionId))
    await waitSynced(page, '1')
  }

  // The GM sees both actors, the seer both (without the gmOnly key), the blind player only the guard.
  await expandTo(seerPage, 'actors.1.name')
  await seerPage.getByText(secretName).first().waitFor()
  assert.equal(await seerPage.locator('.state-panel').getByText('traitor').count(), 0, 'gmOnly keys stay with the GM')
  await expandTo(blindPage, 'actors.0.name')
  assert.equal(await blindPage.locator('li.node[data-path="actors.1"]').count(), 0)

  // The GM adds a second hidden actor live, through the composer.
  await gmPage.getByLabel('Path of operation 1').fill('actors')
  await gmPage.getByLabel('Operation 1', { exact: true }).selectOption('push')
  await gmPage.getByLabel('JSON value of operation 1').fill(JSON.stringify({ id: liveId, name: liveName, visibility: [seer] }))
  await gmPage.getByRole('button', { name: 'Send update' }).click()
  await waitSynced(gmPage, '2')
  await waitSynced(seerPage, '2')
  await waitSynced(blindPage, '2')
  await expandTo(seerPage, 'actors.2.name')
  await seerPage.getByText(liveName).first().waitFor()
  await screenshot(seerPage, 'hidden-seer')
  await screenshot(blindPage, 'hidden-blind')

  // The GM looks through the blind player's eyes.
  await gmPage.getByLabel('Member to view as').fill(blind)
  await gmPage.getByRole('button', { name: 'View as' }).click()
  await gmPage.getByRole('heading', { name: `State as ${blind} sees it` }).waitFor()
  await gmPage.locator('.state-panel li.node[data-path="actors"] > .node-row button.toggle').click()
  assert.equal(await gmPage.locator('.state-panel li.node[data-path="actors.1"]').count(), 0, 'the blind player\'s view has one actor')
  await screenshot(gmPage, 'view-as')

  // Expand everything the blind player has, then search the whole DOM and every frame received.
  await expandTo(blindPage, 'actors.0.name')
  const html = await blindPage.content()
  for (const secret of [secretId, secretName, liveId, liveName, 'traitor']) {
    assert.ok(!html.includes(secret), `${secret} is not in the blind player's DOM`)
    const frame = blindFrames.find(f => f.includes(secret))
    assert.equal(frame, undefined, `${secret} is in no WebSocket frame the blind player received`)
  }
  assert.ok(blindFrames.length > 0, 'the blind player\'s page did receive frames')
})
