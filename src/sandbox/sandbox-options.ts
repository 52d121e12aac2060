// The sandbox's settings and their defaults, readable without starting a server (e.g. by the commander wiring).
import { builtInAccountSchema, type AccountSchema } from '../validation/account-schema.js';
import type { TenantRules } from '../validation/tenant-rules.js';
import type { FaultKind } from './fault-answers.js';

/** The routes a `--fault` may aim at (`graphql` is the obtainKrakenToken endpoint). */
export const faultRouteNames = ['validate', 'create', 'status', 'graphql'] as const;

/** One route a `--fault` may aim at. */
export type FaultRouteName = (typeof faultRouteNames)[number];

/** The readings of a dry-run create of an account already imported (see `SandboxOptions.dryRunOfImported`). */
export const dryRunOfImportedReadings = ['shadowed', 'latest', 'refused'] as const;

/** One reading of a dry-run create of an account already imported. */
export type DryRunOfImported = (typeof dryRunOfImportedReadings)[number];

/** How the sandbox behaves; every field has a default in `defaultSandboxOptions`. */
export interface SandboxOptions {
  host: string;
  port: number;
  /** The API key accepted as `Authorization: Token <key>` and by obtainKrakenToken. */
  token: string;
  /** A key that authenticates but lacks permission (403), to rehearse that failure. */
  forbiddenToken: string | undefined;
  jwtTtlSeconds: number;
  /** How long an import takes from its start to a terminal status. */
  processingMs: number;
  seed: number;
  latencyMs: number;
  jitterMs: number;
  /** Probabilities (0..1) of each injected fault per request. */
  rate429: number;
  rate5xx: number;
  rateReset: number;
  rateLostCreate: number;
  retryAfterSeconds: number;
  /** Sent verbatim as the Retry-After of injected 429s instead of `retryAfterSeconds` (junk, dates, huge values). */
  retryAfterHeader: string | undefined;
  /** A hostile answer given instead of the API's, with probability `faultRate`, on the `faultRoutes`. */
  fault: FaultKind | undefined;
  faultRate: number;
  faultRoutes: readonly FaultRouteName[];
  /** The status of `html`, `not-json`, `gzip` and `empty` faults (each kind's own default when undefined). */
  faultStatus: number | undefined;
  /** The pause between two bytes of a `trickle` fault. */
  trickleMs: number;
  /** The size of an `oversized` fault's body. */
  oversizedBytes: number;
  /** Requests in flight past this get 429, like Kraken's concurrency limit. */
  maxConcurrent: number | undefined;
  /** Account numbers matching this end ERRORED (or DRY_RUN_ERRORED). */
  errorAccounts: RegExp | undefined;
  /** Account numbers matching this end CANCELLED. */
  cancelAccounts: RegExp | undefined;
  /** For this long after a create, its status answers 404 (a tenant whose status lags behind). */
  statusLagMs: number;
  /** Account numbers that already exist in Kraken. */
  preimported: ReadonlySet<string>;
  statePath: string | undefined;
  /** `standard` errors list, or the raw `nested` form some tenants return. */
  errorFormat: 'standard' | 'nested';
  maxBodyBytes: number;
  /** Take a bare account (no `{payload}` wrapper, default task parameters) as some tenants do; refused (400) otherwise. */
  acceptBare: boolean;
  /**
   * A dry-run create of an account already imported: `shadowed` runs it but status keeps showing the real import,
   * `latest` runs it and status shows the dry run while it is the latest import, `refused` answers already_imported.
   */
  dryRunOfImported: DryRunOfImported;
  tenant: TenantRules;
  /** The account schema payloads are validated against (the built-in one by default). */
  accountSchema: AccountSchema;
  /**
   * What `GET /data-import/schema/` serves: a file's bytes (as a tenant publishes its OpenAPI document), or, when
   * undefined, the account schema rendered as an OpenAPI document.
   */
  schemaDocument: { bytes: Buffer; contentType: string } | undefined;
  /** One line per request; nothing when undefined. */
  log: ((line: string) => void) | undefined;
  now: () => number;
}

/** The default of every option but the tenant rules (what `kraken-import sandbox` uses without flags). */
export const sandboxDefaults: Readonly<Omit<SandboxOptions, 'tenant' | 'accountSchema'>> = Object.freeze({
  host: '127.0.0.1',
  port: 4010,
  token: 'sandbox-key',
  forbiddenToken: undefined,
  jwtTtlSeconds: 3600,
  processingMs: 2000,
  seed: 1,
  latencyMs: 0,
  jitterMs: 0,
  rate429: 0,
  rate5xx: 0,
  rateReset: 0,
  rateLostCreate: 0,
  retryAfterSeconds: 1,
  retryAfterHeader: undefined,
  fault: undefined,
  faultRate: 1,
  faultRoutes: ['validate', 'create', 'status'] as FaultRouteName[],
  faultStatus: undefined,
  trickleMs: 5000,
  oversizedBytes: 8 * 1024 * 1024,
  maxConcurrent: undefined,
  errorAccounts: undefined,
  cancelAccounts: undefined,
  statusLagMs: 0,
  preimported: new Set<string>(),
  statePath: undefined,
  errorFormat: 'standard',
  maxBodyBytes: 5 * 1024 * 1024,
  acceptBare: false,
  dryRunOfImported: 'shadowed',
  schemaDocument: undefined,
  log: undefined,
  now: () => Date.now(),
});

/** Returns a fresh copy of the defaults with the given tenant rules (and schema), for the caller to override. */
export function defaultSandboxOptions(
  tenant: TenantRules,
  accountSchema: AccountSchema = builtInAccountSchema(),
): SandboxOptions {
  return { ...sandboxDefaults, preimported: new Set(), tenant, accountSchema };
}
