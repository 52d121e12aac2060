// libphonenumber-js's metadata, only as much as one tenant needs: the regions that share its region's calling code.
//
// A phone number is valid for a tenant when libphonenumber finds it valid and its calling code is the region's
// (business-rules.ts), so the plans of other calling codes can only ever say "not valid". Without them the library
// cannot read a number of another calling code at all, and says so: the verdict is the same "not valid".
// test/validation/phone-metadata.test.ts compares verdicts under both on random numbers of many calling codes.
//
// The full metadata is 157 kB of JSON, about 4 ms of reading and parsing at the start of every run and of every check
// worker; one calling code's part is a few kB. `npm run build` writes each part beside the bundle (dist/cli/), with
// an index of the regions' calling codes; run from the tsc output or the sources, the parts are cut from the package's
// own file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MetadataJson } from 'libphonenumber-js/core';
import { isBundled } from '../core/package-files.js';

/** The folder beside the bundle that holds one file per calling code and the index of regions. */
export const bundledPhoneMetadataFolder = 'phone-metadata';

/** The index in that folder: each region's calling code. */
const regionsFile = 'regions.json';

/** The metadata as the package ships it: each region's plan starts with its calling code. */
interface FullMetadata {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, [string, ...unknown[]]>;
  nonGeographic?: Record<string, unknown[]>;
}

/** Each region's calling code (`GB` -> `44`). */
export function regionCallingCodes(full: MetadataJson): Record<string, string> {
  const regions: Record<string, string> = {};
  for (const [region, plan] of Object.entries((full as unknown as FullMetadata).countries)) regions[region] = plan[0];
  return regions;
}

/** The part of the metadata for one calling code: its regions' plans (and its non-geographic plan, if any). */
export function callingCodeMetadata(full: MetadataJson, callingCode: string): MetadataJson {
  const metadata = full as unknown as FullMetadata;
  const regions = Object.hasOwn(metadata.country_calling_codes, callingCode)
    ? (metadata.country_calling_codes[callingCode] ?? [])
    : [];
  const countries: FullMetadata['countries'] = {};
  for (const region of regions) {
    const plan = metadata.countries[region];
    if (plan !== undefined) countries[region] = plan;
  }
  const nonGeographic =
    metadata.nonGeographic !== undefined && Object.hasOwn(metadata.nonGeographic, callingCode)
      ? metadata.nonGeographic[callingCode]
      : undefined;
  const part: FullMetadata = {
    version: metadata.version,
    country_calling_codes: { [callingCode]: regions },
    countries,
    nonGeographic: nonGeographic === undefined ? {} : { [callingCode]: nonGeographic },
  };
  return part as unknown as MetadataJson;
}

/** The folder's files by name: the index of regions, then one file per calling code. */
export function bundledPhoneMetadataFiles(full: MetadataJson): Map<string, string> {
  const files = new Map<string, string>([[regionsFile, JSON.stringify(regionCallingCodes(full))]]);
  for (const callingCode of Object.keys((full as unknown as FullMetadata).country_calling_codes)) {
    files.set(`${callingCode}.json`, JSON.stringify(callingCodeMetadata(full, callingCode)));
  }
  return files;
}

let fullMetadata: MetadataJson | undefined;
function packageMetadata(): MetadataJson {
  fullMetadata ??= JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('libphonenumber-js/metadata.max.json'), 'utf8'),
  ) as MetadataJson;
  return fullMetadata;
}

/** A file of the folder, as `npm run build` wrote it (so read without checking its shape). */
function bundledFile(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./${bundledPhoneMetadataFolder}/${name}`, import.meta.url), 'utf8'));
}

/** A region's calling code and the metadata of that calling code. */
export interface RegionPhoneMetadata {
  callingCode: string;
  metadata: MetadataJson;
}

const byRegion = new Map<string, RegionPhoneMetadata | undefined>();

/** A region's calling code and the metadata of that calling code; undefined for a region the metadata does not know. */
export function phoneMetadataOf(region: string): RegionPhoneMetadata | undefined {
  if (!byRegion.has(region)) byRegion.set(region, loadPhoneMetadataOf(region));
  return byRegion.get(region);
}

function loadPhoneMetadataOf(region: string): RegionPhoneMetadata | undefined {
  if (!isBundled(import.meta.url)) {
    const full = packageMetadata();
    const regions = regionCallingCodes(full);
    const callingCode = Object.hasOwn(regions, region) ? regions[region] : undefined;
    return callingCode === undefined ? undefined : { callingCode, metadata: callingCodeMetadata(full, callingCode) };
  }
  const regions = bundledFile(regionsFile) as Record<string, string>;
  const callingCode = Object.hasOwn(regions, region) ? regions[region] : undefined;
  if (callingCode === undefined) return undefined;
  return { callingCode, metadata: bundledFile(`${callingCode}.json`) as MetadataJson };
}
