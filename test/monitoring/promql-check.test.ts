import { Duration } from 'cdk8s';
import { isPrometheusDuration, prometheusDuration } from '../../src/monitoring/prometheus-duration';
import { escapeRegex, promqlSyntaxError } from '../../src/monitoring/promql-check';

describe('promqlSyntaxError (Prometheus\'s lezer grammar)', () => {
  test('valid expressions parse', () => {
    expect(promqlSyntaxError('argocd_app_info{sync_status!="Synced"} == 1')).toBeUndefined();
    expect(promqlSyntaxError('(a == 1) * on (project) group_left (team) b{x="y"} or on (project) (a == 1)')).toBeUndefined();
  });

  test('an error reports line, column and the text from there', () => {
    expect(promqlSyntaxError('increase(argocd_app_sync_total{phase="Error"}[1h] > 3')).toEqual({ line: 1, column: 54, near: 'end of expression' });
    expect(promqlSyntaxError('sum by (job) (rate(x[5m])\n  > 0.1 )) + 1')).toEqual({ line: 2, column: 10, near: '") + 1"' });
    expect(promqlSyntaxError('')).toEqual({ line: 1, column: 1, near: 'end of expression' });
  });

  test('regex literals are escaped for a double-quoted PromQL string', () => {
    expect(escapeRegex('payments.api')).toBe('payments\\\\.api');
    expect(promqlSyntaxError(`x{name!~"${escapeRegex('a.b')}|c"}`)).toBeUndefined();
  });
});

describe('Prometheus durations', () => {
  test.each([
    [Duration.minutes(15), '15m'],
    [Duration.minutes(90), '1h30m'],
    [Duration.seconds(0), '0s'],
    [Duration.millis(1500), '1s500ms'],
    [Duration.days(2), '2d'],
  ])('%s is %s', (duration, text) => {
    expect(prometheusDuration('x', 'for', duration)).toBe(text);
    expect(isPrometheusDuration(text)).toBe(true);
  });

  test('invalid strings', () => {
    for (const bad of ['', '15', '15x', '1m1h', ' 5m', '1.5h']) expect(isPrometheusDuration(bad)).toBe(false);
  });
});
