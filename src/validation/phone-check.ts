// The phone numbers of one calling code written in E.164 ("+" and digits, as exports mostly write them), checked with
// libphonenumber's own patterns compiled once: libphonenumber-js builds each pattern anew on every call and works out
// a number's region and type twice, a fifth of a whole validate run. What this check cannot answer exactly as
// `parsePhoneNumberFromString(text, region).isValid()` would (another spelling, a national prefix to strip, another
// calling code) it leaves to the library. test/validation/phone-check.test.ts compares the two on random numbers.
import { Metadata, type MetadataJson } from 'libphonenumber-js/core';

/** The parts of libphonenumber-js's numbering plan this check reads (its classes are not in the package's types). */
// The metadata's compact arrays leave an absent value as 0 (leading digits, say): the library tests them for truth.
type Absent = 0 | undefined | null;
interface PlanType {
  pattern(): string | Absent;
  possibleLengths(): readonly number[] | Absent;
}
interface Plan {
  leadingDigits(): string | Absent;
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | Absent;
  hasTypes(): boolean;
  type(name: string): PlanType | undefined;
}
interface PlanMetadata {
  selectNumberingPlan(argument: string): void;
  numberingPlan: Plan;
  getCountryCodesForCallingCode(callingCode: string): readonly string[] | undefined;
}

/** libphonenumber-js's getNumberType: fixed line first, then these (helpers/getNumberType.js). */
const numberTypes = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];

/** The shortest and longest national significant numbers the library parses (constants.js). */
const minNationalLength = 2;
const maxNationalLength = 17;

/** One region's patterns, compiled. */
interface CompiledPlan {
  /** Matches at the start of a national number of this region (regions sharing a calling code); undefined: none. */
  leadingDigits: RegExp | undefined;
  general: RegExp;
  /** Each number type with a pattern; empty when the metadata has no types (then the general pattern decides). */
  types: { pattern: RegExp; lengths: readonly number[] | undefined }[];
  hasTypes: boolean;
}

const whole = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);

function compilePlan(plan: Plan): CompiledPlan {
  const leading = plan.leadingDigits();
  const types: CompiledPlan['types'] = [];
  for (const name of numberTypes) {
    const type = plan.type(name);
    const pattern = type?.pattern();
    if (type === undefined || typeof pattern !== 'string' || pattern === '') continue;
    const lengths = type.possibleLengths();
    types.push({
      pattern: whole(pattern),
      lengths: Array.isArray(lengths) && lengths.length > 0 ? lengths : undefined,
    });
  }
  return {
    leadingDigits: typeof leading === 'string' && leading !== '' ? new RegExp(`^(?:${leading})`) : undefined,
    general: whole(plan.nationalNumberPattern()),
    types,
    hasTypes: plan.hasTypes(),
  };
}

/** getNumberType(...) !== undefined: the general pattern, then any type's lengths and pattern. */
function hasType(plan: CompiledPlan, nationalNumber: string): boolean {
  if (!plan.general.test(nationalNumber)) return false;
  for (const type of plan.types) {
    if (type.lengths !== undefined && !type.lengths.includes(nationalNumber.length)) continue;
    if (type.pattern.test(nationalNumber)) return true;
  }
  return false;
}

/** isValidNumber: the types where the metadata has them, else the general pattern alone. */
function isValidIn(plan: CompiledPlan, nationalNumber: string): boolean {
  return plan.hasTypes ? hasType(plan, nationalNumber) : plan.general.test(nationalNumber);
}

const e164 = /^\+\d+$/;

/**
 * Whether the national prefix pattern would change the number (extractNationalNumberFromPossiblyIncompleteNumber):
 * it matches something, or captures a group (a transform rule or a carrier code). An empty match changes nothing.
 */
function stripsPrefix(prefix: RegExp, nationalNumber: string): boolean {
  const match = prefix.exec(nationalNumber);
  if (match === null) return false;
  const groups: (string | undefined)[] = match.slice(1);
  return match[0] !== '' || groups.some((group) => group !== undefined);
}

/**
 * Whether an E.164 number of `callingCode` is valid, as libphonenumber-js's isValid() says, with the same metadata;
 * undefined when the text is another spelling or needs what this check does not do (the library then decides).
 */
export type PhoneCheck = (text: string) => boolean | undefined;

export function compilePhoneCheck(metadataJson: MetadataJson, callingCode: string): PhoneCheck {
  const metadata = new Metadata(metadataJson) as unknown as PlanMetadata;
  const regions = metadata.getCountryCodesForCallingCode(callingCode);
  if (regions === undefined || regions.length === 0) return () => undefined;
  // What the parser strips first: selected by calling code, the plan of the code's main region.
  metadata.selectNumberingPlan(callingCode);
  const mainPlan = compilePlan(metadata.numberingPlan);
  const prefixText = metadata.numberingPlan.nationalPrefixForParsing();
  const nationalPrefix =
    typeof prefixText === 'string' && prefixText !== '' ? new RegExp(`^(?:${prefixText})`) : undefined;
  const plans = regions.map((region) => {
    metadata.selectNumberingPlan(region);
    return compilePlan(metadata.numberingPlan);
  });
  const start = `+${callingCode}`;
  return (text) => {
    if (!text.startsWith(start) || !e164.test(text)) return undefined;
    const nationalNumber = text.slice(start.length);
    if (nationalNumber.length < minNationalLength || nationalNumber.length > maxNationalLength) return undefined;
    if (nationalPrefix !== undefined && stripsPrefix(nationalPrefix, nationalNumber)) return undefined;
    // getCountryByCallingCode: the only region, or the first whose leading digits or number types take the number.
    let plan: CompiledPlan | undefined = plans.length === 1 ? plans[0] : undefined;
    if (plan === undefined) {
      for (const candidate of plans) {
        const takes =
          candidate.leadingDigits !== undefined
            ? candidate.leadingDigits.test(nationalNumber)
            : hasType(candidate, nationalNumber);
        if (takes) {
          plan = candidate;
          break;
        }
      }
    }
    return isValidIn(plan ?? mainPlan, nationalNumber);
  };
}
