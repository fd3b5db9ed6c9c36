import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { GameState, StateOperation } from '../../src/contract.js';
import { GameSessionClient } from '../../src/gameSessionClient.js';
import type { GameSessionClientOptions } from '../../src/clientOptions.js';
import { GameStateRestClient } from '../../src/restClient.js';
import { GameStateError } from '../../src/errors.js';

/**
 * The real server the functional tests run against: deploy/test-web.sh starts it with deploy/local.sh and passes
 * GAMESTATE_URL (the gateway) and GAMESTATE_DATA_DIR (so a test can restart the gateway with local.sh).
 */
export const gatewayUrl = process.env.GAMESTATE_URL ?? '';
if (!gatewayUrl) throw new Error('GAMESTATE_URL is not set: run the functional tests through deploy/test-web.sh');
export const gatewayPort = Number(new URL(gatewayUrl).port);
const repository = fileURLToPath(new URL('../../../../', import.meta.url));

let run = 0;
/** A name no other test (or run) uses. */
export function unique(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++run}`;
}

export async function tokenFor(userId: string): Promise<string> {
  return new GameStateRestClient({ url: gatewayUrl }).devToken(userId);
}

export function rest(token: string): GameStateRestClient {
  return new GameStateRestClient({ url: gatewayUrl, accessToken: () => token });
}

export interface TestSession {
  sessionId: string;
  campaignId: string;
  gm: { userId: string; token: string };
  players: Array<{ userId: string; token: string }>;
  gmRest: GameStateRestClient;
}

/** A campaign with `players` members, one character `c1` (hp 10), and a session of it at version 1. */
export async function createSession(players = 1): Promise<TestSession> {
  const gmUser = unique('gm');
  const gmToken = await tokenFor(gmUser);
  const gmRest = rest(gmToken);
  const campaign = await gmRest.createCampaign(unique('campaign'));
  const list = [];
  for (let i = 0; i < players; i++) {
    const userId = unique(`player${i + 1}`);
    await gmRest.addMember(campaign.id, userId);
    list.push({ userId, token: await tokenFor(userId) });
  }
  await gmRest.createEntity(campaign.id, 'characters', { id: 'c1', name: 'Aria', hp: 10 });
  const { sessionId } = await gmRest.createSession(campaign.id);
  return { sessionId, campaignId: campaign.id, gm: { userId: gmUser, token: gmToken }, players: list, gmRest };
}

/** A client with test-friendly timings; `url` may be a FaultProxy's. */
export function newClient(token: string, options: Partial<GameSessionClientOptions> = {}): GameSessionClient {
  return new GameSessionClient({
    url: gatewayUrl,
    accessToken: () => token,
    updateTimeoutMs: 5_000,
    requestTimeoutMs: 10_000,
    reconnectDelaysMs: [0, 200, 500, 1_000],
    ...options,
  });
}

export async function serverState(session: TestSession): Promise<GameState> {
  return session.gmRest.getState(session.sessionId);
}

/** Waits (bounded) until `condition` holds. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The state without lastUpdated (a copy stamps it with the update's timestamp, the server with its clock). */
export function content(state: GameState | null): unknown {
  return state ? { ...state, lastUpdated: 0 } : null;
}

/** The GM applies updates until the server's history no longer reaches back to `since` (bounded). */
export async function updateUntilPruned(gm: GameSessionClient, session: TestSession, since: number, op: StateOperation): Promise<void> {
  for (let i = 0; i < 400; i++) {
    (await gm.update([op])).success || (() => { throw new Error('update failed'); })();
    if (i % 5 !== 4) continue;
    try {
      await session.gmRest.getUpdates(session.sessionId, since);
    } catch (e) {
      if (e instanceof GameStateError && e.code === 'HISTORY_UNAVAILABLE') return;
      throw e;
    }
  }
  throw new Error(`the history still reaches back to version ${since} after 400 updates (is Sessions__LogRetention small?)`);
}

/** `deploy/local.sh <args>` on the stack test-web.sh started (its environment is inherited). */
export async function localSh(...args: string[]): Promise<void> {
  await promisify(execFile)('deploy/local.sh', args, { cwd: repository, env: { ...process.env, GAMESTATE_SKIP_BUILD: '1' }, timeout: 240_000 });
}
