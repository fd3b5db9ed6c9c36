import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GameState, StateOperation } from '../../src/contract.js';
import { applyOperations, deepEquals, type StateLimits } from '../../src/engine/index.js';

// The shared vectors generated from the C# engine (tools/TestVectors): both engines must give the same results.
interface Step {
  lastUpdated: number;
  operations: StateOperation[];
  expect: { newVersion?: string; operations?: StateOperation[]; state?: GameState; error?: { code: string; message: string } };
}
interface Vector {
  name: string;
  state: GameState;
  limits: StateLimits;
  steps: Step[];
  javascript?: string;
}

const file = fileURLToPath(new URL('../../../../engine/test-vectors/operations.json', import.meta.url));
const vectors = (JSON.parse(readFileSync(file, 'utf8')) as { vectors: Vector[] }).vectors;
const runnable = vectors.filter((v) => !v.javascript);

describe('shared operation vectors (engine/test-vectors/operations.json)', () => {
  it('has vectors, and only a few that JavaScript cannot represent', () => {
    expect(vectors.length).toBeGreaterThan(300);
    const skipped = vectors.filter((v) => v.javascript);
    expect(skipped.length).toBeLessThanOrEqual(6);
    for (const v of skipped) expect(v.javascript).toMatch(/JavaScript/);
  });

  it.each(runnable.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const state = structuredClone(vector.state);
    for (const [i, step] of vector.steps.entries()) {
      const before = structuredClone(state);
      const result = applyOperations(state, step.operations, step.lastUpdated, vector.limits);
      if (step.expect.error) {
        expect(result.success, `step ${i}`).toBe(false);
        expect(result.error).toEqual(step.expect.error);
        // A failed update changes nothing, key order included.
        expect(JSON.stringify(state)).toBe(JSON.stringify(before));
        continue;
      }
      expect(result.error, `step ${i}`).toBeUndefined();
      if (!result.success) return;
      expect(result.newVersion).toBe(step.expect.newVersion);
      expect(deepEquals(state, step.expect.state), `step ${i} state: ${JSON.stringify(state)}`).toBe(true);
      expect(result.operations.length).toBe(step.expect.operations!.length);
      result.operations.forEach((op, k) => {
        const want = step.expect.operations![k]!;
        expect(op.path).toBe(want.path);
        expect(op.operation).toBe(want.operation);
        expect('previous' in op).toBe('previous' in want);
        expect(deepEquals(op.previous, want.previous), `previous of operation ${k}`).toBe(true);
        expect('value' in op).toBe('value' in want);
        expect(deepEquals(op.value, want.value)).toBe(true);
      });
    }
  });
});
