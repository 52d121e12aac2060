// The GraphQL endpoint, which answers only the obtainKrakenToken mutation (API key or refresh token for a JWT).
import type { IncomingMessage } from 'node:http';
import { isJsonObject, type JsonObject } from '../core/json.js';
import { readJsonObject, type Answer } from './http.js';
import type { SandboxContext } from './sandbox-context.js';

const onlyObtainKrakenToken = {
  errors: [{ message: 'The sandbox answers only the obtainKrakenToken mutation.' }],
  data: null,
};
const invalidCredentials = {
  errors: [
    {
      message: 'Invalid data.',
      path: ['obtainKrakenToken'],
      extensions: { errorType: 'VALIDATION', errorCode: 'KT-CT-1138' },
    },
  ],
  data: { obtainKrakenToken: null },
};

/** Reads the APIKey and refreshToken of the mutation, from `variables.input` or else written inline in the query. */
function credentialsOf(
  body: JsonObject,
  query: string,
): { apiKey: string | undefined; refreshToken: string | undefined } {
  const variables = isJsonObject(body['variables']) ? body['variables'] : {};
  const input = isJsonObject(variables['input']) ? variables['input'] : {};
  const inline = (name: string) => new RegExp(`${name}\\s*:\\s*"([^"]*)"`).exec(query)?.[1];
  const apiKey = typeof input['APIKey'] === 'string' ? input['APIKey'] : inline('APIKey');
  const refreshToken = typeof input['refreshToken'] === 'string' ? input['refreshToken'] : inline('refreshToken');
  return { apiKey, refreshToken };
}

/** POST /v1/graphql/: issues a JWT and refresh token for the API key or a live refresh token; GraphQL errors otherwise. */
export async function handleGraphql(context: SandboxContext, request: IncomingMessage): Promise<Answer> {
  const body = await readJsonObject(request, context.options.maxBodyBytes);
  const query = typeof body['query'] === 'string' ? body['query'] : '';
  if (!query.includes('obtainKrakenToken')) return { status: 200, body: onlyObtainKrakenToken, account: undefined };
  const { apiKey, refreshToken } = credentialsOf(body, query);
  const accepted =
    (apiKey !== undefined && apiKey === context.options.token) ||
    (refreshToken !== undefined && context.tokens.acceptRefreshToken(refreshToken));
  if (!accepted) return { status: 200, body: invalidCredentials, account: undefined };
  const issued = context.tokens.issue('sandbox-user');
  const obtainKrakenToken = {
    token: issued.token,
    refreshToken: issued.refreshToken,
    refreshExpiresIn: issued.refreshExpiresIn,
    payload: { exp: issued.expiresAt },
  };
  return { status: 200, body: { data: { obtainKrakenToken } }, account: undefined };
}
