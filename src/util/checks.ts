import { IConstruct } from 'constructs';
import { labelKeyReason, labelValueReason } from './kube-names';
import { failSecret } from './redaction';
import { fail, unsafeTokenReason } from './validation';

/**
 * Checks that several constructs need, in one place, so the same input is accepted or refused
 * with the same message everywhere: label maps, subsets of the platform's environments, literal
 * secrets, enum membership, acknowledgement reasons and cron schedules.
 */

/** Whether a key is a Kubernetes label or annotation key (`[prefix/]name`, name at most 63, prefix at most 253). */
export function isQualifiedKey(key: string): boolean {
  return labelKeyReason(key) === undefined;
}

/**
 * Checks a map of Kubernetes labels: keys are label keys, values label values (at most 63 letters,
 * digits, `-`, `_` and `.`), and keys the library sets itself are refused.
 * @param reserved label keys set by the library (refused with "is set by the platform")
 */
export function assertLabelMap(
  scope: IConstruct | string, field: string, labels: { [key: string]: string } | undefined, reserved: string[] = [],
): { [key: string]: string } {
  if (labels === undefined) return {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) fail(scope, field, labels, 'must be a map of label keys to values');
  for (const [key, value] of Object.entries(labels)) {
    const keyReason = labelKeyReason(key);
    if (keyReason) fail(scope, `${field}.${key}`, key, keyReason);
    if (reserved.includes(key)) fail(scope, `${field}.${key}`, value, 'is set by the platform');
    assertLabelValue(scope, `${field}.${key}`, value);
  }
  return labels;
}

/** Whether a value is a Kubernetes label value: empty, or at most 63 letters, digits, `-`, `_` and `.`, alphanumeric at both ends. */
export function isLabelValue(value: string): boolean {
  return labelValueReason(value) === undefined;
}

/** Fails unless the value is a Kubernetes label value; returns it. */
export function assertLabelValue(scope: IConstruct | string, field: string, value: string): string {
  const reason = labelValueReason(value);
  if (reason) fail(scope, field, value, reason);
  return value;
}

/**
 * Checks a list of environment names against the ones available: non-empty, known, no repeats.
 * @param known the environments to choose from, in the platform's order
 * @returns the list, in the order given
 */
export function assertEnvironmentSubset(scope: IConstruct | string, field: string, environments: string[], known: string[]): string[] {
  if (!Array.isArray(environments) || environments.length === 0) fail(scope, field, environments, 'give at least one environment, or leave it out for every environment');
  for (const env of environments) {
    if (!known.includes(env)) fail(scope, field, env, `no such environment; the platform has ${known.join(', ')}`);
  }
  if (new Set(environments).size !== environments.length) fail(scope, field, environments, 'must not repeat an environment');
  return environments;
}

/**
 * Refuses a literal where a secret source is required, without echoing the value.
 * @param isSource whether the value is a secret source (the caller's own `isSecretSource`)
 * @param how what to give instead, e.g. `a SecretSource (SecretSource.fromAzureKeyVault(...) or fromSealedSecret(...))`
 */
export function assertNoLiteralSecret(
  scope: IConstruct | string, field: string, value: unknown, isSource: (v: unknown) => boolean, how: string,
): void {
  if (value === undefined || isSource(value)) return;
  failSecret(scope, field, value, `must be ${how}; a literal credential would be committed to Git`);
}

/** Checks that a value is one of an enum's values (a string enum); returns it. */
export function assertEnumMember<T extends string>(scope: IConstruct | string, field: string, value: T, enumObject: { [key: string]: string }): T {
  const values = Object.values(enumObject);
  if (!values.includes(value)) fail(scope, field, value, `must be one of ${values.join(', ')}`);
  return value;
}

/** The shortest acknowledgement reason: enough to say why, not a placeholder. */
export const MIN_REASON_LENGTH = 10;

/**
 * Checks the reason of an explicit, reviewed exception (production auto-sync, a refused guardrail
 * acknowledged ...): one line of at least ten characters.
 * @param what what the reason must explain, e.g. `why this application may sync itself in production`
 * @returns the reason, trimmed
 */
export function assertAcknowledgementReason(scope: IConstruct | string, field: string, reason: string, what: string): string {
  const problem = acknowledgementReasonProblem(reason, what);
  if (problem) fail(scope, field, reason, problem);
  return reason.trim();
}

/**
 * Why a reason for an exception is not acceptable (fewer than 10 characters, or not one safe line),
 * or undefined; `what` says what the reason must explain.
 */
export function acknowledgementReasonProblem(reason: unknown, what: string): string | undefined {
  return typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH || unsafeTokenReason(reason)
    ? `explain in at least ${MIN_REASON_LENGTH} characters (one line) ${what}` : undefined;
}

/** The cron macros Argo CD's sync windows accept (robfig/cron descriptors). */
export const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Five cron fields: range and the names allowed. */
const CRON_FIELDS: Array<{ min: number; max: number; names?: string[] }> = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** One standard cron field: `*`, `?` (day fields), numbers or names, ranges, lists and steps, within range. */
function cronFieldValid(field: string, spec: { min: number; max: number; names?: string[] }): boolean {
  const value = (token: string): number | undefined => {
    if (/^\d+$/.test(token)) return Number(token);
    const index = spec.names?.indexOf(token.toUpperCase()) ?? -1;
    return index >= 0 ? index + spec.min : undefined;
  };
  return field.split(',').every(part => {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return false;
    if (range === '*' || range === '?') return true;
    const [from, to, more] = range.split('-');
    if (more !== undefined) return false;
    const a = value(from);
    const b = to === undefined ? a : value(to);
    return a !== undefined && b !== undefined && a >= spec.min && b <= spec.max && a <= b;
  });
}

/**
 * Normalizes a sync-window schedule as Argo CD reads it (`cron.ParseStandard`): five fields, or one
 * of the macros `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`.
 * Returns the schedule with single spaces, or undefined when it is not one.
 */
export function normalizeCronSchedule(schedule: string): string | undefined {
  if (typeof schedule !== 'string') return undefined;
  const trimmed = schedule.trim();
  if (CRON_MACROS.includes(trimmed)) return trimmed;
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5 || !fields.every((f, i) => cronFieldValid(f, CRON_FIELDS[i]))) return undefined;
  return fields.join(' ');
}

/** Checks a sync-window schedule and returns it normalized. */
export function assertCronSchedule(scope: IConstruct | string, field: string, schedule: string): string {
  const normalized = normalizeCronSchedule(schedule);
  if (normalized === undefined) fail(scope, field, schedule, cronScheduleReason(schedule)!);
  return normalized;
}

/** Why a schedule is not a cron expression Argo CD and Kubernetes accept; undefined when it is one. */
export function cronScheduleReason(schedule: string): string | undefined {
  if (normalizeCronSchedule(schedule) !== undefined) return undefined;
  return `must be a five-field cron expression (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6) such as "0 22 * * *", or one of ${CRON_MACROS.join(', ')}`;
}

/** Levenshtein distance, for "did you mean" (inputs are short names; O(a*b)). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * `did you mean "x"? ` for the closest known name within a third of its length (at least 2 edits),
 * or '' when none is close. Names longer than 253 characters are never compared.
 */
export function didYouMean(value: string, known: string[]): string {
  if (typeof value !== 'string' || value.length > 253) return '';
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    if (name.length > 253) continue;
    const distance = editDistance(value.toLowerCase(), name.toLowerCase());
    if (distance <= Math.max(2, Math.floor(name.length / 3)) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best ? `did you mean "${best.name}"? ` : '';
}

/** Words that name a production environment, alone or as a part of a name (`prod`, `prod-eu`, `eu-live`). */
export const PRODUCTION_NAME_WORDS = ['prod', 'production', 'prd', 'live', 'prod1', 'prod2'];

/**
 * The production word in an environment name (split at `-`, `_` and `.`), or undefined. An
 * environment so named must say `production: true`, or `production: false` explicitly: which
 * environments are production is one platform fact, and `lint` (which sees only names) must agree.
 */
export function productionNameWord(name: string): string | undefined {
  if (typeof name !== 'string' || name.length > 253) return undefined;
  return name.toLowerCase().split(/[-_.]/).find(part => PRODUCTION_NAME_WORDS.includes(part));
}

let ianaZones: Set<string> | undefined;

/**
 * Why a value is not an IANA time zone name that Go's `time.LoadLocation` (Argo CD, Kubernetes
 * CronJobs) loads; undefined when it is one. Checked against the runtime's zone database
 * (`Intl.supportedValuesOf('timeZone')`, plus the aliases `Intl.DateTimeFormat` knows such as
 * `Etc/UTC` and `US/Eastern`), with exact case: Go reads the zone file by name.
 */
export function timeZoneReason(zone: string): string | undefined {
  const example = 'must be an IANA time zone such as Europe/London or Etc/UTC';
  if (typeof zone !== 'string' || zone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return example;
  ianaZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (ianaZones.has(zone)) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return `${example}; no zone of this name exists`;
  }
  const caseless = [...ianaZones].find(z => z.toLowerCase() === zone.toLowerCase());
  if (caseless && caseless !== zone) return `${example}; zone names are case-sensitive: did you mean "${caseless}"?`;
  // An alias (US/Eastern, Etc/UTC): every part starts with a capital letter, as in the tz database.
  if (!zone.split('/').every(part => /^[A-Z]/.test(part))) return `${example}; zone names are case-sensitive: did you mean "${resolved}"?`;
  return undefined;
}
