import { describe, expect, it } from 'vitest';
import type { StateUpdate } from '../../src/contract.js';
import { GameSessionClient } from '../../src/gameSessionClient.js';
import { ScriptedConnection } from '../support/scriptedConnection.js';
import { sampleState } from '../support/states.js';

/** A client on a scripted connection: `onUpdate` answers each gameState:update (the server's side of the table). */
async function joined(onUpdate: (update: StateUpdate, attempt: number) => unknown, extra: Record<string, (args: unknown[]) => unknown> = {}) {
  let attempts = 0;
  const connection = new ScriptedConnection(async (method, args) => {
    if (method === 'gameSession:join') return { success: true, isGM: true, gameState: sampleState(5) };
    if (method === 'gameState:update') return onUpdate(args[0] as StateUpdate, ++attempts);
    if (extra[method]) return extra[method]!(args);
    return { success: true };
  });
  const client = new GameSessionClient({ url: 'http://127.0.0.1:1', accessToken: () => 't', connectionFactory: () => connection, retryBaseDelayMs: 1, maxRetryDelayMs: 2 });
  await client.join('s1');
  const sent = () => connection.invocations.filter((i) => i.method === 'gameState:update').map((i) => i.args[0] as StateUpdate);
  return { client, connection, sent };
}

const op = { path: 'characters.0.hp', operation: 'inc', value: -1 } as const;
const accepted = (u: StateUpdate) => ({ success: true, newVersion: String(Number(u.version) + 1) });

describe('the GM queue on a scripted connection', () => {
  it('an unanswered update is resent with the same id and applied once', async () => {
    const { client, sent } = await joined((u, attempt) => {
      if (attempt === 1) throw new Error('Invocation canceled due to the underlying connection being closed.');
      return accepted(u);
    });
    const response = await client.update([op]);
    expect(response).toEqual({ success: true, newVersion: '6' });
    expect(sent().map((u) => u.id)).toEqual([sent()[0]!.id, sent()[0]!.id]);
    expect(client.state!.characters[0]!.hp).toBe(9);
    expect(client.statistics).toMatchObject({ updatesSent: 2, updatesResent: 1, updatesConfirmed: 1 });
    await client.dispose();
  });

  it('TRANSACTION_FAILED and RATE_LIMITED are resent with backoff (same id), then reported after the budget', async () => {
    const { client, sent } = await joined((u, attempt) => (attempt <= 2 ? { success: false, error: { code: attempt === 1 ? 'RATE_LIMITED' : 'TRANSACTION_FAILED', message: 'try again' } } : accepted(u)));
    expect((await client.update([op])).success).toBe(true);
    expect(new Set(sent().map((u) => u.id)).size).toBe(1);
    await client.dispose();

    const failing = await joined(() => ({ success: false, error: { code: 'TRANSACTION_FAILED', message: 'down' } }));
    const response = await failing.client.update([op]);
    expect(response.error?.code).toBe('TRANSACTION_FAILED');
    expect(failing.sent().length).toBe(6); // the first send and 5 resends
    expect(failing.client.version).toBe(5);
    await failing.client.dispose();
  });

  it('VERSION_CONFLICT refreshes the copy before the failure is reported, and is not resent', async () => {
    const server = sampleState(9);
    const { client, sent, connection } = await joined(() => ({ success: false, error: { code: 'VERSION_CONFLICT', message: 'stale', currentVersion: '9' } }), {
      'gameState:requestFull': () => ({ success: true, gameState: server }),
    });
    const response = await client.update([op]);
    expect(response.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: '9' });
    expect(client.version).toBe(9);
    expect(sent().length).toBe(1);
    expect(connection.invocations.filter((i) => i.method === 'gameState:requestFull').length).toBe(1);
    await client.dispose();
  });

  it('keeps call order with one in flight, each sent with the version of the update before it', async () => {
    let inFlight = 0;
    let most = 0;
    const { client, sent } = await joined(async (u) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return accepted(u);
    });
    const all = await Promise.all([1, 2, 3, 4, 5].map((n) => client.update([{ path: 'pluginData.log', operation: 'push', value: n }])));
    expect(all.map((r) => r.newVersion)).toEqual(['6', '7', '8', '9', '10']);
    expect(sent().map((u) => u.version)).toEqual(['5', '6', '7', '8', '9']);
    expect(most).toBe(1);
    expect(client.state!.pluginData.log).toEqual([1, 2, 3, 4, 5]);
    await client.dispose();
  });

  it('other refusals come back as they are; an aborted queued update is never sent', async () => {
    const { client, sent } = await joined(() => ({ success: false, error: { code: 'VALIDATION_ERROR', message: 'bad' } }));
    const controller = new AbortController();
    const first = client.update([op]);
    const second = client.update([op], { signal: controller.signal });
    controller.abort();
    expect((await first).error?.code).toBe('VALIDATION_ERROR');
    await expect(second).rejects.toBeDefined();
    expect(sent().length).toBe(1);
    expect(() => client.update([])).toThrow(/at least one operation/);
    await client.dispose();
  });
});
