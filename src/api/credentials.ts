// The Authorization header of every request: `Token <key>`, or a JWT from obtainKrakenToken refreshed before it expires.
import { ApiUnusableError } from '../core/errors.js';

/** What the token endpoint gave: a token, or the API's own refusal of the key or refresh token (GraphQL errors). */
export type TokenAnswer = { kind: 'token'; token: string; refreshToken: string | undefined } | { kind: 'refused' };

/**
 * Sends the obtainKrakenToken mutation once (the client passes its own HTTP call); rejects with an error whose
 * `code` names the failure (`http_502`, `unexpected_answer (...)`, `ECONNREFUSED`) when there is no usable answer.
 */
export type TokenPost = (body: unknown) => Promise<TokenAnswer>;

/** Produces the Authorization header; `renew` is called once after a 401. */
export interface Credentials {
  header(): Promise<string>;
  /** Gets a fresh token after a 401; false when there is nothing to renew (a plain API key). */
  renew(): Promise<boolean>;
  /** Every secret these credentials hold now (the key, and any token), to be kept out of what a run shows. */
  secrets(): string[];
}

/** `Authorization: Token <key>`. */
export function tokenCredentials(apiKey: string): Credentials {
  return {
    header: () => Promise.resolve(`Token ${apiKey}`),
    renew: () => Promise.resolve(false),
    secrets: () => [apiKey],
  };
}

const mutation =
  'mutation obtainKrakenToken($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token refreshToken refreshExpiresIn payload } }';

/** Reads the `exp` claim (seconds since the epoch) of a JWT without checking its signature. */
export function jwtExpiry(token: string): number | undefined {
  const claims = token.split('.')[1];
  if (claims === undefined) return undefined;
  try {
    const { exp } = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** JWT credentials: obtained with the API key, renewed with the refresh token before expiry or after a 401. */
export function jwtCredentials(apiKey: string, post: TokenPost, now: () => number = Date.now): Credentials {
  let token: string | undefined;
  let refreshToken: string | undefined;
  let expiresAt = 0;
  let renewAt = 0;
  let pending: Promise<void> | undefined;

  async function obtain(input: Record<string, string>): Promise<boolean> {
    const answer = await post({ query: mutation, variables: { input } });
    if (answer.kind === 'refused') return false;
    token = answer.token;
    refreshToken = answer.refreshToken;
    // Without an exp claim, assume the documented hour. Renew a minute early (a fifth of the lifetime for short ones).
    const obtainedAt = now();
    expiresAt = (jwtExpiry(token) ?? Math.floor(obtainedAt / 1000) + 3600) * 1000;
    renewAt = expiresAt - Math.min(60_000, (expiresAt - obtainedAt) / 5);
    return true;
  }

  async function refresh(): Promise<void> {
    // Only the API's own refusal (GraphQL errors) means the key is wrong; a failed request rejects as what it is.
    if (refreshToken !== undefined && (await obtain({ refreshToken }))) return;
    if (!(await obtain({ APIKey: apiKey }))) {
      throw new ApiUnusableError('obtainKrakenToken refused the API key: check the key and --auth');
    }
  }

  function once(): Promise<void> {
    pending ??= refresh().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    async header() {
      if (token === undefined || now() >= renewAt) await once();
      if (token === undefined) throw new Error('no token after obtaining one');
      return token;
    },
    async renew() {
      token = undefined;
      await once();
      return true;
    },
    secrets() {
      return [apiKey, token, refreshToken].filter((secret): secret is string => secret !== undefined);
    },
  };
}
