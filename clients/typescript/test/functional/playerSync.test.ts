import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/stateStore.js';
import { FaultProxy } from '../support/faultProxy.js';
import { content, createSession, eventually, gatewayPort, newClient, serverState, updateUntilPruned } from '../support/server.js';

const open: Array<{ dispose(): Promise<void> }> = [];
afterEach(async () => {
  for (const x of open.splice(0)) await x.dispose();
});

/** A GM on the gateway and a player behind a proxy that can lose broadcasts. */
async function setUp(options: { store?: MemoryStateStore } = {}) {
  const session = await createSession(1);
  const proxy = new FaultProxy(gatewayPort);
  await proxy.start();
  open.push({ dispose: () => proxy.stop() });
  const gm = newClient(session.gm.token);
  const player = newClient(session.players[0]!.token, { url: proxy.url, ...options });
  open.push(gm, player);
  await gm.join(session.sessionId);
  await player.join(session.sessionId);
  return { session, proxy, gm, player };
}

const hit = { path: 'characters.0.hp', operation: 'inc', value: -1 } as const;

describe('players catching up', () => {
  it('after a gap in the broadcasts: requestSince, then every version in order', async () => {
    const { session, proxy, gm, player } = await setUp();
    const seen: number[] = [];
    player.on('stateChanged', (c) => c.kind === 'updated' && seen.push(c.version));
    proxy.fromServer = (text) => (text.includes('"gameState:updated"') ? 'drop' : 'pass');
    for (let i = 0; i < 5; i++) expect((await gm.update([hit])).success).toBe(true);
    expect(player.version).toBe(1);
    proxy.fromServer = () => 'pass';
    await gm.update([hit]);

    await eventually(() => player.version === 7, 'the player reaches version 7');
    const stats = player.statistics;
    expect(stats.gapsDetected).toBe(1);
    expect(stats.requestSinceCalls).toBe(1);
    expect(stats.requestFullCalls).toBe(0);
    expect(seen).toEqual([2, 3, 4, 5, 6, 7]);
    expect(content(player.state)).toEqual(content(await serverState(session)));
  });

  it('after the history was pruned: requestSince answers HISTORY_UNAVAILABLE, then requestFull', async () => {
    const { session, proxy, gm, player } = await setUp();
    proxy.fromServer = (text) => (text.includes('"gameState:updated"') ? 'drop' : 'pass');
    await updateUntilPruned(gm, session, 1, hit);
    expect(player.version).toBe(1);
    proxy.fromServer = () => 'pass';
    const last = Number((await gm.update([hit])).newVersion);

    await eventually(() => player.version === last, `the player reaches version ${last}`);
    const stats = player.statistics;
    expect(stats.gapsDetected).toBe(1);
    expect(stats.requestSinceCalls).toBe(1);
    expect(stats.historyUnavailable).toBe(1);
    expect(stats.requestFullCalls).toBe(1);
    expect(content(player.state)).toEqual(content(await serverState(session)));
  });

  it('a player that missed updates while disconnected rejoins and fetches only what it lacks', async () => {
    const { session, proxy, gm, player } = await setUp();
    const statuses: string[] = [];
    player.on('statusChanged', (s) => statuses.push(s));
    proxy.refuse = true;
    proxy.cutAll();
    await eventually(() => player.status === 'reconnecting', 'the player notices the lost connection');
    for (let i = 0; i < 4; i++) await gm.update([hit]);
    proxy.refuse = false;

    await eventually(() => player.version === 5 && player.status === 'synced', 'the player is back at version 5');
    expect(statuses).toContain('reconnecting');
    const stats = player.statistics;
    expect(stats.joins).toBe(2);
    expect(stats.requestSinceCalls).toBe(1);
    expect(stats.requestFullCalls).toBe(0);
    expect(stats.fullStatesAdopted).toBe(1); // the first join only
    expect(content(player.state)).toEqual(content(await serverState(session)));
  });

  it('a restarted player starts from its stored copy: one requestSince, no requestFull', async () => {
    const store = new MemoryStateStore();
    const { session, gm, player } = await setUp({ store });
    for (let i = 0; i < 3; i++) await gm.update([hit]);
    await eventually(() => player.version === 4, 'the player reaches version 4');
    await player.dispose(); // saves its copy
    expect(JSON.parse(store.entries.get(session.sessionId)!).stateVersion).toBe('4');
    for (let i = 0; i < 4; i++) await gm.update([hit]);

    const restarted = newClient(session.players[0]!.token, { store });
    open.push(restarted);
    const kinds: string[] = [];
    restarted.on('stateChanged', (c) => kinds.push(`${c.kind}:${c.version}`));
    await restarted.join(session.sessionId);

    expect(kinds).toEqual(['loaded:4', 'updated:5', 'updated:6', 'updated:7', 'updated:8']);
    const stats = restarted.statistics;
    expect(stats.requestSinceCalls).toBe(1);
    expect(stats.requestFullCalls).toBe(0);
    expect(stats.fullStatesAdopted).toBe(0);
    expect(content(restarted.state)).toEqual(content(await serverState(session)));
  });
});
