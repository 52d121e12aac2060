// Worker thread that reads and converts a tenant's schema file (a YAML OpenAPI document of about 1 MB takes over
// 60 MB of parser objects): the parse's memory goes with the thread, so that a run's peak stays its own.
import { parentPort, workerData } from 'node:worker_threads';
import { loadAccountSchema, type ConvertSchemaAnswer } from './account-schema.js';

const path = (workerData as { path: string }).path;
let answer: ConvertSchemaAnswer;
try {
  answer = { schema: loadAccountSchema(path) };
} catch (error) {
  answer = { error: error instanceof Error ? error.message : String(error) };
}
parentPort?.postMessage(answer);
