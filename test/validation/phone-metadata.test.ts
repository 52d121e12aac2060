// One calling code's part of libphonenumber's metadata gives every number the verdict the whole metadata gives.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import {
  bundledPhoneMetadataFiles,
  callingCodeMetadata,
  phoneMetadataOf,
  regionCallingCodes,
} from '../../src/validation/phone-metadata.js';
import { compilePhoneCheck } from '../../src/validation/phone-check.js';
import { seededRandom } from '../helpers.js';

const require = createRequire(import.meta.url);
const full = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.max.json'), 'utf8')) as MetadataJson;
const examples = JSON.parse(readFileSync(require.resolve('libphonenumber-js/examples.mobile.json'), 'utf8')) as Record<
  string,
  string
>;
const callingCodes = regionCallingCodes(full);

/** The business rule's verdict (business-rules.ts): parsed, valid, and of the region's calling code. */
function verdict(text: string, region: string, metadata: MetadataJson): boolean {
  const parsed = parsePhoneNumberFromString(text, region as CountryCode, metadata);
  return parsed !== undefined && parsed.isValid() && parsed.countryCallingCode === callingCodes[region];
}

/**
 * Numbers as exports write them, half of them `own` region's, the others of any region: a region's example in
 * E.164, nationally, after the international prefix 00 and with digits changed, and random digits after a calling code.
 */
function samples(own: string, seed: number, count: number): string[] {
  const next = seededRandom(seed);
  const regions = Object.keys(examples);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const digits = (length: number) => Array.from({ length }, () => String(Math.floor(next() * 10))).join('');
  const texts: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const region = next() < 0.5 ? own : pick(regions);
    const code = callingCodes[region] ?? '1';
    const example = examples[region] ?? '';
    const changed = example.slice(0, Math.max(0, example.length - Math.floor(next() * 4))) + digits(next() * 4);
    const form = Math.floor(next() * 5);
    if (form === 0) texts.push(`+${code}${changed}`);
    else if (form === 1) texts.push(`0${changed}`);
    else if (form === 2) texts.push(`00 ${code} ${changed}`);
    else if (form === 3) texts.push(changed);
    else texts.push(`+${code}${digits(1 + Math.floor(next() * 14))}`);
  }
  return texts;
}

describe('phone metadata by calling code', () => {
  it.each(['GB', 'US', 'CA', 'JM', 'FR', 'DE', 'IE', 'AU', 'NZ', 'IN', 'JP', 'BR', 'ES', 'IT', 'RU', 'KZ', 'GG'])(
    '%s: its calling code’s part gives every number the whole metadata’s verdict, through the library and the fast check',
    (region) => {
      const callingCode = callingCodes[region] ?? '';
      const part = callingCodeMetadata(full, callingCode);
      const texts = samples(region, callingCode.length * 1000 + Number(callingCode), 3000);
      const disagreements = texts.filter((text) => verdict(text, region, part) !== verdict(text, region, full));
      expect(disagreements).toEqual([]);
      // business-rules.ts asks the compiled E.164 check first (phone-check.ts), built from the part.
      const [fromPart, fromWhole] = [compilePhoneCheck(part, callingCode), compilePhoneCheck(full, callingCode)];
      expect(texts.filter((text) => fromPart(text) !== fromWhole(text))).toEqual([]);
      // The samples reach both verdicts, for the region's own numbers and others.
      const valid = texts.filter((text) => verdict(text, region, full)).length;
      expect(valid).toBeGreaterThan(50);
      expect(valid).toBeLessThan(texts.length - 500);
    },
  );

  it('cuts a part per calling code with an index of regions, as the bundle reads them', () => {
    const files = bundledPhoneMetadataFiles(full);
    const regions = JSON.parse(files.get('regions.json') ?? '{}') as Record<string, string>;
    expect(regions).toMatchObject({ GB: '44', JE: '44', US: '1', CA: '1', FR: '33' });
    const gb = JSON.parse(files.get('44.json') ?? '{}') as { countries: Record<string, unknown> };
    expect(Object.keys(gb.countries).sort()).toEqual(['GB', 'GG', 'IM', 'JE']);
    // Every region's part is there, and together they are much smaller to read than the whole.
    for (const code of new Set(Object.values(regions))) expect(files.has(`${code}.json`)).toBe(true);
    expect((files.get('44.json') ?? '').length).toBeLessThan(JSON.stringify(full).length / 20);
  });

  it("gives a region's calling code and part, and nothing for a region libphonenumber does not know", () => {
    expect(phoneMetadataOf('GB')?.callingCode).toBe('44');
    expect(phoneMetadataOf('GB')?.metadata).toEqual(callingCodeMetadata(full, '44'));
    expect(phoneMetadataOf('XX')).toBeUndefined();
    expect(phoneMetadataOf('constructor')).toBeUndefined();
  });
});
