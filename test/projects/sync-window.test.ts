import { Duration } from 'cdk8s';
import { SyncWindowKind, TeamProject } from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

describe('sync windows', () => {
  test('cron macros Argo CD accepts (@weekly, @daily ...) are rendered as given', () => {
    const { app, platform } = newPlatform();
    new TeamProject(platform, 'Payments', {
      team: 'payments',
      sourceRepos: ['git@github.com:civica/gitops-config.git'],
      syncWindows: [
        { kind: SyncWindowKind.DENY, schedule: '@weekly', duration: Duration.hours(2) },
        { kind: SyncWindowKind.ALLOW, schedule: ' @daily ', duration: Duration.hours(1) },
      ],
    });
    const windows = renderParsed(app)['argocd/appproject-payments.yaml'].spec.syncWindows;
    expect(windows.map((w: any) => w.schedule)).toEqual(['@weekly', '@daily']);
  });

  test('a macro Argo CD does not accept is refused', () => {
    const { platform } = newPlatform();
    expect(() => new TeamProject(platform, 'Payments', {
      team: 'payments',
      sourceRepos: ['git@github.com:civica/gitops-config.git'],
      syncWindows: [{ kind: SyncWindowKind.DENY, schedule: '@reboot', duration: Duration.hours(2) }],
    })).toThrow('[argocd/Payments] syncWindows.schedule: must be a five-field cron expression (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6) such as "0 22 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly (got "@reboot")');
  });
});
