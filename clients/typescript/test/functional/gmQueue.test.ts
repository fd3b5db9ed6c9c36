import { afterEach, describe, expect, it } from 'vitest';
import type { GameSessionClient } from '../../src/gameSessionClient.js';
import { FaultProxy } from '../support/faultProxy.js';
import { content, createSession, eventually, gatewayPort, newClient, serverState } from '../support/server.js';

const open: Array<{ dispose(): Promise<void> }> = [];
const track = <T extends { dispose(): Promise<void> }>(x: T): T => (open.push(x), x);
afterEach(async () => {
  for (const x of open.splice(0)) await x.dispose();
});

describe('the GM update queue against the real gateway', () => {
  it('100 rapid updates: sent one at a time in call order, each version applied once by GM and player', async () => {
    const session = await createSession(1);
    const gm = track(newClient(session.gm.token));
    const player = track(newClient(session.players[0]!.token));
    await gm.join(session.sessionId);
    await player.join(session.sessionId);
    expect(gm.isGM).toBe(true);
    expect(player.isGM).toBe(false);

    const seen: number[] = [];
    player.on('stateChanged', (c) => c.kind === 'updated' && seen.push(c.version));
    let maxPending = 0;
    gm.on('queueChanged', (q) => (maxPending = Math.max(maxPending, q.filter((u) => u.inFlight).length)));
    const answers = Array.from({ length: 100 }, (_, i) =>
      gm.update([{ path: 'pluginData.log', operation: 'push', value: i }, { path: 'characters.0.hp', operation: 'inc', value: 1 }]));
    const responses = await Promise.all(answers);

    expect(responses.every((r) => r.success)).toBe(true);
    expect(responses.map((r) => Number(r.newVersion))).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(maxPending).toBe(1);
    expect(gm.version).toBe(101);
    expect((gm.state!.pluginData.log as number[])).toEqual(Array.from({ length: 100 }, (_, i) => i));
    await eventually(() => player.version === 101, 'the player reaches version 101');
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(player.state!.characters[0]!.hp).toBe(110);
    const server = await serverState(session);
    expect(content(gm.state)).toEqual(content(server));
    expect(content(player.state)).toEqual(content(server));
    expect(gm.statistics.updatesConfirmed).toBe(100);
    expect(gm.statistics.updatesSent - gm.statistics.updatesResent).toBe(100);
  });

  it('a version conflict caused by a second GM: refreshed, then reported failed; later updates go on', async () => {
    const session = await createSession(0);
    // The first GM does not hear the second GM's broadcast (dropped on the wire), so it sends a stale version.
    const proxy = new FaultProxy(gatewayPort);
    await proxy.start();
    track({ dispose: () => proxy.stop() });
    const gm1 = track(newClient(session.gm.token, { url: proxy.url }));
    const gm2 = track(newClient(session.gm.token));
    await gm1.join(session.sessionId);
    await gm2.join(session.sessionId);
    proxy.fromServer = (text) => (text.includes('"gameState:updated"') ? 'drop' : 'pass');

    expect((await gm2.update([{ path: 'characters.0.hp', operation: 'set', value: 3 }])).newVersion).toBe('2');
    const conflicted = await gm1.update([{ path: 'characters.0.hp', operation: 'set', value: 99 }]);
    expect(conflicted.success).toBe(false);
    expect(conflicted.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: '2' });
    // Refreshed before the answer was reported: the copy is the server's.
    expect(gm1.version).toBe(2);
    expect(gm1.state!.characters[0]!.hp).toBe(3);
    expect(gm1.statistics.requestFullCalls).toBe(1);

    proxy.fromServer = () => 'pass';
    const next = await gm1.update([{ path: 'characters.0.hp', operation: 'inc', value: 1 }]);
    expect(next).toMatchObject({ success: true, newVersion: '3' });
    expect(content(gm1.state)).toEqual(content(await serverState(session)));
  });

  it('a server refusal reaches the caller as the contract error; nothing changes', async () => {
    const session = await createSession(1);
    const gm = track(newClient(session.gm.token));
    const player = track(newClient(session.players[0]!.token));
    await gm.join(session.sessionId);
    await player.join(session.sessionId);
    const invalid = await gm.update([{ path: 'characters.0.name', operation: 'inc', value: 1 }]);
    expect(invalid.error).toMatchObject({ code: 'VALIDATION_ERROR', message: 'characters.0.name: inc needs a number here, found a string (operations[0])' });
    const denied = await player.update([{ path: 'characters.0.hp', operation: 'set', value: 1 }]);
    expect(denied.error?.code).toBe('PERMISSION_DENIED');
    expect(gm.version).toBe(1);
    expect((await serverState(session)).stateVersion).toBe('1');
  });

  it('refuses before sending what the hub cannot take, and the connection stays up', async () => {
    const session = await createSession(0);
    const gm = track(newClient(session.gm.token));
    await gm.join(session.sessionId);
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    const tooDeep = await gm.update([{ path: 'pluginData.x', operation: 'set', value: deep as never }]);
    expect(tooDeep.error?.code).toBe('VALIDATION_ERROR');
    expect(tooDeep.error?.message).toMatch(/nested \d+ levels deep/);
    const tooBig = await gm.update([{ path: 'pluginData.x', operation: 'set', value: 'x'.repeat(1024 * 1024) }]);
    expect(tooBig.error?.message).toMatch(/over the hub's message limit/);
    expect(gm.statistics.updatesSent).toBe(0);
    expect((await gm.update([{ path: 'pluginData.x', operation: 'set', value: 1 }])).success).toBe(true);
    expect(gm.statistics.reconnects).toBe(0);
  });
});

export type { GameSessionClient };
