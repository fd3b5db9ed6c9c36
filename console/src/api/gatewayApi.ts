import { ApiError } from './ApiError'
import type { CampaignDetail, CampaignSummary, Entity, EntityKind, SessionSummary } from './types'

type TokenSource = () => string | null

/** The gateway's REST API (CONTRACT sections 3, 7, 8, 10), on the page's own origin. */
export class GatewayApi {
  constructor(private readonly token: TokenSource, private readonly baseUrl = '') {}

  static async devToken(userId: string, baseUrl = ''): Promise<string> {
    const response = await fetch(`${baseUrl}/api/dev/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId }),
    })
    if (!response.ok) throw await ApiError.from(response)
    return ((await response.json()) as { token: string }).token
  }

  listCampaigns(): Promise<CampaignSummary[]> { return this.call('GET', '/api/campaigns') }
  getCampaign(id: string): Promise<CampaignDetail> { return this.call('GET', `/api/campaigns/${enc(id)}`) }
  createCampaign(name: string): Promise<CampaignSummary> { return this.call('POST', '/api/campaigns', { name }) }
  addMember(campaignId: string, userId: string): Promise<void> { return this.call('POST', `/api/campaigns/${enc(campaignId)}/members`, { userId }) }
  removeMember(campaignId: string, userId: string): Promise<void> { return this.call('DELETE', `/api/campaigns/${enc(campaignId)}/members/${enc(userId)}`) }

  listEntities(campaignId: string, kind: EntityKind, includeDeleted = false): Promise<Entity[]> {
    return this.call('GET', `/api/campaigns/${enc(campaignId)}/${kind}${includeDeleted ? '?includeDeleted=true' : ''}`)
  }
  getEntity(campaignId: string, kind: EntityKind, id: string): Promise<Entity> { return this.call('GET', `/api/campaigns/${enc(campaignId)}/${kind}/${enc(id)}`) }
  createEntity(campaignId: string, kind: EntityKind, entity: object): Promise<Entity> { return this.call('POST', `/api/campaigns/${enc(campaignId)}/${kind}`, entity) }
  replaceEntity(campaignId: string, kind: EntityKind, id: string, entity: object): Promise<Entity> { return this.call('PUT', `/api/campaigns/${enc(campaignId)}/${kind}/${enc(id)}`, entity) }
  deleteEntity(campaignId: string, kind: EntityKind, id: string): Promise<void> { return this.call('DELETE', `/api/campaigns/${enc(campaignId)}/${kind}/${enc(id)}`) }

  startSession(campaignId: string): Promise<SessionSummary> { return this.call('POST', `/api/campaigns/${enc(campaignId)}/sessions`) }
  endSession(sessionId: string): Promise<SessionSummary> { return this.call('POST', `/api/sessions/${enc(sessionId)}/end`) }

  /** The state now, at a version (`at`, section 8) or as a member sees it (`as`, section 7, GM only). */
  getState(sessionId: string, query: { at?: string; as?: string } = {}): Promise<{ gameState: Record<string, unknown> }> {
    const params = new URLSearchParams()
    if (query.at) params.set('at', query.at)
    if (query.as) params.set('as', query.as)
    const qs = params.toString()
    return this.call('GET', `/api/sessions/${enc(sessionId)}/state${qs ? `?${qs}` : ''}`)
  }

  getUpdatesSince(sessionId: string, since: string): Promise<{ updates: HistoryEntry[] }> {
    return this.call('GET', `/api/sessions/${enc(sessionId)}/updates?since=${enc(since)}`)
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {}
    const token = this.token()
    if (token) headers.Authorization = `Bearer ${token}`
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const response = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    if (!response.ok) throw await ApiError.from(response)
    if (response.status === 204) return undefined as T
    const text = await response.text()
    return (text ? JSON.parse(text) : undefined) as T
  }
}

/** One broadcast of the log (`gameState:updated`), as the history timeline shows it. */
export interface HistoryEntry {
  sessionId: string
  updateId: string
  previousVersion: string
  newVersion: string
  operations: { path: string; operation: string; value?: unknown; previous?: unknown }[]
  timestamp: number
  source: 'gm' | 'system'
  revertedTo?: string
}

function enc(s: string): string { return encodeURIComponent(s) }
