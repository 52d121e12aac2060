// JWT-like tokens for the sandbox's obtainKrakenToken mutation: HS256-signed, with an expiry, plus refresh tokens.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Issues and checks the sandbox's access and refresh tokens. */
export class TokenIssuer {
  private readonly secret = randomBytes(32);
  private readonly refreshTokens = new Map<string, number>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
    private readonly refreshTtlSeconds = 7 * 24 * 3600,
  ) {}

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  /** Issues a new access token and refresh token. */
  issue(subject: string): { token: string; refreshToken: string; refreshExpiresIn: number; expiresAt: number } {
    const issuedAt = Math.floor(this.now() / 1000);
    // Rounded up, so that a token lives at least the full TTL even though claims are whole seconds.
    const expiresAt = Math.ceil(this.now() / 1000 + this.ttlSeconds);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const claims = base64url(
      JSON.stringify({ sub: subject, iat: issuedAt, exp: expiresAt, jti: randomBytes(8).toString('hex') }),
    );
    const body = `${header}.${claims}`;
    const refreshToken = randomBytes(24).toString('hex');
    const refreshExpiresIn = issuedAt + this.refreshTtlSeconds;
    this.refreshTokens.set(refreshToken, refreshExpiresIn);
    return { token: `${body}.${this.sign(body)}`, refreshToken, refreshExpiresIn, expiresAt };
  }

  /** Tells whether an access token is genuine and not expired. */
  verify(token: string): boolean {
    const parts = token.split('.');
    if (parts.length !== 3) return false;
    const [header, claims, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${claims}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    try {
      const { exp } = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { exp?: number };
      return typeof exp === 'number' && exp * 1000 > this.now();
    } catch {
      return false;
    }
  }

  /** Tells whether a refresh token was issued here and is still valid. */
  acceptRefreshToken(refreshToken: string): boolean {
    const expiresAt = this.refreshTokens.get(refreshToken);
    return expiresAt !== undefined && expiresAt * 1000 > this.now();
  }
}
