import { Duration } from 'cdk8s';
import { goDuration } from '../../src/util/duration';

describe('goDuration', () => {
  test('renders Go duration strings as Argo CD and external-secrets parse them', () => {
    expect(goDuration(Duration.seconds(5))).toBe('5s');
    expect(goDuration(Duration.minutes(3))).toBe('3m');
    expect(goDuration(Duration.minutes(90))).toBe('1h30m');
    expect(goDuration(Duration.hours(63))).toBe('63h');
    expect(goDuration(Duration.seconds(3725))).toBe('1h2m5s');
    expect(goDuration(Duration.seconds(0))).toBe('0s');
  });
});
