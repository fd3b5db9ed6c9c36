import { describe, expect, it } from 'vitest';
import { ReplicaDivergedError, StateReplica, classifyBroadcast } from '../../src/stateReplica.js';
import { broadcast, sampleState } from '../support/states.js';

describe('the version rules of the local copy', () => {
  it.each([
    [5, 4, 'ignore'],
    [5, 5, 'ignore'],
    [5, 6, 'apply'],
    [5, 7, 'gap'],
    [5, 100, 'gap'],
    [0, 1, 'apply'],
  ] as const)('copy at %i, broadcast of %i: %s', (current, next, expected) => {
    expect(classifyBroadcast(current, next)).toBe(expected);
  });

  it('applies the next version in place, once; ignores old ones; leaves gaps alone', () => {
    const replica = new StateReplica();
    replica.replace(sampleState(5), 'replaced');
    const state = replica.state!;
    expect(replica.tryApply(broadcast(7, [{ path: 'characters.0.hp', operation: 'inc', value: -1 }]))).toBeNull();
    const change = replica.tryApply(broadcast(6, [{ path: 'characters.0.hp', operation: 'inc', value: -3 }]));
    expect(change).toMatchObject({ kind: 'updated', previousVersion: 5, version: 6 });
    expect(replica.state).toBe(state);
    expect(state.characters[0]!.hp).toBe(7);
    expect(replica.tryApply(broadcast(6, [{ path: 'characters.0.hp', operation: 'inc', value: -3 }]))).toBeNull();
    expect(state.characters[0]!.hp).toBe(7);
    expect(state.stateVersion).toBe('6');
    expect(state.lastUpdated).toBe(1764000000006);
  });

  it('a member broadcast with no operations (nothing in their view changed) only advances the version', () => {
    const replica = new StateReplica();
    replica.replace(sampleState(5), 'replaced');
    const before = JSON.stringify({ ...replica.state, stateVersion: undefined, lastUpdated: undefined });
    const change = replica.tryApply(broadcast(6, []));
    expect(change).toMatchObject({ kind: 'updated', previousVersion: 5, version: 6 });
    expect(replica.state!.stateVersion).toBe('6');
    expect(replica.state!.lastUpdated).toBe(1764000000006);
    expect(JSON.stringify({ ...replica.state, stateVersion: undefined, lastUpdated: undefined })).toBe(before);
  });

  it('a broadcast that does not apply is a divergence, and the copy is unchanged', () => {
    const replica = new StateReplica();
    replica.replace(sampleState(5), 'replaced');
    const before = JSON.stringify(replica.state);
    expect(() => replica.tryApply(broadcast(6, [{ path: 'characters.0.name', operation: 'inc', value: 1 }]))).toThrow(ReplicaDivergedError);
    expect(JSON.stringify(replica.state)).toBe(before);
  });

  it('confirming the GM own update: applied once, already applied, or behind', () => {
    const replica = new StateReplica();
    replica.replace(sampleState(5), 'replaced');
    const sent = { id: 'u', sessionId: 's1', version: '5', operations: [{ path: 'pluginData.x', operation: 'set' as const, value: 1 }], timestamp: 9, source: 'gm' as const };
    const first = replica.confirm(sent, 6);
    expect(first.outcome).toBe('applied');
    expect(first.change?.update?.operations).toEqual([{ path: 'pluginData.x', operation: 'set', value: 1 }]);
    expect(replica.confirm(sent, 6).outcome).toBe('alreadyApplied');
    expect(replica.confirm({ ...sent, version: '8' }, 9).outcome).toBe('needsCatchUp');
    expect(new StateReplica().confirm(sent, 6).outcome).toBe('needsCatchUp');
    expect(replica.version).toBe(6);
  });

  it('takes whole states only when they have the shape of a game state, copied and wrapped', () => {
    const wrapped: unknown[] = [];
    const replica = new StateReplica((s) => {
      wrapped.push(s);
      return s;
    });
    const incoming = sampleState(3);
    replica.replace(incoming, 'loaded');
    expect(replica.state).not.toBe(incoming);
    expect(wrapped).toEqual([incoming]);
    expect(() => replica.replace({ ...incoming, stateVersion: '03' }, 'replaced')).toThrow(/stateVersion/);
    expect(() => replica.replace({ ...incoming, characters: [{ name: 'x' }] } as never, 'replaced')).toThrow(/characters.0.id/);
    expect(replica.sameContentAs({ ...incoming, lastUpdated: 1 })).toBe(true);
    expect(replica.sameContentAs({ ...incoming, pluginData: {} })).toBe(false);
  });
});
