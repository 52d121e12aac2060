// undici parses HTTP with llhttp, compiled to WebAssembly. V8 runs it first from its baseline compiler (Liftoff) and,
// once it has run for V8's tiering budget, compiles its one large function again with TurboFan on a helper thread:
// about 250 ms of CPU. A process that ends while that compile runs waits for it at exit, and the default budget is
// spent within the first requests: `status` of one account took 0.36 s, 0.25 s of it after its last answer.
import { setFlagsFromString } from 'node:v8';

/**
 * V8's default budget (1,800,000 bytes of code run), ten times over: a command of a few requests ends without the
 * compile, a push's parser still gets it within its first tens of requests. Never compiling it looked costlier over
 * 3,000 requests (2.11 against 1.91 s of CPU, one run each).
 */
const tieringBudget = 18_000_000;

let set = false;

/**
 * Sets V8's WebAssembly tiering budget for the process, before llhttp is compiled (on the first connection). Not at
 * start: V8 checks a code cache against the flags, and the bundles' caches are read first.
 */
export function holdParserTierUp(): void {
  if (set) return;
  set = true;
  setFlagsFromString(`--wasm-tiering-budget=${tieringBudget}`);
}
