import { describe, expect, it } from 'vitest';
import { checkHubMessage, jsonDepth } from '../../src/hubMessageLimits.js';

const update = (value: unknown) => ({ id: 'u1', sessionId: 's', version: '1', operations: [{ path: 'pluginData.x', operation: 'set', value }], timestamp: 1, source: 'gm' });

function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

describe('refusing what the hub cannot take, before sending', () => {
  it('measures nesting as the .NET SDK does', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: [] }] })).toBe(4);
    // update object > operations array > operation object: three levels around the value.
    expect(jsonDepth(update(1))).toBe(3);
  });

  it('accepts a value nested 59 levels and refuses 60 (64 with the envelope)', () => {
    expect(checkHubMessage(update(nested(59)), 1024 * 1024)).toBeUndefined();
    const error = checkHubMessage(update(nested(60)), 1024 * 1024);
    expect(error?.code).toBe('VALIDATION_ERROR');
    expect(error?.message).toMatch(/nested 63 levels deep; the hub reads messages at most 64 levels deep, so an operation's value may nest at most 59 levels/);
  });

  it('refuses a message over the size limit, counting UTF-8 bytes and the envelope', () => {
    const small = update('x'.repeat(100));
    const size = new TextEncoder().encode(JSON.stringify(small)).length;
    expect(checkHubMessage(small, size + 128)).toBeUndefined();
    expect(checkHubMessage(small, size + 127)?.message).toMatch(/over the hub's message limit/);
    const multibyte = update('é'.repeat(600));
    expect(checkHubMessage(multibyte, 1200)?.code).toBe('VALIDATION_ERROR');
  });
});
