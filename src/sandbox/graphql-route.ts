// The GraphQL endpoint, executed by the reference implementation (graphql-js) on a schema of one mutation,
// obtainKrakenToken (API key or refresh token for a JWT), so variables, aliases, fragments and operation names work.
import type { IncomingMessage } from 'node:http';
import {
  buildSchema,
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { isJsonObject, type JsonObject } from '../core/json.js';
import { readBody, type Answer } from './http.js';
import type { SandboxContext } from './sandbox-context.js';

/** The part of Kraken's GraphQL schema the sandbox serves. */
export const sandboxGraphqlSdl = `
  "Any JSON value (Kraken's GenericScalar)."
  scalar GenericScalar

  input ObtainJSONWebTokenInput {
    APIKey: String
    refreshToken: String
    email: String
    password: String
    organizationSecretKey: String
    preSignedKey: String
  }

  type ObtainKrakenJSONWebToken {
    token: String!
    refreshToken: String
    refreshExpiresIn: Int
    payload: GenericScalar!
  }

  type Query {
    "The sandbox serves no queries; this field only makes the schema valid."
    sandbox: String
  }

  type Mutation {
    obtainKrakenToken(input: ObtainJSONWebTokenInput!): ObtainKrakenJSONWebToken
  }
`;

let schema: GraphQLSchema | undefined;

function sandboxSchema(): GraphQLSchema {
  schema ??= buildSchema(sandboxGraphqlSdl);
  return schema;
}

/** The error Kraken answers for a wrong API key or refresh token. */
function invalidCredentials(): GraphQLError {
  return new GraphQLError('Invalid data.', { extensions: { errorType: 'VALIDATION', errorCode: 'KT-CT-1138' } });
}

/** The root of the mutation: obtainKrakenToken issues a token for the sandbox's key or a live refresh token. */
function rootValue(context: SandboxContext): JsonObject {
  return {
    obtainKrakenToken: ({ input }: { input: JsonObject }) => {
      const apiKey = input['APIKey'];
      const refreshToken = input['refreshToken'];
      const accepted =
        (typeof apiKey === 'string' && apiKey === context.options.token) ||
        (typeof refreshToken === 'string' && context.tokens.acceptRefreshToken(refreshToken));
      if (!accepted) throw invalidCredentials();
      const issued = context.tokens.issue('sandbox-user');
      return {
        token: issued.token,
        refreshToken: issued.refreshToken,
        refreshExpiresIn: issued.refreshExpiresIn,
        payload: { exp: issued.expiresAt },
      };
    },
  };
}

/** Whether the client asked for the graphql-over-http media type, whose request errors are 4xx rather than 200. */
function wantsGraphqlResponse(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').includes('application/graphql-response+json');
}

/** A GraphQL request's `{query, variables, operationName}`, or the message saying why the body is not one. */
function readGraphqlRequest(
  text: string,
): { query: string; variables: JsonObject | undefined; operationName: string | undefined } | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return `Body is not JSON: ${(error as Error).message}`;
  }
  if (!isJsonObject(body)) return 'Body must be a JSON object.';
  const { query, variables, operationName } = body;
  if (typeof query !== 'string') return 'The "query" must be a string.';
  if (variables !== undefined && variables !== null && !isJsonObject(variables))
    return 'The "variables" must be an object.';
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return 'The "operationName" must be a string.';
  return {
    query,
    variables: isJsonObject(variables) ? variables : undefined,
    operationName: typeof operationName === 'string' ? operationName : undefined,
  };
}

/** Parses and validates a document: the document, or the errors a client gets before execution. */
function parseDocument(query: string): DocumentNode | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(query, { maxLexicalTokens: 2000 });
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  const errors = validate(sandboxSchema(), document);
  return errors.length > 0 ? errors : document;
}

/** POST /v1/graphql/: runs the request on the sandbox schema and answers its result, or GraphQL-shaped errors. */
export async function handleGraphql(context: SandboxContext, request: IncomingMessage): Promise<Answer> {
  const strict = wantsGraphqlResponse(request);
  const read = readGraphqlRequest((await readBody(request, context.options.maxBodyBytes)).toString('utf8'));
  const headers = { 'content-type': strict ? 'application/graphql-response+json' : 'application/json' };
  if (typeof read === 'string')
    return { status: 400, body: { errors: [{ message: read }] }, account: undefined, headers };
  const document = parseDocument(read.query);
  if (!('kind' in document)) {
    const body = { errors: document.map((error) => error.toJSON()) };
    return { status: strict ? 400 : 200, body, account: undefined, headers };
  }
  const result: ExecutionResult = await execute({
    schema: sandboxSchema(),
    document,
    rootValue: rootValue(context),
    variableValues: read.variables,
    operationName: read.operationName,
  });
  // A request that could not start (bad variables, unknown or ambiguous operation) has no data: a 400 in strict mode.
  const status = strict && result.data === undefined ? 400 : 200;
  return { status, body: JSON.parse(JSON.stringify(result)) as JsonObject, account: undefined, headers };
}
