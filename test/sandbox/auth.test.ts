// The sandbox's Authorization header table: API key, forbidden key, JWTs under each scheme, and everything refused.
import { describe, expect, it } from '@jest/globals';
import { authenticate } from '../../src/sandbox/auth.js';
import { HttpProblem } from '../../src/sandbox/http.js';
import { TokenIssuer } from '../../src/sandbox/jwt.js';

let clock = Date.parse('2026-11-27T12:00:00Z');
const tokens = new TokenIssuer(60, () => clock);
const jwt = tokens.issue('sandbox-user').token;
const keys = { token: 'sandbox-key', forbiddenToken: 'read-only' };
const withoutForbidden = { token: 'sandbox-key', forbiddenToken: undefined };

/** What `authenticate` makes of a header: `ok`, or the status of the problem it throws. */
function verdict(header: string | undefined, accepted: typeof keys | typeof withoutForbidden = keys): number | 'ok' {
  try {
    authenticate(header, accepted, tokens);
    return 'ok';
  } catch (error) {
    if (error instanceof HttpProblem) return error.status;
    throw error;
  }
}

describe('authenticate', () => {
  it.each<[string, string | undefined, number | 'ok']>([
    ['no header', undefined, 401],
    ['an empty header', '', 401],
    ['the API key', 'Token sandbox-key', 'ok'],
    ['the API key under a lower-case scheme', 'token sandbox-key', 'ok'],
    ['the API key after several spaces', 'TOKEN   sandbox-key', 'ok'],
    ['a wrong key', 'Token wrong', 401],
    ['the forbidden key', 'Token read-only', 403],
    ['the scheme alone', 'Token', 401],
    ['the scheme and a space', 'Token ', 401],
    ['a bare API key (read as a JWT)', 'sandbox-key', 401],
    ['a bare JWT', jwt, 'ok'],
    ['a JWT under JWT', `JWT ${jwt}`, 'ok'],
    ['a JWT under Bearer', `bearer ${jwt}`, 'ok'],
    ['a JWT under another scheme', `Basic ${jwt}`, 401],
    ['the API key under Bearer', 'Bearer sandbox-key', 401],
    ['a made-up JWT', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln', 401],
  ])('%s', (_name, header, expected) => {
    expect(verdict(header)).toBe(expected);
  });

  it('treats the forbidden key as any wrong key when none is configured', () => {
    expect(verdict('Token read-only', withoutForbidden)).toBe(401);
  });

  it('refuses a JWT once it has expired, in the documented body', () => {
    clock += 61_000;
    expect(() => {
      authenticate(`JWT ${jwt}`, keys, tokens);
    }).toThrow(
      expect.objectContaining({
        status: 401,
        body: { detail: 'Authentication credentials were not provided or are invalid.', code: 'not_authenticated' },
      }),
    );
  });
});
