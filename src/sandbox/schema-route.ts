// GET /data-import/schema/: the tenant's published OpenAPI document, as `kraken-import schema pull` fetches it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderOpenApi } from '../validation/openapi-schema.js';
import { authenticate } from './auth.js';
import type { SandboxContext } from './sandbox-context.js';

const rendered = new WeakMap<SandboxContext, Buffer>();

/** The document's bytes and type: the `--schema-document` file, else the account schema rendered as OpenAPI (JSON). */
function schemaDocument(context: SandboxContext): { bytes: Buffer; contentType: string } {
  const given = context.options.schemaDocument;
  if (given !== undefined) return given;
  let bytes = rendered.get(context);
  if (bytes === undefined) {
    const schema = context.options.accountSchema;
    bytes = Buffer.from(JSON.stringify(renderOpenApi(schema.document, schema.title), null, 2));
    rendered.set(context, bytes);
  }
  return { bytes, contentType: 'application/vnd.oai.openapi+json' };
}

/**
 * Serves the schema document. Credentials are not needed, but credentials that are sent must be valid, so that a
 * pull proves the key it will later push with.
 */
export function handleSchema(context: SandboxContext, request: IncomingMessage, response: ServerResponse): number {
  const header = request.headers.authorization;
  if (header !== undefined) authenticate(header, context.options, context.tokens);
  const { bytes, contentType } = schemaDocument(context);
  response.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length });
  response.end(bytes);
  return 200;
}
