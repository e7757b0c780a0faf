/**
 * The longest gap, in minutes, between two consecutive runs of a standard five-field cron
 * expression (minute hour day-of-month month day-of-week, as Kubernetes CronJobs read it),
 * found by walking two years of runs. Used to size the "no successful backup" alert to
 * the schedule. Returns undefined for an expression this parser does not understand or that runs
 * fewer than twice in two years.
 */
export function longestCronGapMinutes(expression: string): number | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const specs: Array<[number, number, Record<string, number>?]> = [
    [0, 59], [0, 23], [1, 31], [1, 12, MONTHS], [0, 7, DAYS],
  ];
  const sets: Array<Set<number>> = [];
  for (let i = 0; i < 5; i++) {
    const set = parseField(fields[i], specs[i][0], specs[i][1], specs[i][2]);
    if (!set) return undefined;
    sets.push(set);
  }
  const [minutes, hours, days, months, weekdays] = sets;
  if (weekdays.has(7)) weekdays.add(0);
  const dayRestricted = fields[2] !== '*' && !fields[2].startsWith('*/');
  const weekdayRestricted = fields[4] !== '*' && !fields[4].startsWith('*/');

  // Day by day, then each matching hour and minute in order: the same runs, in the same order, as a
  // walk minute by minute (UTC days are 1440 minutes), without a Date per minute.
  const start = Date.UTC(2025, 0, 1);
  const end = Date.UTC(2027, 0, 1);
  const hourList = [...hours].sort((a, b) => a - b);
  const minuteList = [...minutes].sort((a, b) => a - b);
  let previous: number | undefined;
  let longest = 0;
  for (let day = start; day < end; day += 86_400_000) {
    const d = new Date(day);
    if (!months.has(d.getUTCMonth() + 1)) continue;
    const dayMatch = days.has(d.getUTCDate());
    const weekdayMatch = weekdays.has(d.getUTCDay());
    // cron: when both day fields are restricted, either may match.
    const matches = dayRestricted && weekdayRestricted ? dayMatch || weekdayMatch : dayMatch && weekdayMatch;
    if (!matches) continue;
    for (const hour of hourList) {
      for (const minute of minuteList) {
        const t = day + hour * 3_600_000 + minute * 60_000;
        if (previous !== undefined) longest = Math.max(longest, (t - previous) / 60_000);
        previous = t;
      }
    }
  }
  return longest > 0 ? longest : undefined;
}

const MONTHS: Record<string, number> = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };
const DAYS: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

function parseField(field: string, min: number, max: number, names?: Record<string, number>): Set<number> | undefined {
  const out = new Set<number>();
  const value = (token: string): number | undefined => {
    const named = names?.[token.toUpperCase()];
    if (named !== undefined) return named;
    return /^\d+$/.test(token) ? Number(token) : undefined;
  };
  for (const part of field.split(',')) {
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) return undefined;
    const step = match[2] === undefined ? 1 : Number(match[2]);
    if (step < 1) return undefined;
    let from = min; let to = max;
    if (match[1] !== '*') {
      const [a, b] = match[1].split('-');
      const lo = value(a);
      const hi = b === undefined ? (match[2] === undefined ? lo : max) : value(b);
      if (lo === undefined || hi === undefined || lo < min || hi > max || lo > hi) return undefined;
      from = lo; to = hi;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}
