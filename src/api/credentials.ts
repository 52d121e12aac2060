// The Authorization header of every request: `Token <key>`, or a JWT from obtainKrakenToken refreshed before it expires.
import { ApiUnusableError } from '../core/errors.js';

/** Sends the GraphQL mutation and returns the parsed JSON answer (the client passes its own HTTP call). */
export type GraphqlPost = (body: unknown) => Promise<{ status: number; body: unknown }>;

/** Produces the Authorization header; `renew` is called once after a 401. */
export interface Credentials {
  header(): Promise<string>;
  /** Gets a fresh token after a 401; false when there is nothing to renew (a plain API key). */
  renew(): Promise<boolean>;
}

/** `Authorization: Token <key>`. */
export function tokenCredentials(apiKey: string): Credentials {
  return {
    header: () => Promise.resolve(`Token ${apiKey}`),
    renew: () => Promise.resolve(false),
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
export function jwtCredentials(apiKey: string, post: GraphqlPost, now: () => number = Date.now): Credentials {
  let token: string | undefined;
  let refreshToken: string | undefined;
  let expiresAt = 0;
  let renewAt = 0;
  let pending: Promise<void> | undefined;

  async function obtain(input: Record<string, string>): Promise<boolean> {
    const answer = await post({ query: mutation, variables: { input } });
    const body = answer.body as { data?: { obtainKrakenToken?: { token?: unknown; refreshToken?: unknown } | null } };
    const result = body.data?.obtainKrakenToken;
    if (answer.status !== 200 || typeof result?.token !== 'string') return false;
    token = result.token;
    refreshToken = typeof result.refreshToken === 'string' ? result.refreshToken : undefined;
    // Without an exp claim, assume the documented hour. Renew a minute early (a fifth of the lifetime for short ones).
    const obtainedAt = now();
    expiresAt = (jwtExpiry(token) ?? Math.floor(obtainedAt / 1000) + 3600) * 1000;
    renewAt = expiresAt - Math.min(60_000, (expiresAt - obtainedAt) / 5);
    return true;
  }

  async function refresh(): Promise<void> {
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
  };
}
