import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { AlertSeverity, ArgoAlerts, ClusterAuth, ArgoAlertsProps, ArgoComponent, ArgoInstallFlavour, ArgoMetricsSelector, ArgoPlatformProps, ArgoScaleProfile, ArgoScraping, PlatformCapability, SelfManagedArgo, SettingsConfigMap } from '../../src';
import { TEST_CA_DATA } from '../helpers/cluster-ca';
import { newPlatform } from '../helpers/platform-fixture';

const RUNBOOK = 'https://github.com/civica/gitops-config/blob/main/dist/argocd.runbook.md';

function build(props: ArgoAlertsProps = {}, platformProps: Partial<ArgoPlatformProps> = {}) {
  const { app, platform } = newPlatform(platformProps);
  const alerts = new ArgoAlerts(platform, 'Alerts', props);
  return { app, platform, alerts };
}

function rules(app: ReturnType<typeof build>['app']): any[] {
  const rule = parse(app.render()['argocd/prometheusrule-argocd-alerts.yaml']);
  return rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => ({ ...r, group: g.name })));
}

function alert(app: ReturnType<typeof build>['app'], name: string): any {
  return rules(app).find(r => r.alert === name);
}

function addTeam(platform: ReturnType<typeof build>['platform'], team: string, projectName: string) {
  const construct = new Construct(platform, `Team-${team}`);
  platform.teams.register(construct, { team, projectName, construct });
}

describe('ArgoAlerts', () => {
  test('renders the seed\'s three alerts on real metrics and the platform alerts, in two groups, each with severity, for and runbook link', () => {
    const { app, platform } = build();
    const all = rules(app);
    expect(all.map(r => [r.group, r.alert, r.for, r.labels.severity])).toEqual([
      ['argocd-applications', 'ArgoCDAppOutOfSync', '15m', 'warning'],
      ['argocd-applications', 'ArgoCDAppUnhealthy', '10m', 'critical'],
      ['argocd-applications', 'ArgoCDSyncFailed', undefined, 'critical'],
      ['argocd-components', 'ArgoCDSlowReconciliation', '15m', 'warning'],
      ['argocd-components', 'ArgoCDGitFetchFailing', '5m', 'warning'],
      ['argocd-components', 'ArgoCDGitLsRemoteFailing', '5m', 'warning'],
      ['argocd-components', 'ArgoCDRepoServerPendingRequests', '10m', 'warning'],
      ['argocd-components', 'ArgoCDRedisRequestsFailing', '10m', 'warning'],
      ['argocd-components', 'ArgoCDClusterResourceObjectsDropped', '5m', 'warning'],
      ['argocd-components', 'ArgoCDClusterConnectionError', '5m', 'critical'],
      ['argocd-components', 'ArgoCDNotificationDeliveryFailing', undefined, 'warning'],
      ['argocd-components', 'ArgoCDComponentDown', '5m', 'critical'],
      ['argocd-components', 'ArgoCDComponentAbsent', '5m', 'critical'],
      ['argocd-components', 'ArgoCDMetricsMissing', '15m', 'critical'],
    ]);
    for (const r of all) expect(r.annotations.runbook_url).toBe(`${RUNBOOK}#${r.alert.toLowerCase()}`);
    expect(platform.capabilities.has(PlatformCapability.ALERTS)).toBe(true);
  });

  test('expressions use the shared selector of the plain manifests (no SelfManagedArgo, no scraping given)', () => {
    const { app } = build();
    const ctrl = 'namespace="argocd", job="argocd-metrics"';
    const repo = 'namespace="argocd", job="argocd-repo-server"';
    expect(Object.fromEntries(rules(app).map(r => [r.alert, r.expr]))).toEqual({
      ArgoCDAppOutOfSync: `argocd_app_info{${ctrl}, sync_status!="Synced"} == 1`,
      ArgoCDAppUnhealthy: `argocd_app_info{${ctrl}, health_status!~"Healthy|Progressing"} == 1`,
      ArgoCDSyncFailed: `floor(sum by (namespace, name, project) (increase(argocd_app_sync_total{${ctrl}, phase=~"Failed|Error", dry_run!="true"}[1h]))) > 3`,
      ArgoCDSlowReconciliation: `histogram_quantile(0.95, sum by (namespace, le, dest_server) (rate(argocd_app_reconcile_bucket{${ctrl}}[10m]))) > 10`,
      ArgoCDGitFetchFailing: `floor(sum by (namespace, repo) (increase(argocd_git_fetch_fail_total{${repo}}[15m]))) > 2`,
      ArgoCDGitLsRemoteFailing: `floor(sum by (namespace, repo) (increase(argocd_git_lsremote_fail_total{${repo}}[15m]))) > 2`,
      ArgoCDRepoServerPendingRequests: `sum by (namespace, repo) (argocd_repo_pending_request_total{${repo}}) > 5`,
      ArgoCDRedisRequestsFailing: 'sum by (namespace, job) (rate(argocd_redis_request_total{namespace="argocd", job=~"argocd-metrics|argocd-repo-server|argocd-server-metrics", failed="true"}[5m])) / sum by (namespace, job) (rate(argocd_redis_request_total{namespace="argocd", job=~"argocd-metrics|argocd-repo-server|argocd-server-metrics"}[5m])) > 0.05',
      ArgoCDClusterResourceObjectsDropped: `argocd_cluster_api_resource_objects{${ctrl}} < 0.5 * max_over_time(argocd_cluster_api_resource_objects{${ctrl}}[30m])`,
      ArgoCDClusterConnectionError: `argocd_cluster_connection_status{${ctrl}} == 0`,
      ArgoCDNotificationDeliveryFailing: 'floor(sum by (namespace, service, trigger) (increase(argocd_notifications_deliveries_total{namespace="argocd", job="argocd-notifications-controller-metrics", succeeded="false"}[15m]))) > 0',
      ArgoCDComponentDown: 'up{namespace="argocd", job=~"argocd-applicationset-controller|argocd-metrics|argocd-notifications-controller-metrics|argocd-repo-server|argocd-server-metrics"} == 0',
      ArgoCDComponentAbsent: 'absent(up{namespace="argocd", job="argocd-metrics"}) or absent(up{namespace="argocd", job="argocd-server-metrics"}) or absent(up{namespace="argocd", job="argocd-repo-server"}) or absent(up{namespace="argocd", job="argocd-applicationset-controller"}) or absent(up{namespace="argocd", job="argocd-notifications-controller-metrics"})',
      ArgoCDMetricsMissing: `absent(argocd_app_info{${ctrl}})`,
    });
  });

  test('the selector follows ArgoScraping (chart flavour with SelfManagedArgo, Dex scraped) or an explicit selector', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    platform.settings.set(platform, SettingsConfigMap.ARGOCD_CM, 'dex.config', 'connectors: []\n');
    // Dex is single sign-on: the local admin is off (guardrail ARGO-ACC3).
    platform.settings.set(platform, SettingsConfigMap.ARGOCD_CM, 'admin.enabled', 'false');
    const scraping = new ArgoScraping(platform, 'Scraping', { dex: true });
    const alerts = new ArgoAlerts(platform, 'Alerts', { scraping });
    expect(alerts.selector).toBe(scraping.selector);
    const down = rules(app as any).find(r => r.alert === 'ArgoCDComponentDown');
    expect(down.expr).toContain('job=~"argocd-application-controller-metrics|argocd-applicationset-controller-metrics|argocd-dex-server|');

    const other = build({ selector: new ArgoMetricsSelector({ namespace: 'gitops', flavour: ArgoInstallFlavour.HELM_CHART, releaseName: 'cd' }) });
    expect(alert(other.app, 'ArgoCDAppOutOfSync').expr).toBe('argocd_app_info{namespace="gitops", job="cd-argocd-application-controller-metrics", sync_status!="Synced"} == 1');
    expect(other.alerts.selector.serviceOf(ArgoComponent.REPO_SERVER)).toBe('cd-argocd-repo-server-metrics');
  });

  test('per-application alerts carry the team of the project: one recorded info series per registered team, joined on project', () => {
    const { app, platform } = build();
    addTeam(platform, 'payments', 'payments-team');
    addTeam(platform, 'orders', 'orders-team');
    const all = rules(app);
    expect(all.filter(r => r.record)).toEqual([
      { group: 'argocd-applications', record: 'argocd_platform:project_team:info', expr: 'vector(1)', labels: { argocd_platform: 'argocd', project: 'orders-team', team: 'orders' } },
      { group: 'argocd-applications', record: 'argocd_platform:project_team:info', expr: 'vector(1)', labels: { argocd_platform: 'argocd', project: 'payments-team', team: 'payments' } },
    ]);
    const inner = 'argocd_app_info{namespace="argocd", job="argocd-metrics", sync_status!="Synced"} == 1';
    expect(alert(app, 'ArgoCDAppOutOfSync').expr).toBe(
      `(${inner}) * on (project) group_left (team) argocd_platform:project_team:info{argocd_platform="argocd"} or on (project) (${inner})`);
    expect(alert(app, 'ArgoCDSyncFailed').expr).toContain('group_left (team)');
    // Component alerts have no project: no join.
    expect(alert(app, 'ArgoCDComponentDown').expr).not.toContain('project_team');
  });

  test('descriptions name the alert\'s actual for, not the default; an alert that fires at once names no duration', () => {
    const { app } = build({
      appOutOfSync: { for: Duration.minutes(30) },
      appUnhealthy: { for: Duration.seconds(0) },
      slowReconciliation: { for: Duration.hours(1) },
      repoServerPendingRequests: { for: Duration.minutes(1) },
      redisRequestFailures: { for: Duration.minutes(90) },
      clusterConnectionErrors: { for: Duration.seconds(30) },
      componentDown: { for: Duration.minutes(2) },
      componentAbsent: { for: Duration.minutes(20) },
      metricsMissing: { for: Duration.hours(2) },
    });
    const description = (name: string) => alert(app, name).annotations.description;
    expect(alert(app, 'ArgoCDAppOutOfSync').for).toBe('30m');
    expect(description('ArgoCDAppOutOfSync')).toBe('Application {{ $labels.name }} of project {{ $labels.project }} has not matched Git for 30 minutes or more (sync status {{ $labels.sync_status }}, destination {{ $labels.dest_server }} namespace {{ $labels.dest_namespace }}).');
    expect(description('ArgoCDAppUnhealthy')).toBe('Application {{ $labels.name }} of project {{ $labels.project }} has been {{ $labels.health_status }} (neither Healthy nor Progressing), in namespace {{ $labels.dest_namespace }} of {{ $labels.dest_server }}.');
    expect(description('ArgoCDSlowReconciliation')).toBe('The 95th percentile of application reconciliation time for cluster {{ $labels.dest_server }} is {{ $value | humanizeDuration }} (above 10s) for 1 hour.');
    expect(description('ArgoCDRepoServerPendingRequests')).toBe('{{ $value | humanize }} requests for {{ $labels.repo }} wait in the repo-server (more than 5) for 1 minute.');
    expect(description('ArgoCDRedisRequestsFailing')).toBe('{{ $value | humanizePercentage }} of Redis requests from {{ $labels.job }} fail (more than 5%) for 1 hour 30 minutes; caching breaks and everything gets slower.');
    expect(description('ArgoCDClusterConnectionError')).toBe('The application controller has had no working connection to {{ $labels.server }} for 30 seconds; nothing is synced there and its status is stale.');
    expect(description('ArgoCDComponentDown')).toBe('Prometheus cannot scrape {{ $labels.job }} ({{ $labels.instance }}) for 2 minutes: the pod is down or not ready.');
    expect(description('ArgoCDComponentAbsent')).toBe('Prometheus has no target for {{ $labels.job }} in namespace {{ $labels.namespace }} for 20 minutes: the workload, its metrics Service or its ServiceMonitor is gone.');
    expect(description('ArgoCDMetricsMissing')).toBe('No argocd_app_info series from Argo CD in namespace {{ $labels.namespace }} for 2 hours: every application alert is blind.');
  });

  test('the team label name is configurable', () => {
    const { app, platform } = build({ teamLabel: 'owner' });
    addTeam(platform, 'payments', 'payments-team');
    expect(rules(app).find(r => r.record).labels).toEqual({ argocd_platform: 'argocd', project: 'payments-team', owner: 'payments' });
    expect(alert(app, 'ArgoCDAppUnhealthy').expr).toContain('group_left (owner)');
  });

  test('every knob: enabled, severity, for, threshold, ignored applications, labels; global labels and ignored applications', () => {
    const { app } = build({
      labels: { cluster: 'aks-prod' },
      ignoredApplications: ['sandbox'],
      appOutOfSync: { for: Duration.minutes(30), severity: AlertSeverity.INFO, ignoredApplications: ['payments.preview', 'sandbox'], labels: { page: 'false' } },
      syncFailed: { threshold: 5, for: Duration.minutes(2) },
      slowReconciliation: { threshold: 12.5 },
      redisRequestFailures: { threshold: 0.2 },
      notificationDeliveryFailures: { enabled: false },
      componentDown: { for: Duration.seconds(0) },
    });
    const outOfSync = alert(app, 'ArgoCDAppOutOfSync');
    expect(outOfSync.for).toBe('30m');
    expect(outOfSync.labels).toEqual({ cluster: 'aks-prod', page: 'false', severity: 'info' });
    expect(outOfSync.expr).toBe('argocd_app_info{namespace="argocd", job="argocd-metrics", sync_status!="Synced", name!~"payments\\\\.preview|sandbox"} == 1');
    expect(alert(app, 'ArgoCDAppUnhealthy').expr).toContain(', name!~"sandbox"} == 1');
    const syncFailed = alert(app, 'ArgoCDSyncFailed');
    expect(syncFailed.expr).toMatch(/\) > 5$/);
    expect(syncFailed.for).toBe('2m');
    expect(syncFailed.annotations.description).toContain('(more than 5)');
    expect(alert(app, 'ArgoCDSlowReconciliation').expr).toMatch(/\) > 12.5$/);
    expect(alert(app, 'ArgoCDSlowReconciliation').annotations.description).toContain('(above 12.5s)');
    expect(alert(app, 'ArgoCDRedisRequestsFailing').expr).toMatch(/ > 0.2$/);
    expect(alert(app, 'ArgoCDNotificationDeliveryFailing')).toBeUndefined();
    expect(alert(app, 'ArgoCDComponentDown').for).toBeUndefined();
    expect(alert(app, 'ArgoCDComponentDown').labels).toEqual({ cluster: 'aks-prod', severity: 'critical' });
  });

  test.each([
    [{ slowReconciliation: { threshold: 16 } }, 'slowReconciliation.threshold: argocd_app_reconcile\'s largest finite bucket is 16s, so its p95 is never above 16 and the alert could never fire; use a threshold below 16 (seconds of p95 reconciliation time) (got 16)'],
    [{ slowReconciliation: { threshold: 0 } }, 'slowReconciliation.threshold: must be a positive number (seconds of p95 reconciliation time) (got 0)'],
    [{ syncFailed: { threshold: 2.5 } }, 'syncFailed.threshold: must be a whole number of at least 0 (failed or errored syncs in one hour) (got 2.5)'],
    [{ redisRequestFailures: { threshold: 5 } }, 'redisRequestFailures.threshold: must be a fraction between 0 and 1 (exclusive) (fraction of failed Redis requests) (got 5)'],
    [{ appOutOfSync: { threshold: 1 } }, 'appOutOfSync.threshold: ArgoCDAppOutOfSync has no threshold (got 1)'],
    [{ componentDown: { ignoredApplications: ['x'] } }, 'componentDown.ignoredApplications: ArgoCDComponentDown is not per application (it has no application name label) (got ["x"])'],
    [{ appUnhealthy: { ignoredApplications: ['Bad App'] } }, 'appUnhealthy.ignoredApplications: must be an application name (a DNS-1123 subdomain) (got "Bad App")'],
    [{ appUnhealthy: { severity: 'page' as AlertSeverity } }, 'appUnhealthy.severity: must be one of warning, critical, info (got "page")'],
    [{ appUnhealthy: { labels: { 'team-name': 'x' } } }, 'appUnhealthy.labels.team-name: must be a Prometheus label name (letters, digits and "_", not starting with a digit) (got "team-name")'],
    [{ labels: { severity: 'high' } }, 'labels.severity: is set by ArgoAlerts (use the severity option) (got "severity")'],
    [{ labels: { team: 'platform' } }, 'labels.team: is set by ArgoAlerts (reserved) (got "team")'],
    [{ teamLabel: 'team-name' }, 'teamLabel: must be a Prometheus label name (letters, digits and "_", not starting with a digit) (got "team-name")'],
    [{ appOutOfSync: { for: Duration.millis(0.5) } }, 'appOutOfSync.for: must be a whole, non-negative number of milliseconds (got "0.5ms")'],
    [{ runbookBrowseUrl: 'http://github.com/civica/gitops-config/blob/main' }, 'runbookBrowseUrl: must be an https:// URL of the repository at a branch (no query or fragment), e.g. https://github.com/org/repo/blob/main, or an Azure Repos repository https://dev.azure.com/<org>/<project>/_git/<repo>?version=GB<branch> (got "http://github.com/civica/gitops-config/blob/main")'],
    [{ ruleLabels: { release: 'kube prometheus' } }, 'ruleLabels.release: must be a Kubernetes label value (at most 63 letters, digits, "-", "_" and ".") (got "kube prometheus")'],
  ])('refuses %j', (props, message) => {
    const { platform } = newPlatform();
    expect(() => new ArgoAlerts(platform, 'Alerts', props as ArgoAlertsProps)).toThrow(`[argocd/Alerts] ${message}`);
  });

  test('a PromQL syntax error fails the synth naming the alert, the contributor and the position', () => {
    const { app, platform } = build();
    const backup = new Construct(platform, 'Backup');
    platform.alertRules.add(backup, {
      group: 'argocd-backup',
      alert: 'ArgoCDBackupFailing',
      severity: AlertSeverity.CRITICAL,
      expr: 'increase(argocd_platform_backups_failed_total[1h] > 3',
      summary: 's',
      description: 'd',
    });
    platform.alertRules.add(backup, {
      group: 'argocd-backup',
      alert: 'ArgoCDBackupSlow',
      severity: AlertSeverity.WARNING,
      expr: 'sum(rate(x[5m]))\n  / on(job) sum(rate(y[5m])) >',
      summary: 's',
      description: 'd',
    });
    expect(() => app.render()).toThrow('[argocd/Alerts] expr: ArgoCDBackupFailing contributed by [argocd/Backup]: PromQL syntax error at line 1, column 54 (near end of expression) (got "increase(argocd_platform_backups_failed_total[1h] > 3")');
    expect(() => app.render()).toThrow('[argocd/Alerts] expr: ArgoCDBackupSlow contributed by [argocd/Backup]: PromQL syntax error at line 2, column 31 (near end of expression)');
  });

  test('an unknown function is a syntax error too (the grammar lists the functions)', () => {
    const { app, platform } = build();
    platform.alertRules.add(platform, { group: 'argocd-backup', alert: 'ArgoCDBackupOld', severity: AlertSeverity.WARNING, expr: 'tme() - last_backup > 3600', summary: 's', description: 'd' });
    expect(() => app.render()).toThrow(/\[argocd\/Alerts\] expr: ArgoCDBackupOld contributed by \[argocd\]: PromQL syntax error at line 1, column 4 \(near "\(\) - last_backup > 3600"\)/);
  });

  test('alert names are unique and well-formed; group names are DNS-1123 subdomains', () => {
    const { app, platform } = build();
    platform.alertRules.add(platform, { group: 'argocd-backup', alert: 'ArgoCDAppOutOfSync', severity: AlertSeverity.WARNING, expr: 'vector(1)', summary: 's', description: 'd' });
    platform.alertRules.add(platform, { group: 'Backup Rules', alert: 'Backup failed', severity: AlertSeverity.WARNING, expr: 'vector(1)', summary: 's', description: 'd' });
    expect(() => app.render()).toThrow('[argocd/Alerts] alert: ArgoCDAppOutOfSync contributed by [argocd]: the name is already used by appOutOfSync (ArgoCDAppOutOfSync); alert names must be unique (got "ArgoCDAppOutOfSync")');
    expect(() => app.render()).toThrow('[argocd/Alerts] alert: Backup failed contributed by [argocd]: alert names are letters, digits and "_", starting with a letter (got "Backup failed")');
    expect(() => app.render()).toThrow('[argocd/Alerts] group: Backup failed contributed by [argocd]: group names are DNS-1123 subdomains such as argocd-backup (got "Backup Rules")');
  });

  test('contributed rules are rendered in their group, with the global labels, linked to their runbook section when they bring one', () => {
    const { app, platform } = build({ labels: { cluster: 'aks-prod' } });
    platform.alertRules.add(platform, {
      group: 'argocd-backup',
      alert: 'ArgoCDBackupMissing',
      severity: AlertSeverity.CRITICAL,
      for: Duration.hours(1),
      expr: 'time() - argocd_platform_backup_last_success_timestamp_seconds > 86400',
      summary: 'No backup',
      description: 'No backup for a day',
      labels: { component: 'backup' },
      runbook: 'Run `kubectl get cronjob -n argocd argocd-backup`.',
    });
    platform.alertRules.add(platform, { group: 'argocd-backup', alert: 'ArgoCDBackupNoRunbook', severity: AlertSeverity.INFO, expr: 'vector(1)', summary: 's', description: 'd' });
    const backup = alert(app, 'ArgoCDBackupMissing');
    expect(backup).toEqual({
      group: 'argocd-backup',
      alert: 'ArgoCDBackupMissing',
      expr: 'time() - argocd_platform_backup_last_success_timestamp_seconds > 86400',
      for: '1h',
      labels: { cluster: 'aks-prod', component: 'backup', severity: 'critical' },
      annotations: { description: 'No backup for a day', runbook_url: `${RUNBOOK}#argocdbackupmissing`, summary: 'No backup' },
    });
    expect(alert(app, 'ArgoCDBackupNoRunbook').annotations).toEqual({ description: 'd', summary: 's' });
    const runbook = app.render()['argocd.runbook.md'];
    expect(runbook).toContain('## ArgoCDBackupMissing\n\nSeverity `critical`, fires after `1h`, group `argocd-backup`, from ArgoCDBackupMissing contributed by [argocd].');
    expect(runbook).toContain('Run `kubectl get cronjob -n argocd argocd-backup`.');
    expect(runbook).not.toContain('ArgoCDBackupNoRunbook');
  });

  test('one per platform; only in the platform chart', () => {
    const { platform } = build();
    expect(() => new ArgoAlerts(platform, 'Again')).toThrow('[argocd/Again] alerts: this platform already has its ArgoAlerts; one per platform (it renders every contributed rule) (got "argocd/Alerts")');
    expect(() => new ArgoAlerts(platform.environment('dev'), 'Alerts')).toThrow('[dev/Alerts] scope: create ArgoAlerts inside the ArgoPlatform "argocd", not an environment chart (got "dev")');
  });
});

describe('the runbook', () => {
  test('steps on an application\'s destination namespace name the destination cluster\'s kube context (default: the cluster name; overridable)', () => {
    const auth = ClusterAuth.azureWorkloadIdentity({ clientId: '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60' });
    const { app, platform } = newPlatform({
      homeCluster: { name: 'aks-platform' },
      clusters: [
        { name: 'aks-prod', server: 'https://aks-prod.hcp.uksouth.azmk8s.io:443', auth, caData: TEST_CA_DATA },
        { name: 'aks-uat', server: 'https://aks-uat.hcp.uksouth.azmk8s.io:443', auth, caData: TEST_CA_DATA, kubeContext: 'uat-admin' },
      ],
      environments: [{ name: 'dev' }, { name: 'uat', cluster: { name: 'aks-uat' } }, { name: 'prod', production: true, cluster: { name: 'aks-prod' } }],
    });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoAlerts(platform, 'Alerts', { scraping: new ArgoScraping(platform, 'Scraping') });
    const runbook = app.render()['argocd.runbook.md'];
    const section = (name: string) => runbook.split(`\n## ${name}\n`)[1].split('\n## ')[0];
    const table = [
      '| Environments | Destination cluster | Kube context |',
      '|---|---|---|',
      '| dev | home cluster `aks-platform` (https://kubernetes.default.svc) | `aks-platform` |',
      '| uat | `aks-uat` (https://aks-uat.hcp.uksouth.azmk8s.io:443) | `uat-admin` |',
      '| prod | `aks-prod` (https://aks-prod.hcp.uksouth.azmk8s.io:443) | `aks-prod` |',
    ].join('\n');
    for (const name of ['ArgoCDAppUnhealthy', 'ArgoCDSyncFailed']) {
      expect(section(name)).toContain(table);
      expect(section(name)).toContain('kubectl --context <kube context of the destination cluster, table below> get events -n ');
    }
    expect(section('ArgoCDAppUnhealthy')).toContain('kubectl --context <kube context of the destination cluster, table below> describe pod -n <dest_namespace label> <pod from argocd app get>');
    // The controller's logs stay on the home cluster.
    expect(section('ArgoCDSyncFailed')).toContain('\nkubectl logs -n argocd statefulset/argocd-application-controller --since=1h');
    expect(runbook).toContain('which run on the destination cluster with its kube context (`aks-prod` for `aks-prod`, `uat-admin` for `aks-uat`)');
  });

  test('without remote destinations the steps stay on the home cluster (no context table)', () => {
    const { app, platform } = newPlatform({ homeCluster: { name: 'aks-platform' }, environments: [{ name: 'dev' }] });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoAlerts(platform, 'Alerts', { scraping: new ArgoScraping(platform, 'Scraping') });
    const runbook = app.render()['argocd.runbook.md'];
    expect(runbook).toContain('kubectl get events -n <dest_namespace label> --sort-by=.metadata.creationTimestamp');
    expect(runbook).not.toContain('| Environments | Destination cluster | Kube context |');
  });

  test('dist/<platform>.runbook.md has a section per alert, each linked from its runbook_url, with the seed\'s diagnosis and this platform\'s names', () => {
    const { app, platform } = newPlatform({ environments: [{ name: 'dev' }, { name: 'prod', production: true, cluster: { server: 'https://aks-prod.example:443' } }] });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    const scraping = new ArgoScraping(platform, 'Scraping');
    new ArgoAlerts(platform, 'Alerts', { scraping });
    addTeam(platform, 'payments', 'payments-team');
    const runbook = app.render()['argocd.runbook.md'];
    const headings = [...runbook.matchAll(/^## (\S+)$/gm)].map(m => m[1]);
    expect(headings).toEqual(['Alerts', ...rules(app).filter(r => r.alert).map(r => r.alert)]);
    for (const r of rules(app).filter(x => x.alert)) {
      // GitHub's anchor of "## Name" is the lower-cased name.
      expect(r.annotations.runbook_url).toBe(`${RUNBOOK}#${r.alert.toLowerCase()}`);
      expect(runbook).toContain(`- [${r.alert}](#${r.alert.toLowerCase()})`);
    }
    const section = (name: string) => runbook.split(`\n## ${name}\n`)[1].split('\n## ')[0];
    // Out of sync: argocd app diff, mutating webhooks, ignoreDifferences for HPA replicas.
    expect(section('ArgoCDAppOutOfSync')).toContain('argocd login argocd.example.org --sso --grpc-web');
    expect(section('ArgoCDAppOutOfSync')).toContain('argocd app diff <name label of the alert>');
    expect(section('ArgoCDAppOutOfSync')).toContain('mutating admission webhook');
    expect(section('ArgoCDAppOutOfSync')).toContain('      - /spec/replicas');
    // Sync failed: app get, events, quota, controller RBAC, ACR pulls, with the real workload.
    const syncFailed = section('ArgoCDSyncFailed');
    expect(syncFailed).toContain('argocd app get <name label of the alert> --show-operation');
    // prod deploys to another cluster: the events are read there (an undeclared server: no kube context name to give).
    expect(syncFailed).toContain('kubectl --context <kube context of the destination cluster, table below> get events -n <destination namespace> --sort-by=.metadata.creationTimestamp');
    expect(syncFailed).toContain('| prod | (https://aks-prod.example:443) | the one that reaches it (declare the cluster with ArgoCluster to name it here) |');
    expect(syncFailed).toContain('kubectl logs -n argocd statefulset/argocd-application-controller --since=1h');
    expect(syncFailed).toMatch(/ResourceQuota is exceeded/);
    expect(syncFailed).toMatch(/RBAC: the application controller's ServiceAccount/);
    expect(syncFailed).toMatch(/az aks update --attach-acr/);
    // Repository failures: repo-server logs, SSH known hosts (through SshKnownHosts), expired tokens.
    const fetch = section('ArgoCDGitFetchFailing');
    expect(fetch).toContain('kubectl logs -n argocd deployment/argocd-repo-server --since=1h');
    expect(fetch).toContain('argocd-ssh-known-hosts-cm from `SshKnownHosts`');
    expect(fetch).toMatch(/token or deploy key expired/);
    // Slow reconciliation: controller resources, reconciliation timeout, exclusions, sharding, the clusters.
    const slow = section('ArgoCDSlowReconciliation');
    expect(slow).toContain('kubectl top pod -n argocd -l app.kubernetes.io/component=application-controller');
    expect(slow).toContain('`timeout.reconciliation`');
    expect(slow).toContain('`resource.exclusions`');
    expect(slow).toContain('shard the controller');
    expect(slow).toContain('Clusters of this platform: `dev` (https://kubernetes.default.svc), `prod` (https://aks-prod.example:443).');
    expect(slow).toContain('SelfManagedArgo renders the chart values');
    // Component absent lists each job with its Service port.
    expect(section('ArgoCDComponentAbsent')).toContain('- `argocd-repo-server-metrics`: Service port `http-metrics`, workload deployment/argocd-repo-server');
    // The team table.
    expect(runbook).toContain('| payments-team | payments |');
    // Each section shows the rendered expression.
    expect(section('ArgoCDMetricsMissing')).toContain('```promql\nabsent(argocd_app_info{namespace="argocd", job="argocd-application-controller-metrics"})\n```');
  });

  test('the Redis section names argocd-redis, or the redis-ha StatefulSet and HAProxy when the platform has Redis HA (a fact, read once the platform is complete)', () => {
    const section = (runbook: string) => runbook.split('\n## ArgoCDRedisRequestsFailing\n')[1].split('\n## ')[0];
    const plain = build().app.render()['argocd.runbook.md'];
    expect(section(plain)).toContain('kubectl get pods -n argocd -l app.kubernetes.io/component=redis');
    expect(section(plain)).toContain('kubectl logs -n argocd deployment/argocd-redis --since=1h');
    expect(section(plain)).not.toContain('redis-ha');

    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoAlerts(platform, 'Alerts');
    // Declared after ArgoAlerts.
    new ArgoScaleProfile(platform, 'Scale', { redisHa: true });
    const ha = section(app.render()['argocd.runbook.md']);
    expect(ha).toContain("kubectl get pods -n argocd -l 'app in (redis-ha, redis-ha-haproxy)'");
    expect(ha).toContain('kubectl logs -n argocd statefulset/argocd-redis-ha-server -c redis --since=1h');
    expect(ha).toContain('kubectl logs -n argocd statefulset/argocd-redis-ha-server -c sentinel --since=1h');
    expect(ha).toContain('kubectl logs -n argocd deployment/argocd-redis-ha-haproxy --since=1h');
    expect(ha).not.toContain('deployment/argocd-redis ');
    // argo-helm argo-cd 10.1.1 templates/redis/networkpolicy.yaml: `if and (or redis.networkPolicy.create global.networkPolicy.create) redis.enabled (not redis-ha.enabled)`.
    expect(section(plain)).toContain('the chart\'s `argocd-redis` NetworkPolicy (created since chart 10.0.0, `global.networkPolicy.create`) admits only the Argo CD components');
    expect(ha).toContain('with redis-ha the argo-cd chart creates no Redis NetworkPolicy');
    expect(ha).not.toContain('`argocd-redis` NetworkPolicy');
  });

  test.each([
    ['git@github.com:civica/gitops-config.git', 'main', 'dist', undefined, 'https://github.com/civica/gitops-config/blob/main/dist/argocd.runbook.md'],
    ['https://gitlab.example.com/platform/gitops.git', 'release', 'out', undefined, 'https://gitlab.example.com/platform/gitops/-/blob/release/out/argocd.runbook.md'],
    ['git@bitbucket.org:civica/gitops.git', 'main', 'dist', 'https://bitbucket.org/civica/gitops/src/main/', 'https://bitbucket.org/civica/gitops/src/main/dist/argocd.runbook.md'],
    // Azure Repos file links carry the path and branch in the query (`?path=...&version=GB<branch>`).
    ['git@ssh.dev.azure.com:v3/civica/platform/gitops-config', 'main', 'dist', undefined,
      'https://dev.azure.com/civica/platform/_git/gitops-config?path=%2Fdist%2Fargocd.runbook.md&version=GBmain&_a=preview'],
    ['https://dev.azure.com/civica/platform/_git/gitops-config', 'release/2026', 'out', undefined,
      'https://dev.azure.com/civica/platform/_git/gitops-config?path=%2Fout%2Fargocd.runbook.md&version=GBrelease%2F2026&_a=preview'],
    ['git@github.com:civica/gitops-config.git', 'main', 'dist', 'https://dev.azure.com/civica/platform/_git/gitops-config?version=GBmain',
      'https://dev.azure.com/civica/platform/_git/gitops-config?path=%2Fdist%2Fargocd.runbook.md&version=GBmain&_a=preview'],
  ])('runbook links for %s (branch %s, path %s, browse url %s)', (repoUrl, targetRevision, pathPrefix, runbookBrowseUrl, expected) => {
    const { app, alerts } = build({ runbookBrowseUrl }, { gitOps: { repoUrl, targetRevision, pathPrefix } });
    expect(alerts.runbookUrlOf('ArgoCDSyncFailed')).toBe(`${expected}#argocdsyncfailed`);
    expect(alert(app, 'ArgoCDSyncFailed').annotations.runbook_url).toBe(`${expected}#argocdsyncfailed`);
  });

  test.each([
    'https://dev.azure.com/civica/platform/_git/gitops-config?version=GBmain&path=/etc/passwd',
    'https://dev.azure.com/civica/platform/_git/gitops-config?version=GTv1.0',
    'https://dev.azure.com/civica/platform/_git/gitops-config',
    'https://dev.azure.com/civica/platform/_apis/git?version=GBmain',
    'https://github.com/civica/gitops-config/blob/main?path=x',
  ])('a browse URL with a query other than an Azure Repos branch is refused: %s', runbookBrowseUrl => {
    expect(() => build({ runbookBrowseUrl })).toThrow(/runbookBrowseUrl: /);
  });

  test('the runbook names the kube context its commands run in: the home cluster\'s', () => {
    const named = build({}, { homeCluster: { name: 'aks-platform', kubeContext: 'platform-admin' } }).app.render()['argocd.runbook.md'];
    expect(named).toContain('Every `kubectl` command runs on the home cluster `aks-platform` (kube context `platform-admin`: `kubectl config use-context platform-admin`), where Argo CD runs.');
    const unnamed = build().app.render()['argocd.runbook.md'];
    expect(unnamed).toContain('Every `kubectl` command runs on the cluster Argo CD runs on.');
  });

  test('a repository host whose browse URL is unknown needs runbookBrowseUrl', () => {
    const { platform } = newPlatform({ gitOps: { repoUrl: 'git@bitbucket.org:civica/gitops.git' } });
    expect(() => new ArgoAlerts(platform, 'Alerts')).toThrow('[argocd/Alerts] runbookBrowseUrl: cannot derive where git@bitbucket.org:civica/gitops.git is browsed (only github.com, GitLab and Azure Repos hosts are known); set runbookBrowseUrl (got undefined)');
  });
});
