import { describe, expect, it } from 'vitest';
import type { StateUpdateResponse } from '../../src/contract.js';
import { decideUpdate, isPermanentJoinError } from '../../src/updatePolicy.js';

const failed = (code: string): StateUpdateResponse => ({ success: false, error: { code, message: 'm' } });

describe('the GM queue decision table', () => {
  it.each([
    [{ success: true, newVersion: '6' }, 0, 'confirm'],
    [failed('VERSION_CONFLICT'), 0, 'refreshThenFail'],
    [failed('TRANSACTION_FAILED'), 1, 'retryAfterBackoff'],
    [failed('RATE_LIMITED'), 1, 'retryAfterBackoff'],
    [failed('TRANSACTION_FAILED'), 5, 'retryAfterBackoff'],
    [failed('TRANSACTION_FAILED'), 6, 'fail'],
    [failed('RATE_LIMITED'), 6, 'fail'],
    [failed('VALIDATION_ERROR'), 0, 'fail'],
    [failed('PERMISSION_DENIED'), 0, 'fail'],
    [failed('SESSION_NOT_FOUND'), 0, 'fail'],
    [failed('SESSION_ENDED'), 0, 'fail'],
    [{ success: false } as StateUpdateResponse, 0, 'fail'],
  ] as const)('%j after %i transient failures: %s', (response, transient, action) => {
    expect(decideUpdate(response, transient, 5)).toBe(action);
  });

  it('a budget of zero retries fails the first transient answer', () => {
    expect(decideUpdate(failed('TRANSACTION_FAILED'), 1, 0)).toBe('fail');
  });

  it('rejoining stops for good on permission, unknown session and bad input only', () => {
    for (const code of ['PERMISSION_DENIED', 'SESSION_NOT_FOUND', 'VALIDATION_ERROR']) expect(isPermanentJoinError({ code, message: '' })).toBe(true);
    for (const code of ['TRANSACTION_FAILED', 'RATE_LIMITED', 'HISTORY_UNAVAILABLE']) expect(isPermanentJoinError({ code, message: '' })).toBe(false);
  });
});
