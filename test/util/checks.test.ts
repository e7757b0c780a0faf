import { RepositoryType, SecretSource } from '../../src';
import { assertAcknowledgementReason, assertCronSchedule, assertEnumMember, assertEnvironmentSubset, assertLabelMap, assertNoLiteralSecret, CRON_MACROS, normalizeCronSchedule } from '../../src/util/checks';

describe('shared checks (util/checks)', () => {
  test('label maps: keys, values, and keys the platform sets', () => {
    expect(assertLabelMap('x', 'labels', { 'tier': 'web', 'example.org/owner': 'a_b.c' })).toEqual({ 'tier': 'web', 'example.org/owner': 'a_b.c' });
    expect(assertLabelMap('x', 'labels', undefined)).toEqual({});
    expect(() => assertLabelMap('x', 'labels', { 'Bad Key': 'v' })).toThrow('[x] labels.Bad Key: must be a Kubernetes label key ([prefix/]name): the name is letters, digits, "-", "_" and ".", starting and ending with a letter or digit (got "Bad Key")');
    expect(() => assertLabelMap('x', 'labels', { k: 'a'.repeat(64) })).toThrow(`[x] labels.k: is 64 characters, over Kubernetes' limit of 63 for a label value (got "${'a'.repeat(64)}")`);
    expect(() => assertLabelMap('x', 'labels', { 'argocd-platform/team': 'x' }, ['argocd-platform/team'])).toThrow('[x] labels.argocd-platform/team: is set by the platform (got "x")');
  });

  test('a subset of the environments', () => {
    expect(assertEnvironmentSubset('x', 'environments', ['prod'], ['dev', 'prod'])).toEqual(['prod']);
    expect(() => assertEnvironmentSubset('x', 'environments', [], ['dev'])).toThrow('[x] environments: give at least one environment, or leave it out for every environment (got [])');
    expect(() => assertEnvironmentSubset('x', 'environments', ['qa'], ['dev', 'prod'])).toThrow('[x] environments: no such environment; the platform has dev, prod (got "qa")');
    expect(() => assertEnvironmentSubset('x', 'environments', ['dev', 'dev'], ['dev'])).toThrow('[x] environments: must not repeat an environment (got ["dev","dev"])');
  });

  test('literal secrets are refused without echoing them', () => {
    const how = 'a SecretSource';
    expect(() => assertNoLiteralSecret('x', 'token', 'hunter22', SecretSource.isSecretSource, how))
      .toThrow('[x] token: must be a SecretSource; a literal credential would be committed to Git (got "<redacted 8-character literal>")');
    expect(() => assertNoLiteralSecret('x', 'token', SecretSource.fromAzureKeyVault({ secretName: 't' }), SecretSource.isSecretSource, how)).not.toThrow();
    expect(() => assertNoLiteralSecret('x', 'token', undefined, SecretSource.isSecretSource, how)).not.toThrow();
  });

  test('enum membership', () => {
    expect(assertEnumMember('x', 'type', RepositoryType.HELM, RepositoryType)).toBe('helm');
    expect(() => assertEnumMember('x', 'type', 'svn' as RepositoryType, RepositoryType)).toThrow('[x] type: must be one of git, helm, oci (got "svn")');
  });

  test('acknowledgement reasons: one line, at least ten characters', () => {
    expect(assertAcknowledgementReason('x', 'reason', 'canary with auto rollback', 'why')).toBe('canary with auto rollback');
    expect(() => assertAcknowledgementReason('x', 'reason', 'because', 'why this is fine')).toThrow('[x] reason: explain in at least 10 characters (one line) why this is fine (got "because")');
    expect(() => assertAcknowledgementReason('x', 'reason', 'two\nlines of text', 'why')).toThrow('[x] reason: explain in at least 10 characters');
  });

  test('cron schedules: five fields or the macros Argo CD accepts', () => {
    for (const macro of ['@weekly', '@daily', '@hourly', '@monthly', '@yearly', '@annually', '@midnight']) {
      expect(assertCronSchedule('x', 'schedule', macro)).toBe(macro);
    }
    expect(CRON_MACROS).toHaveLength(7);
    expect(normalizeCronSchedule('  0   22 * * MON-FRI ')).toBe('0 22 * * MON-FRI');
    expect(normalizeCronSchedule('@every 1h')).toBeUndefined();
    expect(normalizeCronSchedule('@fortnightly')).toBeUndefined();
    expect(() => assertCronSchedule('x', 'schedule', '@reboot')).toThrow(
      '[x] schedule: must be a five-field cron expression (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6) such as "0 22 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly (got "@reboot")');
  });
});
