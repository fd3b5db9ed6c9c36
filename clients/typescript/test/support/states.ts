import type { GameState, StateOperation, UpdateBroadcast } from '../../src/contract.js';

/** A small valid state at a given version. */
export function sampleState(version = 5): GameState {
  return {
    characters: [
      { id: 'c1', name: 'Aria', hp: 10, pluginData: { dnd: { hitPoints: { current: 10, max: 12 } } } },
      { id: 'c2', name: 'Bram', hp: 7 },
    ],
    actors: [{ id: 'a1', kind: 'goblin', hp: 4, pluginData: { dnd: { cr: 0.25 } } }],
    items: [],
    currentEncounter: null,
    pluginData: { initiative: { round: 1 } },
    stateVersion: String(version),
    lastUpdated: 1764000000000,
  };
}

export function broadcast(newVersion: number, operations: StateOperation[], sessionId = 's1'): UpdateBroadcast {
  return {
    sessionId,
    updateId: `u${newVersion}`,
    previousVersion: String(newVersion - 1),
    newVersion: String(newVersion),
    operations,
    timestamp: 1764000000000 + newVersion,
    source: 'gm',
  };
}
