import { Duration } from 'cdk8s';
import { ApplicationSource, SyncWindowKind, TeamApplication, TeamProject } from '../../src';
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

  test('a macro Argo CD does not accept is refused, with the window\'s index', () => {
    const { app, platform } = newPlatform();
    new TeamProject(platform, 'Payments', {
      team: 'payments',
      sourceRepos: ['git@github.com:civica/gitops-config.git'],
      syncWindows: [{ kind: SyncWindowKind.DENY, schedule: '@reboot', duration: Duration.hours(2) }],
    });
    expect(() => app.render()).toThrow('[argocd/Payments] syncWindows[0].schedule: must be a five-field cron expression (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6) such as "0 22 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly (got "@reboot")');
  });

  test('GIVEN bad windows in two teams THEN every one is reported once, each with its team, index and field', () => {
    const { app, platform } = newPlatform();
    const ok = { kind: SyncWindowKind.DENY, schedule: '0 22 * * *', duration: Duration.hours(2) };
    new TeamProject(platform, 'Payments', {
      team: 'payments',
      sourceRepos: ['git@github.com:civica/gitops-config.git'],
      syncWindows: [ok, { ...ok, timeZone: 'CET+1' }],
    });
    new TeamProject(platform, 'Orders', {
      team: 'orders',
      sourceRepos: ['git@github.com:civica/gitops-config.git'],
      syncWindows: [{ ...ok, timeZone: 'Europe/Londn', environments: ['prd'] }],
    });
    let message = '';
    try {
      app.render();
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split('\n').slice(1).map(l => l.trim()).filter(l => l.includes('syncWindows'));
    expect(lines).toEqual([
      '[argocd/Payments] syncWindows[1].timeZone: must be an IANA time zone such as Europe/London or Etc/UTC; no zone of this name exists (got "CET+1")',
      '[argocd/Orders] syncWindows[0].environments[0]: no such environment; the platform has dev (got "prd")',
      expect.stringMatching(/^\[argocd\/Orders\] syncWindows\[0\]\.timeZone: .*\(got "Europe\/Londn"\)/),
    ]);
  });

  test('NaN is caught by our validators and shown as NaN, for a sync window and for a retry backoff', () => {
    const { app, platform } = newPlatform();
    const project = new TeamProject(platform, 'Payments', {
      team: 'payments',
      sourceRepos: ['git@github.com:civica/gitops-config.git'],
      syncWindows: [{ kind: SyncWindowKind.DENY, schedule: '0 22 * * *', duration: Duration.minutes(NaN) }],
    });
    expect(() => app.render()).toThrow('[argocd/Payments] syncWindows[0].duration: must be a whole number of minutes, at least one (got NaN)');
    expect(() => new TeamApplication(project, 'Api', {
      project, appName: 'api', source: ApplicationSource.fromDirectory({ repoUrl: 'git@github.com:civica/gitops-config.git' }), retry: { backoffDuration: Duration.seconds(NaN) },
    })).toThrow('[argocd/Payments/Api] retry.backoffDuration: must be a Duration of whole milliseconds (Duration.seconds(10)) (got NaN)');
  });
});
