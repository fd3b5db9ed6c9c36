/** REST shapes of CONTRACT sections 3, 8 and 10 that the console reads. */
export const entityKinds = ['characters', 'actors', 'items', 'encounters', 'maps'] as const
export type EntityKind = (typeof entityKinds)[number]

export interface CampaignSummary { id: string; name: string; gmUserId: string; role?: 'gm' | 'player' }
export interface SessionSummary { sessionId: string; stateVersion: string; createdAt?: number; ended?: boolean }
export interface CampaignDetail { id: string; name: string; gmUserId: string; members: string[]; sessions: SessionSummary[] }
export interface Entity { id: string; deleted?: boolean; [key: string]: unknown }
export interface ApiErrorBody { code: string; message: string; currentVersion?: string }
