// A 5 MB state of 1,000 actors: the page renders only what is expanded (the tree is lazy, entity arrays show a page
// at a time), and an update changes only the DOM of the value it changed (plus the version fields).
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { Rest, hubUpdate, launch, screenshot, sessionUrl, signedInPage, unique, waitSynced } from './support.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

const actorCount = 1_000
const perUpdate = 125
const padding = 'x'.repeat(5_000)

test('1,000 actors in a 5 MB state: lazy tree, and an update repaints only what changed', async () => {
  const gm = unique('gm'), player = unique('p')
  const rest = await Rest.as(gm)
  const campaign = await rest.call('POST', '/api/campaigns', { name: 'Crowd' })
  await rest.call('POST', `/api/campaigns/${campaign.id}/members`, { userId: player })
  const { sessionId } = await rest.call('POST', `/api/campaigns/${campaign.id}/sessions`)
  let version = 1
  for (let start = 0; start < actorCount; start += perUpdate) {
    const operations = []
    for (let i = start; i < start + perUpdate; i++) {
      operations.push({ path: 'actors', operation: 'push', value: { id: `a${i}`, name: `Goblin ${i}`, hp: 7, notes: padding } })
    }
    const response = await hubUpdate(rest, sessionId, String(version), operations)
    assert.equal(response.success, true, JSON.stringify(response))
    version++
  }

  const page = await signedInPage(browser, player)
  await page.goto(sessionUrl(campaign.id, sessionId))
  await waitSynced(page, String(version), 60_000)
  assert.ok(await page.locator('li.node').count() < 20, 'collapsed roots only')

  await page.locator('li.node[data-path="actors"] > .node-row button.toggle').click()
  const shown = await page.locator('li.node[data-path^="actors."]').count()
  assert.ok(shown <= 100 + 10, `one page of actors is rendered (${shown} nodes)`)
  await page.getByRole('button', { name: /Show 100 more of 1000/ }).click()
  await page.locator('li.node[data-path="actors.150"]').waitFor()

  // Path search finds an actor past the rendered pages by id.
  await page.getByLabel(/Path search/).fill('actors.a777.name')
  await page.getByRole('button', { name: 'Find' }).click()
  await page.locator('.search-result').getByText('"Goblin 777"').waitFor()

  await page.locator('li.node[data-path="actors.5"] > .node-row button.toggle').click()
  const hp = page.locator('li.node[data-path="actors.5.hp"] > .node-row [data-testid="node-value"]')
  assert.equal(await hp.textContent(), '7')
  await screenshot(page, 'large-state')

  // Watch the tree's DOM while the GM changes one actor's hp.
  await page.evaluate(() => {
    window.__mutated = []
    const tree = document.querySelector('.state-panel > .tree > .tree-root')
    new MutationObserver(records => {
      for (const record of records) {
        const node = record.target.nodeType === 1 ? record.target : record.target.parentElement
        window.__mutated.push(node.closest('li.node')?.getAttribute('data-path') ?? '(tree)')
      }
    }).observe(tree, { subtree: true, childList: true, characterData: true, attributes: true })
  })
  const response = await hubUpdate(rest, sessionId, String(version), [{ path: 'actors.5.hp', operation: 'set', value: 3 }])
  assert.equal(response.success, true, JSON.stringify(response))
  await waitSynced(page, String(version + 1))
  await page.waitForFunction(() => document.querySelector('li.node[data-path="actors.5.hp"] [data-testid="node-value"]')?.textContent === '3')
  const mutated = [...new Set(await page.evaluate(() => window.__mutated))]
  const unexpected = mutated.filter(path => path !== 'actors.5.hp' && path !== 'stateVersion' && path !== 'lastUpdated')
  assert.deepEqual(unexpected, [], `only the changed value and the version fields repainted (saw ${mutated.join(', ')})`)
})
