// What every request handler of a sandbox may use: its options, store, JWT issuer, account validator and faults.
import { createAccountValidator, type AccountValidator } from '../validation/validate-account.js';
import { createFaults, type Faults } from './faults.js';
import { ImportStore } from './import-store.js';
import { TokenIssuer } from './jwt.js';
import type { SandboxOptions } from './sandbox-options.js';
import { seededRandom } from './seeded-random.js';

/** The state of one running sandbox, shared by its request handlers. */
export interface SandboxContext {
  readonly options: SandboxOptions;
  readonly tokens: TokenIssuer;
  readonly store: ImportStore;
  readonly validateAccount: AccountValidator;
  readonly faults: Faults;
  /** Requests counted per route, for tests and benchmarks. */
  readonly requestCounts: Record<string, number>;
}

/** Builds a sandbox's state: seeds its random, loads its state file and compiles the account schema. */
export function createSandboxContext(options: SandboxOptions): SandboxContext {
  const random = seededRandom(options.seed);
  const tokens = new TokenIssuer(options.jwtTtlSeconds, options.now);
  const store = new ImportStore(options.statePath, options.preimported, options.now());
  const validateAccount = createAccountValidator(options.tenant, () => new Date(options.now()), options.accountSchema);
  validateAccount({}); // compiles the schema now rather than on the first request
  return {
    options,
    tokens,
    store,
    validateAccount,
    faults: createFaults(options, random, seededRandom(options.seed ^ 0x5eed5eed)),
    requestCounts: {},
  };
}
