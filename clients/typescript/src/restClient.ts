import type { ErrorInfo, GameState, JsonObject, UpdateBroadcast } from './contract.js';
import { GameStateError } from './errors.js';
import { errorCodeOfStatus } from './statusErrorCodes.js';

export type EntityKind = 'characters' | 'actors' | 'items' | 'encounters' | 'maps';

export interface Campaign {
  id: string;
  name: string;
  gmUserId: string;
}

export interface CampaignSummary extends Campaign {
  role: 'gm' | 'player';
}

export interface SessionSummary {
  sessionId: string;
  stateVersion: string;
  createdAt: number;
  ended: boolean;
}

export interface CampaignDetails extends Campaign {
  members: string[];
  sessions: SessionSummary[];
}

/** A backing model: any JSON object with a string id (its other fields are the game's). */
export type EntityBody = JsonObject & { id?: string };

export interface RestClientOptions {
  /** The gateway's base address, e.g. http://127.0.0.1:5080. */
  url: string;
  /** A bearer token; omitted only for devToken. */
  accessToken?: () => string | Promise<string>;
  /** fetch to use (the global one by default). */
  fetch?: typeof fetch;
}

/**
 * The REST API of the gateway (sections 3, 7, 8, 10), typed. Every error answer becomes a GameStateError with the
 * contract's code and the HTTP status.
 */
export class GameStateRestClient {
  private readonly base: string;

  constructor(private readonly options: RestClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** `POST /api/dev/token` (only when the gateway has Auth:DevTokens on): a token for that user. */
  async devToken(userId: string): Promise<string> {
    const answer = await this.call<{ token: string }>('POST', '/api/dev/token', { userId }, false);
    return answer.token;
  }

  listCampaigns(): Promise<CampaignSummary[]> {
    return this.call('GET', '/api/campaigns');
  }

  createCampaign(name: string): Promise<Campaign> {
    return this.call('POST', '/api/campaigns', { name });
  }

  getCampaign(campaignId: string): Promise<CampaignDetails> {
    return this.call('GET', `/api/campaigns/${e(campaignId)}`);
  }

  async addMember(campaignId: string, userId: string): Promise<void> {
    await this.call('POST', `/api/campaigns/${e(campaignId)}/members`, { userId });
  }

  async removeMember(campaignId: string, userId: string): Promise<void> {
    await this.call('DELETE', `/api/campaigns/${e(campaignId)}/members/${e(userId)}`);
  }

  createEntity<T extends EntityBody>(campaignId: string, kind: EntityKind, entity: T): Promise<T & { id: string }> {
    return this.call('POST', `/api/campaigns/${e(campaignId)}/${kind}`, entity);
  }

  replaceEntity<T extends EntityBody>(campaignId: string, kind: EntityKind, id: string, entity: T): Promise<T & { id: string }> {
    return this.call('PUT', `/api/campaigns/${e(campaignId)}/${kind}/${e(id)}`, entity);
  }

  getEntity<T extends EntityBody = EntityBody>(campaignId: string, kind: EntityKind, id: string): Promise<T & { id: string }> {
    return this.call('GET', `/api/campaigns/${e(campaignId)}/${kind}/${e(id)}`);
  }

  listEntities<T extends EntityBody = EntityBody>(campaignId: string, kind: EntityKind, options?: { includeDeleted?: boolean }): Promise<Array<T & { id: string }>> {
    const query = options?.includeDeleted ? '?includeDeleted=true' : '';
    return this.call('GET', `/api/campaigns/${e(campaignId)}/${kind}${query}`);
  }

  async deleteEntity(campaignId: string, kind: EntityKind, id: string): Promise<void> {
    await this.call('DELETE', `/api/campaigns/${e(campaignId)}/${kind}/${e(id)}`);
  }

  createSession(campaignId: string): Promise<{ sessionId: string; stateVersion: string }> {
    return this.call('POST', `/api/campaigns/${e(campaignId)}/sessions`);
  }

  /** The state now, at a retained version (`at`, section 8), or as a member sees it (`as`, GM only, section 7). */
  async getState(sessionId: string, options?: { at?: string | number; as?: string }): Promise<GameState> {
    const query = new URLSearchParams();
    if (options?.at !== undefined) query.set('at', String(options.at));
    if (options?.as !== undefined) query.set('as', options.as);
    const suffix = query.size > 0 ? `?${query}` : '';
    return (await this.call<{ gameState: GameState }>('GET', `/api/sessions/${e(sessionId)}/state${suffix}`)).gameState;
  }

  /** Every broadcast after `since`, in order (as gameState:requestSince). */
  async getUpdates(sessionId: string, since: string | number): Promise<UpdateBroadcast[]> {
    return (await this.call<{ updates: UpdateBroadcast[] }>('GET', `/api/sessions/${e(sessionId)}/updates?since=${e(String(since))}`)).updates;
  }

  endSession(sessionId: string): Promise<{ sessionId: string; stateVersion: string; ended: true }> {
    return this.call('POST', `/api/sessions/${e(sessionId)}/end`);
  }

  private async call<T>(method: string, path: string, body?: unknown, authorized = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (authorized && this.options.accessToken) headers.authorization = `Bearer ${await this.options.accessToken()}`;
    const fetchImpl = this.options.fetch ?? globalThis.fetch;
    const response = await fetchImpl(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json: unknown = text.length > 0 ? safeParse(text) : undefined;
    if (!response.ok) {
      const error = (json as { error?: ErrorInfo } | undefined)?.error;
      throw new GameStateError(error ?? { code: errorCodeOfStatus(response.status), message: `${method} ${path} answered ${response.status}` }, response.status);
    }
    return json as T;
  }
}

function e(segment: string): string {
  return encodeURIComponent(segment);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

