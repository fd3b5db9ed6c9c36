import { afterEach, describe, expect, it } from 'vitest';
import { content, createSession, eventually, localSh, newClient, serverState } from '../support/server.js';

const open: Array<{ dispose(): Promise<void> }> = [];
afterEach(async () => {
  for (const x of open.splice(0)) await x.dispose();
});

describe('a gateway restart under connected clients', () => {
  it('GM and player reconnect, rejoin, and go on; an update made during the restart is delivered once', async () => {
    const session = await createSession(1);
    const gm = newClient(session.gm.token);
    const player = newClient(session.players[0]!.token);
    open.push(gm, player);
    await gm.join(session.sessionId);
    await player.join(session.sessionId);
    await gm.update([{ path: 'characters.0.hp', operation: 'inc', value: 1 }]);
    await eventually(() => player.version === 2, 'the player reaches version 2');
    const gmStatuses: string[] = [];
    const playerStatuses: string[] = [];
    gm.on('statusChanged', (s) => gmStatuses.push(s));
    player.on('statusChanged', (s) => playerStatuses.push(s));

    const restart = localSh('restart', 'gateway');
    await eventually(() => gm.status === 'reconnecting' && player.status === 'reconnecting', 'both clients notice the restart', 60_000);
    // Queued while the gateway is away: sent once it is back.
    const during = gm.update([{ path: 'characters.0.hp', operation: 'inc', value: 10 }]);
    await restart;
    expect(await during).toMatchObject({ success: true, newVersion: '3' });
    expect((await gm.update([{ path: 'characters.0.hp', operation: 'inc', value: 100 }])).newVersion).toBe('4');

    await eventually(() => player.version === 4 && player.status === 'synced', 'the player is synced at version 4', 60_000);
    expect(gmStatuses).toContain('reconnecting');
    expect(gmStatuses.at(-1)).toBe('synced');
    expect(playerStatuses).toContain('reconnecting');
    expect(player.state!.characters[0]!.hp).toBe(121);
    expect(gm.statistics.reconnects).toBeGreaterThanOrEqual(1);
    expect(player.statistics.reconnects).toBeGreaterThanOrEqual(1);
    const server = await serverState(session);
    expect(content(gm.state)).toEqual(content(server));
    expect(content(player.state)).toEqual(content(server));
  }, 300_000);
});
