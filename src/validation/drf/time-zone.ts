// Django's reading of a date-time in the tenant's TIME_ZONE (settings.TIME_ZONE with USE_TZ): a time without an
// offset is made aware there (pytz's localize with is_dst=None, which refuses a wall time that a DST change skips
// or repeats), and every date-time is rendered there. Offsets come from the IANA database through Intl, within the
// window of years that pytz reads.
import type { DateTimeParts } from './parse-values.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Tells whether Intl knows a time zone name (`UTC`, `Australia/Melbourne`). */
export function isKnownTimeZone(zone: string): boolean {
  // UTC, the default, needs no Intl formatter (building the first one loads the time zone data).
  if (zone === 'UTC') return true;
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

// pytz reads only the 32-bit part of the zone files: transitions from -2^31 s (1901-12-13T20:45:52Z) to 2^31-1 s
// (2038-01-19T03:14:07Z). Before that it keeps the zone's first offset (its local mean time), after that the offset
// in force at the end, with no daylight-saving rules.
const firstPytzInstant = -(2 ** 31) * 1000;
const lastPytzInstant = (2 ** 31 - 1) * 1000;
const earliestInstant = Date.UTC(1000, 0, 1);

/** The zone's offset from UTC at an instant (ms since the epoch), in seconds, rounded to whole minutes, as pytz. */
export function offsetSecondsAt(zone: string, instant: number): number {
  if (zone === 'UTC') return 0;
  if (instant < firstPytzInstant) return intlOffsetSeconds(zone, earliestInstant);
  return intlOffsetSeconds(zone, Math.min(instant, lastPytzInstant));
}

/** The offset Intl (the full IANA history) gives at an instant, rounded to whole minutes. */
function intlOffsetSeconds(zone: string, instant: number): number {
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of formatterOf(zone).formatToParts(new Date(instant))) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bc ? 1 - (fields['year'] ?? 0) : (fields['year'] ?? 0);
  const wall = new Date(0);
  wall.setUTCFullYear(year, (fields['month'] ?? 1) - 1, fields['day'] ?? 1);
  wall.setUTCHours(fields['hour'] ?? 0, fields['minute'] ?? 0, fields['second'] ?? 0, 0);
  // pytz keeps offsets in whole minutes (a local mean time of +9:39:52 is +9:40).
  return Math.round((wall.getTime() - Math.floor(instant / 1000) * 1000) / 60_000) * 60;
}

/** The parts' wall time as if it were UTC, in ms since the epoch (years 1-99 kept as they are). */
export function wallMillis(parts: DateTimeParts): number {
  const date = new Date(0);
  date.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  date.setUTCHours(parts.hour, parts.minute, parts.second, Math.floor(parts.microsecond / 1000));
  return date.getTime();
}

/**
 * The instant of a wall time in a zone: one instant, or `skipped` (a DST change jumps over it) or `repeated` (it
 * happens twice), which pytz refuses with is_dst=None.
 */
export function instantOfWallTime(zone: string, wall: number): number | 'skipped' | 'repeated' {
  if (zone === 'UTC') return wall;
  const day = 86_400_000;
  const offsets = new Set([offsetSecondsAt(zone, wall - day), offsetSecondsAt(zone, wall + day)]);
  const instants: number[] = [];
  for (const offset of offsets) {
    const instant = wall - offset * 1000;
    if (offsetSecondsAt(zone, instant) === offset) instants.push(instant);
  }
  if (instants.length === 0) return 'skipped';
  if (instants.length > 1) return 'repeated';
  return instants[0] as number;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * An instant rendered as DRF renders a date-time in the zone (isoformat; `Z` for UTC), with the microseconds given,
 * or undefined when the zone's wall time leaves years 1-9999 (DRF's `overflow`).
 */
export function renderInZone(zone: string, instant: number, microsecond: number): string | undefined {
  const offset = offsetSecondsAt(zone, instant);
  const local = new Date(Math.floor(instant / 1000) * 1000 + offset * 1000);
  const year = local.getUTCFullYear();
  if (year < 1 || year > 9999) return undefined;
  const fraction = microsecond === 0 ? '' : `.${pad(microsecond, 6)}`;
  const text =
    `${pad(year, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}`;
  // DRF's to_representation writes any +00:00 as Z (London in winter, Etc/UTC).
  if (offset === 0) return `${text}Z`;
  const sign = offset < 0 ? '-' : '+';
  const magnitude = Math.abs(offset);
  const seconds = magnitude % 60;
  const zoneText = `${sign}${pad(Math.floor(magnitude / 3600))}:${pad(Math.floor(magnitude / 60) % 60)}`;
  return text + zoneText + (seconds === 0 ? '' : `:${pad(seconds)}`);
}
