// Runs openapi-backend in plain Node (outside Jest) and checks recorded exchanges against the cut published document.
import { parentPort, workerData } from 'node:worker_threads';
import addFormats from 'ajv-formats';
import { OpenAPIBackend } from 'openapi-backend';

const api = new OpenAPIBackend({
  definition: workerData.definition,
  quick: false,
  validate: true,
  // Every path of the API ends in a slash: a path without it is not the published operation.
  ignoreTrailingSlashes: false,
  strict: false,
  // date-time and the other JSON Schema formats of the document are checked, not ignored.
  customizeAjv: (ajv) => {
    addFormats.default(ajv);
    return ajv;
  },
});
await api.init();

/** A request body as the library wants it: parsed JSON, or the text as it is when it is not JSON. */
function readBody(text) {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The breaches of one exchange: unknown operation, invalid request, undocumented status, wrong content type or body. */
function check(exchange) {
  const where = `${exchange.method} ${exchange.path} -> ${exchange.status}`;
  const [pathname = '', query = ''] = exchange.path.split('?');
  const request = {
    method: exchange.method,
    path: pathname,
    query,
    headers: exchange.requestHeaders,
    body: readBody(exchange.requestBody),
  };
  const operation = api.router.matchOperation(request);
  if (operation === undefined) return [`${where}: no published operation`];
  const breaches = [];
  for (const error of api.validateRequest(request, operation).errors ?? [])
    breaches.push(`${where}: request ${error.instancePath} ${error.message ?? ''}`);
  if (typeof exchange.requestHeaders['authorization'] !== 'string') breaches.push(`${where}: no Authorization`);
  const documented = operation.responses?.[String(exchange.status)];
  if (documented === undefined) return [...breaches, `${where}: status not documented`];
  if (documented.content !== undefined) {
    const type = String(exchange.responseHeaders['content-type'] ?? '');
    if (!Object.keys(documented.content).some((media) => type.startsWith(media)))
      breaches.push(`${where}: content-type ${type}`);
    const result = api.validateResponse(JSON.parse(exchange.responseBody), operation, exchange.status);
    for (const error of result.errors ?? [])
      breaches.push(`${where}: response ${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  }
  return breaches;
}

parentPort.on('message', (exchanges) => {
  parentPort.postMessage(
    exchanges.flatMap((exchange) => {
      try {
        return check(exchange);
      } catch (error) {
        return [`${exchange.method} ${exchange.path}: checker failed: ${error.message}`];
      }
    }),
  );
});
parentPort.postMessage('ready');
