import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from '../util/validation';

/** A Prometheus duration as `model.ParseDuration` (Prometheus 2.x) accepts it: units y w d h m s ms, largest first. */
const PROMETHEUS_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/** Whether a string is a valid, non-empty Prometheus duration such as `15m` or `1h30m`. */
export function isPrometheusDuration(value: string): boolean {
  return typeof value === 'string' && value !== '' && PROMETHEUS_DURATION.test(value);
}

/**
 * A Duration as a Prometheus duration string (`1h30m`, `45s`, `500ms`). Whole milliseconds only;
 * zero is `0s`.
 */
export function prometheusDuration(scope: IConstruct | string, field: string, duration: Duration): string {
  if (!(duration instanceof Duration)) fail(scope, field, duration, 'must be a Duration (Duration.minutes(15))');
  const total = duration.toMilliseconds({ integral: false });
  if (!Number.isInteger(total) || total < 0) fail(scope, field, `${total}ms`, 'must be a whole, non-negative number of milliseconds');
  let rest = total;
  const parts: string[] = [];
  for (const [unit, ms] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as Array<[string, number]>) {
    const n = Math.floor(rest / ms);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * ms;
  }
  const out = parts.join('') || '0s';
  if (!isPrometheusDuration(out)) fail(scope, field, out, 'is not a Prometheus duration');
  return out;
}

const UNIT_WORDS: { [unit: string]: string } = { y: 'year', w: 'week', d: 'day', h: 'hour', m: 'minute', s: 'second', ms: 'millisecond' };

/** A Prometheus duration in words, for alert texts: `1h30m` is `1 hour 30 minutes`, `0s` is ``. */
export function durationInWords(prometheus: string): string {
  const words: string[] = [];
  for (const [, count, unit] of prometheus.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) {
    if (Number(count) === 0) continue;
    words.push(`${count} ${UNIT_WORDS[unit]}${Number(count) === 1 ? '' : 's'}`);
  }
  return words.join(' ');
}
