import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/contract.js';
import { GameStateError } from '../../src/errors.js';
import { GameStateRestClient } from '../../src/restClient.js';
import { errorCodeOfStatus } from '../../src/statusErrorCodes.js';

/** A fetch that answers every call with one status and body, as a proxy in front of the gateway might. */
function answering(status: number, body: string): typeof fetch {
  return async () => new Response(body.length > 0 ? body : null, { status });
}

async function refusal(status: number, body = ''): Promise<GameStateError> {
  const client = new GameStateRestClient({ url: 'http://127.0.0.1:1', fetch: answering(status, body) });
  const error = await client.getState('s-1').then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GameStateError);
  return error as GameStateError;
}

describe('REST refusals without an error body', () => {
  it.each([
    [400, ErrorCodes.ValidationError],
    [401, ErrorCodes.PermissionDenied],
    [403, ErrorCodes.PermissionDenied],
    [404, ErrorCodes.NotFound],
    [405, ErrorCodes.ValidationError],
    [410, ErrorCodes.HistoryUnavailable],
    [413, ErrorCodes.ValidationError],
    [429, ErrorCodes.RateLimited],
    [500, ErrorCodes.InternalError],
    [502, ErrorCodes.TransactionFailed],
    [503, ErrorCodes.TransactionFailed],
  ])('status %i gets %s', async (status, code) => {
    expect(errorCodeOfStatus(status)).toBe(code);
    const error = await refusal(status);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });

  it('the error body wins over the status', async () => {
    const error = await refusal(404, JSON.stringify({ error: { code: 'SESSION_NOT_FOUND', message: "Session 's-1' does not exist." } }));
    expect(error.code).toBe(ErrorCodes.SessionNotFound);
    expect(error.error.message).toBe("Session 's-1' does not exist.");
  });

  it('a body that is not JSON is no error body', async () => {
    expect((await refusal(502, '<html>bad gateway</html>')).code).toBe(ErrorCodes.TransactionFailed);
  });
});

it('ErrorCodes equal the constants of engine/Contract/ErrorCodes.cs', () => {
  const source = readFileSync(fileURLToPath(new URL('../../../../engine/Contract/ErrorCodes.cs', import.meta.url)), 'utf8');
  const codes = Object.fromEntries([...source.matchAll(/const string (\w+) = "([^"]*)";/g)].map((m) => [m[1]!, m[2]!]));
  expect(Object.keys(codes).length).toBeGreaterThanOrEqual(10);
  expect(ErrorCodes).toEqual(codes);
});
