import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateBroadcast } from '../../src/contract.js';
import { content, createSession, eventually, newClient, serverState } from '../support/server.js';

const open: Array<{ dispose(): Promise<void> }> = [];
afterEach(async () => {
  for (const x of open.splice(0)) await x.dispose();
});

describe('revert (contract section 8)', () => {
  it('the GM reverts to a version: one new update, queued with the others; GM and player hold the old state', async () => {
    const session = await createSession(1);
    const gm = newClient(session.gm.token);
    const player = newClient(session.players[0]!.token);
    open.push(gm, player);
    await gm.join(session.sessionId);
    await player.join(session.sessionId);
    const playerUpdates: UpdateBroadcast[] = [];
    player.on('stateChanged', (c) => c.update && playerUpdates.push(c.update));

    await gm.update([{ path: 'characters.0.hp', operation: 'set', value: 8 }]);
    const atTwo = await session.gmRest.getState(session.sessionId, { at: 2 });
    await gm.update([{ path: 'characters.0.hp', operation: 'inc', value: -5 }, { path: 'pluginData.note', operation: 'set', value: 'x' }]);
    const [reverted, after] = await Promise.all([
      gm.revert(2),
      gm.update([{ path: 'pluginData.after', operation: 'set', value: true }]),
    ]);

    expect(reverted).toMatchObject({ success: true, newVersion: '4' });
    expect(after).toMatchObject({ success: true, newVersion: '5' });
    await eventually(() => player.version === 5, 'the player reaches version 5');
    const { after: _after, ...pluginData } = gm.state!.pluginData;
    expect(content({ ...gm.state!, pluginData, stateVersion: '2' })).toEqual(content(atTwo));
    expect(gm.state!.characters[0]!.hp).toBe(8);
    expect(playerUpdates.find((u) => u.newVersion === '4')?.revertedTo).toBe('2');
    const server = await serverState(session);
    expect(content(gm.state)).toEqual(content(server));
    expect(content(player.state)).toEqual(content(server));
  });

  it('a revert the server refuses comes back with the contract code', async () => {
    const session = await createSession(0);
    const gm = newClient(session.gm.token);
    open.push(gm);
    await gm.join(session.sessionId);
    const refused = await gm.revert(1);
    expect(refused.success).toBe(false);
    expect(refused.error?.code).toBe('VALIDATION_ERROR');
    expect(gm.version).toBe(1);
  });
});
