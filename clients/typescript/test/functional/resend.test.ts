import { afterEach, describe, expect, it } from 'vitest';
import { FaultProxy } from '../support/faultProxy.js';
import { content, createSession, eventually, gatewayPort, newClient, serverState } from '../support/server.js';

const open: Array<{ dispose(): Promise<void> }> = [];
afterEach(async () => {
  for (const x of open.splice(0)) await x.dispose();
});

/** The GM behind a proxy that cuts the connection at a chosen frame; a player directly on the gateway. */
async function setUp() {
  const session = await createSession(1);
  const proxy = new FaultProxy(gatewayPort);
  await proxy.start();
  open.push({ dispose: () => proxy.stop() });
  const gm = newClient(session.gm.token, { url: proxy.url });
  const player = newClient(session.players[0]!.token);
  open.push(gm, player);
  await gm.join(session.sessionId);
  await player.join(session.sessionId);
  const ids: string[] = [];
  gm.on('stateChanged', (c) => c.update && ids.push(c.update.updateId));
  return { session, proxy, gm, player, ids };
}

describe('a connection dropped around an update', () => {
  it('before the server got it: the same update is sent again after reconnecting and applied once', async () => {
    const { session, proxy, gm, player } = await setUp();
    let cuts = 0;
    proxy.fromClient = (text) => (text.includes('"gameState:update"') && cuts++ === 0 ? 'cut' : 'pass');

    const response = await gm.update([{ path: 'characters.0.hp', operation: 'inc', value: 5 }]);

    expect(cuts).toBeGreaterThanOrEqual(2); // the first send was cut, the resend went through
    expect(response).toMatchObject({ success: true, newVersion: '2' });
    expect(gm.statistics.updatesResent).toBeGreaterThanOrEqual(1);
    expect(gm.statistics.reconnects).toBeGreaterThanOrEqual(1);
    const updates = await session.gmRest.getUpdates(session.sessionId, 1);
    expect(updates.map((u) => u.newVersion)).toEqual(['2']);
    expect(gm.state!.characters[0]!.hp).toBe(15);
    await eventually(() => player.version === 2, 'the player reaches version 2');
    expect(player.state!.characters[0]!.hp).toBe(15);
    expect(content(gm.state)).toEqual(content(await serverState(session)));
  });

  it('after the server applied it (the answer lost): the same id is resent, answered from idempotency, applied once', async () => {
    const { session, proxy, gm, player, ids } = await setUp();
    let lost = 0;
    // Every server frame carrying the update's answer or broadcast is lost once, with the connection.
    proxy.fromServer = (text) => (lost === 0 && text.includes('"newVersion"') ? (lost++, 'cut') : 'pass');
    const sentIds: string[] = [];
    proxy.fromClient = (text) => {
      const m = text.includes('"gameState:update"') ? /"id":"(u-[0-9a-f]+)"/.exec(text) : null;
      if (m) sentIds.push(m[1]!);
      return 'pass';
    };

    const response = await gm.update([{ path: 'characters.0.hp', operation: 'inc', value: 5 }]);

    expect(lost).toBe(1);
    expect(response).toMatchObject({ success: true, newVersion: '2' });
    expect(sentIds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sentIds).size).toBe(1); // one id, sent more than once
    const updates = await session.gmRest.getUpdates(session.sessionId, 1);
    expect(updates.map((u) => [u.newVersion, u.updateId])).toEqual([['2', sentIds[0]]]);
    expect(ids).toEqual([sentIds[0]]);
    expect(gm.state!.characters[0]!.hp).toBe(15);
    expect(gm.version).toBe(2);
    await eventually(() => player.version === 2, 'the player reaches version 2');
    expect(content(player.state)).toEqual(content(await serverState(session)));
  });
});
