import { describe, expect, it } from 'vitest';
import { applyOperations } from '../../src/engine/index.js';
import {
  Remove,
  StateOps,
  getActorPluginData,
  getCharacterPluginData,
  getPluginData,
  setPluginData,
  updateActorState,
  updateCharacterState,
} from '../../src/pluginState.js';
import { sampleState } from '../support/states.js';

describe('plugin state helpers (seed plan names)', () => {
  it('read session, character and actor plugin data as copies', () => {
    const state = sampleState();
    expect(getPluginData(state, 'initiative')).toEqual({ round: 1 });
    expect(getPluginData(state, 'initiative', 'round')).toBe(1);
    expect(getPluginData(state, 'missing')).toBeUndefined();
    const hp = getCharacterPluginData(state.characters[0]!, 'dnd.hitPoints') as { current: number };
    hp.current = 0;
    expect(getCharacterPluginData(state.characters[0]!, 'dnd.hitPoints.current')).toBe(10);
    expect(getActorPluginData(state.actors[0]!, 'dnd.cr')).toBe(0.25);
    expect(getActorPluginData(state.actors[0]!, 'dnd.nothing')).toBeUndefined();
    expect(() => getPluginData(state, 'a.b')).toThrow(/holds a '\.'/);
  });

  it('build operations that the engine applies to the right entity', () => {
    const state = sampleState();
    const ops = [
      ...updateCharacterState(state, 'c2', { hp: 3, 'pluginData.dnd.conditions': ['prone'], name: Remove }),
      ...updateActorState(state, 'a1', { hp: 0 }),
      ...setPluginData(state, 'initiative', { round: 2, order: ['c1', 'a1'] }),
    ];
    expect(ops[0]).toEqual({ path: 'characters.1.hp', operation: 'set', value: 3 });
    expect(ops[2]).toEqual({ path: 'characters.1.name', operation: 'unset' });
    const result = applyOperations(state, ops, 1);
    expect(result.success).toBe(true);
    expect(state.characters[1]).toEqual({ id: 'c2', hp: 3, pluginData: { dnd: { conditions: ['prone'] } } });
    expect(state.actors[0]!.hp).toBe(0);
    expect(getPluginData(state, 'initiative', 'order')).toEqual(['c1', 'a1']);
  });

  it('refuses unknown entities, id changes, empty updates and unwritable paths', () => {
    const state = sampleState();
    expect(() => updateCharacterState(state, 'nobody', { hp: 1 })).toThrow(/no entity with id 'nobody'/);
    expect(() => updateActorState(state, 'a1', { id: 'a2' })).toThrow(/change the entity's id/);
    expect(() => updateActorState(state, 'a1', {})).toThrow(/nothing to update/);
    expect(() => updateCharacterState(state, 'c1', { 'a..b': 1 })).toThrow(/empty segment/);
    expect(() => StateOps.set('stateVersion', '9')).toThrow(/must start with one of/);
    expect(() => StateOps.inc('pluginData.n', Number.NaN)).toThrow(RangeError);
    expect(StateOps.pull('pluginData.l', { id: 'x' })).toEqual({ path: 'pluginData.l', operation: 'pull', value: { id: 'x' } });
  });
});
