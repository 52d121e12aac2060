// The DRF engine against Django REST framework itself: test/validation/drf-golden.json holds DRF 3.14's verdicts
// on the corpus of scripts/drf-golden.py (regenerate with `/usr/bin/python3 scripts/drf-golden.py`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../src/core/json.js';
import { builtInAccountSchema, type AccountSchema } from '../../src/validation/account-schema.js';
import { checkPayload } from '../../src/validation/drf/check-payload.js';

interface GoldenCase {
  id: number;
  path: (string | number)[];
  op: 'set' | 'delete';
  value?: unknown;
  valid: boolean;
  errors?: { attr: string; code: string; detail: string }[];
  kept?: unknown;
}
interface Golden {
  djangorestframework: string;
  cases: GoldenCase[];
  types_base: JsonObject;
  type_cases: GoldenCase[];
  zone: string;
  zone_cases: (GoldenCase & { zone?: string })[];
}

const golden = JSON.parse(readFileSync(new URL('drf-golden.json', import.meta.url), 'utf8')) as Golden;
const seed = JSON.parse(readFileSync(new URL('../../fixtures/seed-example.json', import.meta.url), 'utf8')) as unknown;

function apply(payload: unknown, testCase: GoldenCase): unknown {
  if (testCase.path.length === 0) return testCase.value;
  const data = structuredClone(payload) as Record<string | number, unknown>;
  let node = data;
  for (const segment of testCase.path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  const last = testCase.path[testCase.path.length - 1] as string | number;
  if (testCase.op === 'delete') Reflect.deleteProperty(node, last);
  else node[last] = testCase.value;
  return data;
}

/** A float JSON cannot hold, as the golden file writes it. */
function jsonSafe(value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  return { $float: Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
}

/**
 * The value the tool keeps where DRF keeps `expected`: an integer past 2^53 (written `{"$int": "digits"}` in the
 * golden file) is kept as its digits in a string, which JSON carries without loss and the server reads back exactly.
 */
function keptFor(expected: unknown): unknown {
  if (typeof expected === 'object' && expected !== null && '$int' in expected) return expected.$int;
  return expected;
}

function at(data: unknown, path: (string | number)[]): unknown {
  let node = data;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return { $missing: true };
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/**
 * Cases JSON.parse cannot represent as Python saw them: a number written `123456789012.0` is a float to Python
 * (str() gives "123456789012.0") but the integer 123456789012 here, and integers past 2^53 lose digits.
 */
function unrepresentable(testCase: GoldenCase): boolean {
  const value = testCase.value;
  if (typeof value !== 'number') return false;
  return !Number.isSafeInteger(value) && Number.isInteger(value);
}

describe('DRF semantics match Django REST framework', () => {
  const schema = builtInAccountSchema();
  const cases = golden.cases.filter((testCase) => !unrepresentable(testCase));

  it('has a large corpus from DRF 3.14 or later', () => {
    expect(golden.djangorestframework >= '3.14').toBe(true);
    expect(cases.length).toBeGreaterThan(1000);
  });

  it.each(cases.map((testCase) => [testCase.id, JSON.stringify(testCase.path), testCase.op, testCase] as const))(
    'case %i: %s %s',
    (_id, _path, _op, testCase) => {
      const check = checkPayload(schema, apply(seed, testCase), { unknownFields: 'warn', build: true });
      const errors = check.errors.map((error) => ({ attr: error.attr ?? '', code: error.code, detail: error.detail }));
      expect(errors).toEqual(testCase.errors ?? []);
      if (testCase.valid) expect(at(check.kept, testCase.path)).toEqual(keptFor(testCase.kept));
      // The check that only judges (fast paths, nothing built) reaches the same verdict.
      const judged = checkPayload(schema, apply(seed, testCase), { unknownFields: 'warn', build: false });
      expect(judged.errors).toEqual(check.errors);
    },
  );
});

describe('every DRF field kind and option matches Django REST framework', () => {
  const url = new URL('../../fixtures/drf-field-types.schema.json', import.meta.url);
  const document = JSON.parse(readFileSync(url, 'utf8')) as JsonObject;
  const schema: AccountSchema = { document, source: url.pathname, checksum: 'drf-field-types', title: 'FieldTypes' };

  it.each(golden.type_cases.map((testCase) => [testCase.id, JSON.stringify(testCase.path), testCase] as const))(
    'type case %i: %s',
    (_id, _path, testCase) => {
      const payload = apply(golden.types_base, testCase);
      const check = checkPayload(schema, payload, { unknownFields: 'ignore', build: true });
      const errors = check.errors.map((error) => ({ attr: error.attr ?? '', code: error.code, detail: error.detail }));
      expect(errors).toEqual(testCase.errors ?? []);
      if (testCase.valid) expect(jsonSafe(at(check.kept, testCase.path))).toEqual(keptFor(testCase.kept));
      const judged = checkPayload(schema, payload, { unknownFields: 'ignore', build: false });
      expect(judged.errors).toEqual(check.errors);
    },
  );
});

describe("date-times in a tenant's own time zone match Django's", () => {
  const schema = builtInAccountSchema();

  it.each(
    golden.zone_cases.map((testCase) => [testCase.zone ?? golden.zone, String(testCase.value), testCase] as const),
  )('%s: %s', (zone, _value, testCase) => {
    const options = { unknownFields: 'warn', build: true, timeZone: zone } as const;
    const check = checkPayload(schema, apply(seed, testCase), options);
    const errors = check.errors.map((error) => ({ attr: error.attr ?? '', code: error.code, detail: error.detail }));
    expect(errors).toEqual(testCase.errors ?? []);
    if (testCase.valid) expect(at(check.kept, testCase.path)).toEqual(testCase.kept);
    const judged = checkPayload(schema, apply(seed, testCase), { ...options, build: false });
    expect(judged.errors).toEqual(check.errors);
  });
});
