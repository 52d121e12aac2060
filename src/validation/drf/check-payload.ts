// Runs an account payload through the DRF serializer of its schema (compiled once per schema).
import type { FieldError } from '../../core/field-error.js';
import type { JsonObject } from '../../core/json.js';
import { schemaKey, type AccountSchema } from '../account-schema.js';
import { compileAccountSerializer } from './compile-schema.js';
import { FieldRun, skipped, type Coercion, type Field, type UnknownFieldPolicy } from './fields.js';

/** DRF's verdict on one payload. */
export interface PayloadCheck {
  errors: FieldError[];
  /** Unknown keys when the policy is `warn`. */
  warnings: FieldError[];
  /** Values DRF reads differently from how they are written. */
  coercions: Coercion[];
  /** DRF's validated data rendered as JSON (only when asked to build it; the given payload where invalid). */
  kept?: unknown;
}

const serializers = new Map<string, Field>();

/** The import supplier's settings that pick serializers (see TenantRules.supplierSettings). */
export type SupplierSettings = Readonly<Record<string, boolean | string | null>>;

const noSettings: SupplierSettings = {};

/** The root serializer of a schema under the supplier's settings, compiled on first use. */
export function accountSerializer(schema: AccountSchema, settings: SupplierSettings = noSettings): Field {
  const names = Object.keys(settings);
  const schemaName = schemaKey(schema);
  const key =
    names.length === 0
      ? schemaName
      : `${schemaName} ${JSON.stringify(names.sort().map((name) => [name, settings[name]]))}`;
  let root = serializers.get(key);
  if (root === undefined) {
    root = compileAccountSerializer(schema.document, settings);
    serializers.set(key, root);
  }
  return root;
}

/** Checks a payload the way the server's serializer would. */
export function checkPayload(
  schema: AccountSchema,
  payload: unknown,
  options: {
    unknownFields: UnknownFieldPolicy;
    build: boolean;
    timeZone?: string;
    supplierSettings?: SupplierSettings;
  },
): PayloadCheck {
  const run = new FieldRun(options.unknownFields, options.build, options.timeZone);
  const kept = accountSerializer(schema, options.supplierSettings).run(payload, run);
  const check: PayloadCheck = { errors: run.errors, warnings: run.warnings, coercions: run.coercions };
  if (options.build) check.kept = kept === skipped ? payload : kept;
  return check;
}

/** Kept for callers that hold a JSON object. */
export type KeptPayload = JsonObject;
