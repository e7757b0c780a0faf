import { longestCronGapMinutes } from '../../src/dr/cron-interval';

describe('longestCronGapMinutes', () => {
  test.each([
    ['0 2 * * *', 24 * 60],
    ['*/15 * * * *', 15],
    ['30 1 * * 0', 7 * 24 * 60],
    ['30 2 * * MON-FRI', 3 * 24 * 60],
    ['0 1 1 * *', 31 * 24 * 60],
    ['0 */6 * * *', 6 * 60],
    ['0 4 1,15 * 1', 7 * 24 * 60],
    ['0 3 * * 7', 7 * 24 * 60],
  ])('%s runs at most %d minutes apart', (expression, minutes) => {
    expect(longestCronGapMinutes(expression)).toBe(minutes);
  });

  test.each(['0 0 30 2 *', '@daily', '0 2 * *', '61 * * * *', '0 2 * * */0'])('%s is not sized', expression => {
    expect(longestCronGapMinutes(expression)).toBeUndefined();
  });
});
