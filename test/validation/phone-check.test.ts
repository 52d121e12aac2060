// The compiled E.164 check against libphonenumber-js itself: on every number it answers, the same verdict.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import {
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
  type MetadataJson,
} from 'libphonenumber-js/core';
import { compilePhoneCheck } from '../../src/validation/phone-check.js';
import { seededRandom } from '../helpers.js';

const require = createRequire(import.meta.url);
const metadata = JSON.parse(
  readFileSync(require.resolve('libphonenumber-js/metadata.max.json'), 'utf8'),
) as MetadataJson;
const examples = JSON.parse(readFileSync(require.resolve('libphonenumber-js/examples.mobile.json'), 'utf8')) as Record<
  string,
  string
>;

/** What business-rules.ts asked of the library before: parsed, valid, and of the region's calling code. */
function libraryVerdict(text: string, region: CountryCode, callingCode: string): boolean {
  const parsed = parsePhoneNumberFromString(text, region, metadata);
  return parsed !== undefined && parsed.isValid() && parsed.countryCallingCode === callingCode;
}

function digits(next: () => number, count: number): string {
  let text = '';
  for (let index = 0; index < count; index += 1) text += String(Math.floor(next() * 10));
  return text;
}

/** Random national numbers of every length, and each sharing region's example with its last digits changed. */
function samples(region: CountryCode, callingCode: string, count: number): string[] {
  const next = seededRandom(callingCode.length * 1000 + Number(callingCode));
  const sharing = Object.keys(examples).filter(
    (other) => getCountryCallingCode(other as CountryCode, metadata) === callingCode,
  );
  const texts: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const choice = next();
    if (choice < 0.4) {
      texts.push(`+${callingCode}${digits(next, 1 + Math.floor(next() * 18))}`);
    } else {
      const example = examples[sharing[Math.floor(next() * sharing.length)] ?? region] ?? '';
      const kept = Math.max(0, example.length - Math.floor(next() * 6));
      const tail = digits(next, Math.floor(next() * 7));
      texts.push(`+${callingCode}${example.slice(0, kept)}${tail}`);
    }
  }
  return texts;
}

describe('compilePhoneCheck', () => {
  it.each(['US', 'CA', 'GB', 'DE', 'FR', 'IT', 'BR', 'AR', 'RU', 'MX', 'AU', 'NZ', 'IE', 'IN', 'JP', 'ES'])(
    '%s: every verdict it gives is the library’s, and it gives most',
    (region) => {
      const callingCode = getCountryCallingCode(region as CountryCode, metadata);
      const check = compilePhoneCheck(metadata, callingCode);
      let answered = 0;
      let valid = 0;
      const disagreements: string[] = [];
      for (const text of samples(region as CountryCode, callingCode, 6000)) {
        const fast = check(text);
        if (fast === undefined) continue;
        answered += 1;
        if (fast) valid += 1;
        if (fast !== libraryVerdict(text, region as CountryCode, callingCode)) disagreements.push(text);
      }
      expect(disagreements).toEqual([]);
      // Most random E.164 numbers are answered here (not left to the library), valid and invalid alike.
      expect(answered).toBeGreaterThan(3000);
      expect(valid).toBeGreaterThan(100);
      expect(answered - valid).toBeGreaterThan(100);
    },
  );

  // Every region of the metadata, fewer numbers each (a one-off run of 20,000 a region agreed too).
  const regions = Object.keys((metadata as unknown as { countries: Record<string, unknown> }).countries);
  it("agrees with the library in each of the metadata's regions", () => {
    const disagreements: string[] = [];
    for (const region of regions) {
      const callingCode = getCountryCallingCode(region as CountryCode, metadata);
      const check = compilePhoneCheck(metadata, callingCode);
      for (const text of samples(region as CountryCode, callingCode, 800)) {
        const fast = check(text);
        if (fast !== undefined && fast !== libraryVerdict(text, region as CountryCode, callingCode)) {
          disagreements.push(`${region} ${text}`);
        }
      }
    }
    expect(regions.length).toBeGreaterThan(200);
    expect(disagreements).toEqual([]);
  });

  it('leaves other spellings, other calling codes and national prefixes to the library', () => {
    const check = compilePhoneCheck(metadata, '1');
    expect(check('+12015550123')).toBe(true);
    expect(check('+1201555012')).toBe(false);
    for (const text of ['(201) 555-0123', '+1 201 555 0123', '2015550123', '+442079460000', '+112015550123', '+1']) {
      expect(check(text)).toBeUndefined();
    }
  });
});
