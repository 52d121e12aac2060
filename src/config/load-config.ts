// Loads kraken-import.yaml and resolves settings by precedence: flag > environment > config file > default.
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { compileTenant } from '../validation/business-rules.js';
import { isKnownTimeZone } from '../validation/drf/time-zone.js';
import { resolveTenantRules, type TenantRules } from '../validation/tenant-rules.js';

/** The config file's keys, as checked by schemas/config.schema.json. */
export interface ConfigFile {
  base_url?: string;
  api_key_file?: string;
  auth?: 'token' | 'jwt';
  import_supplier?: string;
  concurrency?: number;
  rate?: number;
  wait_timeout?: number;
  max_outage?: number;
  encoding?: 'utf-8' | 'latin1' | 'windows-1252' | 'utf-16le';
  max_record_bytes?: number;
  allow_insecure_http?: boolean;
  payload_wrapper?: 'wrapped' | 'bare';
  strict?: 'off' | 'warn' | 'error';
  normalize?: boolean;
  /** A tenant's schema file (OpenAPI document or JSON Schema), relative to the config file. */
  schema?: string;
  tenant?: Record<string, unknown>;
}

/** The loaded config file (empty when there is none) and where it came from. */
export interface LoadedConfig {
  path: string | undefined;
  values: ConfigFile;
  tenant: TenantRules;
  /** The tenant's schema file in use (`--schema` > config `schema:`), absolute; undefined for the built-in schema. */
  schemaPath: string | undefined;
}

/**
 * Loads `--config <path>`, else ./kraken-import.yaml when present, else nothing; `schemaFlag` is `--schema`, which
 * wins over the file's `schema:`. Under a tenant's own schema the tenant rules default to none (see tenant-rules.ts).
 */
export async function loadConfig(
  explicitPath: string | undefined,
  cwd: string,
  schemaFlag?: string,
): Promise<LoadedConfig> {
  let path = explicitPath === undefined ? undefined : resolve(cwd, explicitPath);
  if (path === undefined) {
    const candidate = resolve(cwd, 'kraken-import.yaml');
    try {
      await access(candidate);
      path = candidate;
    } catch {
      path = undefined;
    }
  }
  const values =
    path === undefined
      ? {}
      : ((await (await import('./load-yaml-file.js')).loadYamlFile(path, 'config')) as ConfigFile);
  const schemaPath =
    schemaFlag !== undefined
      ? resolve(cwd, schemaFlag)
      : values.schema !== undefined && path !== undefined
        ? resolve(dirname(path), values.schema)
        : undefined;
  const tenant = resolveTenantRules(values.tenant, schemaPath !== undefined);
  // A bad pattern or region fails here, naming the file, before any input is read or request sent.
  try {
    compileTenant(tenant);
  } catch (error) {
    throw new UsageError(`${path ?? 'config'}: ${(error as Error).message}`);
  }
  if (!isKnownTimeZone(tenant.timeZone)) {
    throw new UsageError(`${path ?? 'config'}: tenant.time_zone "${tenant.timeZone}" is not a known time zone`);
  }
  return { path, values, tenant, schemaPath };
}

/** The coercion policy of a run: `--strict [level]`, else the config's `strict`, else accepted. */
export function coercionPolicy(flag: 'warn' | 'error' | undefined, config: ConfigFile): 'allow' | 'warn' | 'error' {
  const level = flag ?? config.strict ?? 'off';
  return level === 'off' ? 'allow' : level;
}

/** Picks the first defined value in precedence order. */
export function pick<T>(...candidates: (T | undefined)[]): T | undefined {
  return candidates.find((candidate) => candidate !== undefined);
}
