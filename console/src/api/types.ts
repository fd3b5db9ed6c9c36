import type { EntityKind } from '@orleans-gamestate/client'

export type { CampaignDetails, CampaignSummary, EntityBody, EntityKind, SessionSummary, UpdateBroadcast, GameState } from '@orleans-gamestate/client'

/** The kinds of backing models, in the order the console shows them (CONTRACT section 3). */
export const entityKinds: readonly EntityKind[] = ['characters', 'actors', 'items', 'encounters', 'maps']
