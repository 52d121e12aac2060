// Who may call the account endpoints: `Authorization: Token <API key>`, or a live JWT from obtainKrakenToken.
import { HttpProblem } from './http.js';
import type { TokenIssuer } from './jwt.js';
import type { SandboxOptions } from './sandbox-options.js';

const notAuthenticated = {
  detail: 'Authentication credentials were not provided or are invalid.',
  code: 'not_authenticated',
};
const permissionDenied = { detail: 'You do not have permission to perform this action.', code: 'permission_denied' };

/**
 * Checks an Authorization header: returns for `Token <API key>` or a live JWT (bare, `JWT` or `Bearer`),
 * throws a 403 problem for the forbidden key and a 401 problem for anything else.
 */
export function authenticate(
  header: string | undefined,
  keys: Pick<SandboxOptions, 'token' | 'forbiddenToken'>,
  tokens: Pick<TokenIssuer, 'verify'>,
): void {
  if (header === undefined || header === '') throw new HttpProblem(401, notAuthenticated);
  // As DRF's authentication classes read it: a scheme and exactly one credential, or (a bare JWT) one word.
  const words = header.trim().split(/\s+/);
  if (words.length > 2) throw new HttpProblem(401, notAuthenticated);
  const [scheme, value] = words.length === 2 ? (words as [string, string]) : ['', header.trim()];
  if (scheme.toLowerCase() === 'token') {
    if (value === keys.token) return;
    if (keys.forbiddenToken !== undefined && value === keys.forbiddenToken)
      throw new HttpProblem(403, permissionDenied);
    throw new HttpProblem(401, notAuthenticated);
  }
  if ((scheme === '' || /^(jwt|bearer)$/i.test(scheme)) && tokens.verify(value)) return;
  throw new HttpProblem(401, notAuthenticated);
}
