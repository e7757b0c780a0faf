import { App } from 'cdk8s';
import { ArgoPlatform, TeamProject } from '../../src';
import { didYouMean, isQualifiedKey, normalizeCronSchedule, productionNameWord, timeZoneReason } from '../../src/util/checks';
import { credentialShapeReason, redactUrlSecrets, showValue } from '../../src/util/errors';
import { markdownCell, markdownCode, markdownText } from '../../src/util/markdown';
import { lineTextReason, quoteForError } from '../../src/util/text';
import { gitUrlReason, isDnsLabel, isGuid, sourceRepositoryReason } from '../../src/util/validation';

/**
 * Every input is validated in linear time: a 1 MB value is refused in well under a second (a
 * quadratic regex made a 64 KB group ID take 3 s and 1 MB more than a minute).
 */

const MB = 1024 * 1024;
const SHAPES: Array<[string, string]> = [
  ['letters', 'a'.repeat(MB)],
  ['letters then a bad character', `${'a'.repeat(MB)}!`],
  ['a scheme-like run', `${'a'.repeat(MB)}:/`],
  ['a URL with a huge user info', `https://${'a'.repeat(MB)}`],
  ['spaces', `a${' '.repeat(MB)}b`],
  ['backslashes and pipes', '\\|'.repeat(MB / 2)],
  ['dashes', `a${'-'.repeat(MB)}`],
  ['dots', 'a.'.repeat(MB / 2)],
];

function timed(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  try {
    fn();
  } catch {
    // refusals are the expected outcome
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe('linear-time validation', () => {
  // Thresholds with room for a loaded machine: a quadratic check takes minutes on 1 MB, not seconds.
  test.each(SHAPES)('%s: every checker answers within 2 s', (_name, value) => {
    const checks: Array<[string, () => unknown]> = [
      ['quoteForError', () => quoteForError(value)], ['showValue', () => showValue(value)], ['redactUrlSecrets', () => redactUrlSecrets(value)],
      ['credentialShapeReason', () => credentialShapeReason(value)], ['lineTextReason', () => lineTextReason(value)],
      ['isDnsLabel', () => isDnsLabel(value)], ['isGuid', () => isGuid(value)], ['gitUrlReason', () => gitUrlReason(value)],
      ['sourceRepositoryReason', () => sourceRepositoryReason(value)], ['isQualifiedKey', () => isQualifiedKey(value)],
      ['normalizeCronSchedule', () => normalizeCronSchedule(value)], ['timeZoneReason', () => timeZoneReason(value)],
      ['productionNameWord', () => productionNameWord(value)], ['didYouMean', () => didYouMean(value, ['prod', 'staging'])],
      ['markdownText', () => markdownText(value)], ['markdownCode', () => markdownCode(value)], ['markdownCell', () => markdownCell(value)],
    ];
    for (const [name, check] of checks) expect({ name, fast: Math.min(timed(check), timed(check)) < 2000 }).toEqual({ name, fast: true });
  });

  test('a 1 MB group ID is refused in well under a second, through the public API', () => {
    const group = `${'a'.repeat(MB)}!`;
    const platform = () => new ArgoPlatform(new App(), 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }] });
    const p1 = platform();
    expect(Math.min(timed(() => p1.rbac.bind(group, 'role:admin')), timed(() => p1.rbac.bind(group, 'role:admin')))).toBeLessThan(1000);
    expect(() => p1.rbac.bind(group, 'role:admin')).toThrow(/^\[argocd\] rbac\.bind\(subject\): must not contain the glob character "!"/);
    const p2 = platform();
    expect(timed(() => new TeamProject(p2, 'T', { team: 'payments', sourceRepos: ['https://github.com/civica/a.git'], developerGroups: [group] }))).toBeLessThan(1000);
  });
});
