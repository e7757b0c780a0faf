import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { AlertSeverity, ArgoAlerts, ArgoScraping, SelfManagedArgo } from '../../src';
import { newPlatform } from '../helpers/platform-fixture';
import { describeWithPromtool, runPromtool } from '../helpers/promtool';

/**
 * The synthesized PrometheusRule, run through the real Prometheus tooling: `promtool check rules`
 * on its groups, and `promtool test rules` with unit tests for every alert (where it must fire,
 * with its labels and annotations, and where it must not, at the boundaries of thresholds and `for`).
 * All cases run in one promtool invocation.
 */

const RUNBOOK = 'https://github.com/civica/gitops-config/blob/main/dist/argocd.runbook.md';
const CTRL = { namespace: 'argocd', job: 'argocd-application-controller-metrics' };
const REPO = { namespace: 'argocd', job: 'argocd-repo-server-metrics' };
const SERVER = { namespace: 'argocd', job: 'argocd-server-metrics' };
const APPSET = { namespace: 'argocd', job: 'argocd-applicationset-controller-metrics' };
const NOTIF = { namespace: 'argocd', job: 'argocd-notifications-controller-metrics' };
const IN_CLUSTER = 'https://kubernetes.default.svc';
const GITOPS = 'git@github.com:civica/gitops-config.git';

type Labels = Record<string, string>;

function series(metric: string, labels: Labels, values: string) {
  return { series: `${metric}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`, values };
}

function app(name: string, project: string, sync: string, health: string): Labels {
  return { ...CTRL, name, project, sync_status: sync, health_status: health, dest_server: IN_CLUSTER, dest_namespace: name };
}

function fires(alertname: string, evalTime: string, alerts: Array<{ labels: Labels; summary: string; description: string }>) {
  return {
    eval_time: evalTime,
    alertname,
    exp_alerts: alerts.map(a => ({
      exp_labels: a.labels,
      exp_annotations: { summary: a.summary, description: a.description, runbook_url: `${RUNBOOK}#${alertname.toLowerCase()}` },
    })),
  };
}

function silent(alertname: string, evalTime: string) {
  return { eval_time: evalTime, alertname, exp_alerts: [] };
}

function examplePlatformRules() {
  const { app: cdkApp, platform } = newPlatform();
  new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
  const scraping = new ArgoScraping(platform, 'Scraping');
  // Teams as the registry knows them (TeamProject and ExternalTeamProject register there).
  for (const [team, projectName] of [['payments', 'payments-team'], ['orders', 'orders-team']]) {
    const construct = new Construct(platform, `Team-${team}`);
    platform.teams.register(construct, { team, projectName, construct });
  }
  new ArgoAlerts(platform, 'Alerts', { scraping, appOutOfSync: { ignoredApplications: ['ignored-app'] } });
  platform.alertRules.add(platform, {
    group: 'argocd-backup',
    alert: 'ArgoCDBackupMissing',
    expr: 'time() - argocd_platform_backup_last_success_timestamp_seconds > 600',
    for: Duration.minutes(10),
    severity: AlertSeverity.CRITICAL,
    summary: 'No Argo CD backup for {{ $value | humanizeDuration }}',
    description: 'The last successful backup is too old.',
    runbook: 'Check the backup CronJob.',
  });
  const rule = parse(cdkApp.render()['argocd/prometheusrule-argocd-alerts.yaml']);
  return { groups: rule.spec.groups };
}

const TESTS = [
  {
    name: 'ArgoCDAppOutOfSync: not Synced for 15m, with the team of the project; ignored applications and unowned projects',
    interval: '1m',
    input_series: [
      series('argocd_app_info', app('checkout', 'payments-team', 'OutOfSync', 'Healthy'), '1x30'),
      series('argocd_app_info', app('legacy', 'unowned', 'Unknown', 'Healthy'), '1x30'),
      series('argocd_app_info', app('ignored-app', 'payments-team', 'OutOfSync', 'Healthy'), '1x30'),
      series('argocd_app_info', app('fine', 'orders-team', 'Synced', 'Healthy'), '1x30'),
    ],
    alert_rule_test: [
      silent('ArgoCDAppOutOfSync', '14m'),
      fires('ArgoCDAppOutOfSync', '15m', [
        {
          labels: { ...app('checkout', 'payments-team', 'OutOfSync', 'Healthy'), severity: 'warning', team: 'payments' },
          summary: 'Argo CD application checkout is OutOfSync',
          description: `Application checkout of project payments-team has not matched Git for 15 minutes or more (sync status OutOfSync, destination ${IN_CLUSTER} namespace checkout).`,
        },
        {
          labels: { ...app('legacy', 'unowned', 'Unknown', 'Healthy'), severity: 'warning' },
          summary: 'Argo CD application legacy is Unknown',
          description: `Application legacy of project unowned has not matched Git for 15 minutes or more (sync status Unknown, destination ${IN_CLUSTER} namespace legacy).`,
        },
      ]),
    ],
  },
  {
    name: 'ArgoCDAppUnhealthy: neither Healthy nor Progressing for 10m',
    interval: '1m',
    input_series: [
      series('argocd_app_info', app('orders-api', 'orders-team', 'Synced', 'Degraded'), '1x20'),
      series('argocd_app_info', app('rollout', 'orders-team', 'Synced', 'Progressing'), '1x20'),
      series('argocd_app_info', app('checkout', 'payments-team', 'Synced', 'Healthy'), '1x20'),
      series('argocd_app_info', app('gone', 'payments-team', 'OutOfSync', 'Missing'), '1x20'),
    ],
    alert_rule_test: [
      silent('ArgoCDAppUnhealthy', '9m'),
      fires('ArgoCDAppUnhealthy', '10m', [
        {
          labels: { ...app('gone', 'payments-team', 'OutOfSync', 'Missing'), severity: 'critical', team: 'payments' },
          summary: 'Argo CD application gone is Missing',
          description: `Application gone of project payments-team has been Missing (neither Healthy nor Progressing) for 10 minutes or more, in namespace gone of ${IN_CLUSTER}.`,
        },
        {
          labels: { ...app('orders-api', 'orders-team', 'Synced', 'Degraded'), severity: 'critical', team: 'orders' },
          summary: 'Argo CD application orders-api is Degraded',
          description: `Application orders-api of project orders-team has been Degraded (neither Healthy nor Progressing) for 10 minutes or more, in namespace orders-api of ${IN_CLUSTER}.`,
        },
      ]),
    ],
  },
  {
    name: 'ArgoCDSyncFailed: more than 3 Failed or Error syncs in 1h; dry runs and Succeeded do not count; extrapolation does not round 3 up',
    interval: '1m',
    input_series: [
      // 4 failures: fires.
      series('argocd_app_sync_total', { ...CTRL, name: 'checkout', project: 'payments-team', dest_server: IN_CLUSTER, phase: 'Failed', dry_run: 'false' }, '0+1x4 4x70'),
      // exactly 3: the threshold is "more than".
      series('argocd_app_sync_total', { ...CTRL, name: 'cart', project: 'payments-team', dest_server: IN_CLUSTER, phase: 'Error', dry_run: 'false' }, '0+1x3 3x70'),
      // 2 Failed + 2 Error in one app: 4.
      series('argocd_app_sync_total', { ...CTRL, name: 'legacy', project: 'unowned', dest_server: IN_CLUSTER, phase: 'Failed', dry_run: 'false' }, '0 1 2 2x70'),
      series('argocd_app_sync_total', { ...CTRL, name: 'legacy', project: 'unowned', dest_server: IN_CLUSTER, phase: 'Error', dry_run: 'false' }, '0 0 0 1 2 2x70'),
      // dry runs and successes never count.
      series('argocd_app_sync_total', { ...CTRL, name: 'preview', project: 'orders-team', dest_server: IN_CLUSTER, phase: 'Failed', dry_run: 'true' }, '0+5x10 50x60'),
      series('argocd_app_sync_total', { ...CTRL, name: 'preview', project: 'orders-team', dest_server: IN_CLUSTER, phase: 'Succeeded', dry_run: 'false' }, '0+5x10 50x60'),
      // 3 failures at the end of a full window read as 3.05 by increase(): still not more than 3.
      series('argocd_app_sync_total', { ...CTRL, name: 'orders-api', project: 'orders-team', dest_server: IN_CLUSTER, phase: 'Failed', dry_run: 'false' }, '10x60 11 12 13 13x10'),
    ],
    alert_rule_test: [
      fires('ArgoCDSyncFailed', '5m', [
        {
          labels: { namespace: 'argocd', name: 'checkout', project: 'payments-team', severity: 'critical', team: 'payments' },
          summary: 'Argo CD application checkout keeps failing to sync',
          description: 'Application checkout of project payments-team had 4 failed or errored syncs in the last hour (more than 3).',
        },
        {
          labels: { namespace: 'argocd', name: 'legacy', project: 'unowned', severity: 'critical' },
          summary: 'Argo CD application legacy keeps failing to sync',
          description: 'Application legacy of project unowned had 4 failed or errored syncs in the last hour (more than 3).',
        },
      ]),
      silent('ArgoCDSyncFailed', '63m'),
      silent('ArgoCDSyncFailed', '66m'),
    ],
  },
  {
    name: 'ArgoCDSlowReconciliation: p95 above 10s per cluster for 15m; 9.7s does not fire',
    interval: '1m',
    input_series: [
      ...[['0.25', 0], ['0.5', 0], ['1', 0], ['2', 0], ['4', 0], ['8', 279], ['16', 300], ['+Inf', 300]].map(([le, perMinute]) =>
        series('argocd_app_reconcile_bucket', { ...CTRL, dest_server: 'https://prod.example', le: String(le) }, `0+${perMinute}x30`)),
      ...[['0.25', 0], ['0.5', 0], ['1', 0], ['2', 0], ['4', 0], ['8', 281], ['16', 300], ['+Inf', 300]].map(([le, perMinute]) =>
        series('argocd_app_reconcile_bucket', { ...CTRL, dest_server: IN_CLUSTER, le: String(le) }, `0+${perMinute}x30`)),
    ],
    alert_rule_test: [
      silent('ArgoCDSlowReconciliation', '15m'),
      fires('ArgoCDSlowReconciliation', '16m', [{
        labels: { namespace: 'argocd', dest_server: 'https://prod.example', severity: 'warning' },
        summary: 'Argo CD reconciles slowly for https://prod.example',
        description: 'The 95th percentile of application reconciliation time for cluster https://prod.example is 10.29s (above 10s) for 15 minutes.',
      }]),
    ],
  },
  {
    name: 'ArgoCDGitFetchFailing and ArgoCDGitLsRemoteFailing: more than 2 failures per repository in 15m, for 5m',
    interval: '1m',
    input_series: [
      series('argocd_git_fetch_fail_total', { ...REPO, repo: GITOPS, revision: 'main' }, '0+1x3 3x40'),
      series('argocd_git_fetch_fail_total', { ...REPO, repo: 'https://github.com/civica/payments-apps.git', revision: 'main' }, '0+1x2 2x40'),
      series('argocd_git_lsremote_fail_total', { ...REPO, repo: GITOPS, revision: 'HEAD' }, '0+1x3 3x40'),
      series('argocd_git_lsremote_fail_total', { ...REPO, repo: 'https://github.com/civica/payments-apps.git', revision: 'HEAD' }, '0+1x2 2x40'),
    ],
    alert_rule_test: [
      silent('ArgoCDGitFetchFailing', '7m'),
      fires('ArgoCDGitFetchFailing', '8m', [{
        labels: { namespace: 'argocd', repo: GITOPS, severity: 'warning' },
        summary: `Argo CD cannot fetch ${GITOPS}`,
        description: `The repo-server failed to fetch ${GITOPS} 3 times in 15 minutes (more than 2); applications from it do not get new commits.`,
      }]),
      silent('ArgoCDGitFetchFailing', '25m'),
      silent('ArgoCDGitLsRemoteFailing', '7m'),
      fires('ArgoCDGitLsRemoteFailing', '8m', [{
        labels: { namespace: 'argocd', repo: GITOPS, severity: 'warning' },
        summary: `Argo CD cannot resolve revisions of ${GITOPS}`,
        description: `git ls-remote of ${GITOPS} failed 3 times in 15 minutes (more than 2); Argo CD cannot see new commits or tags.`,
      }]),
    ],
  },
  {
    name: 'ArgoCDRepoServerPendingRequests: more than 5 pending per repository (summed over replicas) for 10m',
    interval: '1m',
    input_series: [
      series('argocd_repo_pending_request_total', { ...REPO, instance: '10.0.0.1:8084', repo: GITOPS }, '3x20'),
      series('argocd_repo_pending_request_total', { ...REPO, instance: '10.0.0.2:8084', repo: GITOPS }, '3x20'),
      series('argocd_repo_pending_request_total', { ...REPO, instance: '10.0.0.1:8084', repo: 'https://github.com/civica/payments-apps.git' }, '5x20'),
    ],
    alert_rule_test: [
      silent('ArgoCDRepoServerPendingRequests', '9m'),
      fires('ArgoCDRepoServerPendingRequests', '10m', [{
        labels: { namespace: 'argocd', repo: GITOPS, severity: 'warning' },
        summary: `Manifest generation for ${GITOPS} is queueing`,
        description: `6 requests for ${GITOPS} wait in the repo-server (more than 5) for 10 minutes.`,
      }]),
    ],
  },
  {
    name: 'ArgoCDRedisRequestsFailing: more than 5% failed per component for 10m; 4% does not fire',
    interval: '1m',
    input_series: [
      series('argocd_redis_request_total', { ...CTRL, initiator: 'argocd-application-controller', command: 'get', failed: 'true' }, '0+6x30'),
      series('argocd_redis_request_total', { ...CTRL, initiator: 'argocd-application-controller', command: 'get', failed: 'false' }, '0+94x30'),
      series('argocd_redis_request_total', { ...SERVER, initiator: 'argocd-server', command: 'get', failed: 'true' }, '0+4x30'),
      series('argocd_redis_request_total', { ...SERVER, initiator: 'argocd-server', command: 'get', failed: 'false' }, '0+96x30'),
    ],
    alert_rule_test: [
      silent('ArgoCDRedisRequestsFailing', '10m'),
      fires('ArgoCDRedisRequestsFailing', '11m', [{
        labels: { namespace: 'argocd', job: CTRL.job, severity: 'warning' },
        summary: `Redis requests from ${CTRL.job} are failing`,
        description: `6% of Redis requests from ${CTRL.job} fail (more than 5%) for 10 minutes; caching breaks and everything gets slower.`,
      }]),
    ],
  },
  {
    name: 'ArgoCDClusterResourceObjectsDropped: below half of the 30-minute maximum for 5m; exactly half does not fire',
    interval: '1m',
    input_series: [
      series('argocd_cluster_api_resource_objects', { ...CTRL, server: 'https://prod.example' }, '1000x30 400x30'),
      series('argocd_cluster_api_resource_objects', { ...CTRL, server: IN_CLUSTER }, '1000x30 500x30'),
    ],
    alert_rule_test: [
      silent('ArgoCDClusterResourceObjectsDropped', '35m'),
      fires('ArgoCDClusterResourceObjectsDropped', '36m', [{
        labels: { ...CTRL, server: 'https://prod.example', severity: 'warning' },
        summary: 'Argo CD suddenly watches far fewer objects in https://prod.example',
        description: 'The controller caches 400 objects of https://prod.example, less than 50% of its maximum in the last 30 minutes: lost API access, a broken watch, or objects were deleted.',
      }]),
    ],
  },
  {
    name: 'ArgoCDClusterConnectionError: connection status 0 for 5m',
    interval: '1m',
    input_series: [
      series('argocd_cluster_connection_status', { ...CTRL, server: 'https://prod.example', k8s_version: '1.30' }, '0x10'),
      series('argocd_cluster_connection_status', { ...CTRL, server: IN_CLUSTER, k8s_version: '1.30' }, '1x10'),
    ],
    alert_rule_test: [
      silent('ArgoCDClusterConnectionError', '4m'),
      fires('ArgoCDClusterConnectionError', '5m', [{
        labels: { ...CTRL, server: 'https://prod.example', k8s_version: '1.30', severity: 'critical' },
        summary: 'Argo CD cannot reach cluster https://prod.example',
        description: 'The application controller has had no working connection to https://prod.example for 5 minutes; nothing is synced there and its status is stale.',
      }]),
    ],
  },
  {
    name: 'ArgoCDNotificationDeliveryFailing: any failed delivery in 15m fires at once; successes never',
    interval: '1m',
    input_series: [
      series('argocd_notifications_deliveries_total', { ...NOTIF, trigger: 'on-sync-failed', service: 'slack', succeeded: 'false' }, '0 0 1 1x30'),
      series('argocd_notifications_deliveries_total', { ...NOTIF, trigger: 'on-deployed', service: 'slack', succeeded: 'true' }, '0+3x30'),
    ],
    alert_rule_test: [
      silent('ArgoCDNotificationDeliveryFailing', '1m'),
      fires('ArgoCDNotificationDeliveryFailing', '2m', [{
        labels: { namespace: 'argocd', service: 'slack', trigger: 'on-sync-failed', severity: 'warning' },
        summary: 'Argo CD notifications to slack are failing',
        description: '1 notifications of trigger on-sync-failed to slack failed in 15 minutes (more than 0); teams are not told about their deployments.',
      }]),
      silent('ArgoCDNotificationDeliveryFailing', '20m'),
    ],
  },
  {
    name: 'ArgoCDComponentDown and ArgoCDComponentAbsent: up is 0 for 5m; a component without any target',
    interval: '1m',
    input_series: [
      series('up', { ...CTRL, instance: '10.0.0.5:8082' }, '1x20'),
      series('up', { ...SERVER, instance: '10.0.0.6:8083' }, '1 1 0x20'),
      series('up', { ...REPO, instance: '10.0.0.7:8084' }, '1x20'),
      series('up', { ...APPSET, instance: '10.0.0.8:8080' }, '1x20'),
      series('argocd_app_info', app('checkout', 'payments-team', 'Synced', 'Healthy'), '1x20'),
    ],
    alert_rule_test: [
      silent('ArgoCDComponentDown', '6m'),
      fires('ArgoCDComponentDown', '7m', [{
        labels: { ...SERVER, instance: '10.0.0.6:8083', severity: 'critical' },
        summary: `Argo CD component ${SERVER.job} is down`,
        description: `Prometheus cannot scrape ${SERVER.job} (10.0.0.6:8083) for 5 minutes: the pod is down or not ready.`,
      }]),
      silent('ArgoCDComponentAbsent', '4m'),
      fires('ArgoCDComponentAbsent', '5m', [{
        labels: { ...NOTIF, severity: 'critical' },
        summary: `Argo CD component ${NOTIF.job} is not scraped at all`,
        description: `Prometheus has no target for ${NOTIF.job} in namespace argocd for 5 minutes: the workload, its metrics Service or its ServiceMonitor is gone.`,
      }]),
      silent('ArgoCDMetricsMissing', '20m'),
    ],
  },
  {
    name: 'ArgoCDMetricsMissing: no argocd_app_info at all for 15m',
    interval: '1m',
    input_series: [series('up', { ...CTRL, instance: '10.0.0.5:8082' }, '1x20')],
    alert_rule_test: [
      silent('ArgoCDMetricsMissing', '14m'),
      fires('ArgoCDMetricsMissing', '15m', [{
        labels: { ...CTRL, severity: 'critical' },
        summary: 'Argo CD\'s application metrics are missing',
        description: 'No argocd_app_info series from Argo CD in namespace argocd for 15 minutes: every application alert is blind.',
      }]),
    ],
  },
  {
    name: 'a contributed rule (platform.alertRules) is rendered, tested and linked like the others',
    interval: '1m',
    input_series: [series('argocd_platform_backup_last_success_timestamp_seconds', {}, '0x30')],
    alert_rule_test: [
      silent('ArgoCDBackupMissing', '20m'),
      {
        eval_time: '21m',
        alertname: 'ArgoCDBackupMissing',
        exp_alerts: [{
          exp_labels: { severity: 'critical' },
          exp_annotations: { summary: 'No Argo CD backup for 21m 0s', description: 'The last successful backup is too old.', runbook_url: `${RUNBOOK}#argocdbackupmissing` },
        }],
      },
    ],
  },
];

describeWithPromtool('ArgoAlerts under promtool (Prometheus 2.42)', () => {
  const rules = examplePlatformRules();

  test('promtool check rules accepts every group of the synthesized PrometheusRule', () => {
    const result = runPromtool(['check', 'rules', 'rules.yaml'], { 'rules.yaml': rules });
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  test('promtool check rules accepts the committed example\'s rules (dist/argocd/prometheusrule-argocd-alerts.yaml)', () => {
    const committed = parse(fs.readFileSync(path.join(__dirname, '..', '..', 'dist', 'argocd', 'prometheusrule-argocd-alerts.yaml'), 'utf8'));
    const result = runPromtool(['check', 'rules', 'rules.yaml'], { 'rules.yaml': { groups: committed.spec.groups } });
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  test('promtool test rules: every alert fires where it must, with its labels and annotations, and stays silent at the boundaries', () => {
    // Every alert of the catalogue has at least one firing case here.
    const rendered = rules.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert).map((r: any) => r.alert)).sort();
    const tested = [...new Set(TESTS.flatMap(t => t.alert_rule_test.filter(a => a.exp_alerts.length > 0).map(a => a.alertname)))].sort();
    expect(tested).toEqual(rendered);

    const result = runPromtool(['test', 'rules', 'tests.yaml'], {
      'rules.yaml': rules,
      'tests.yaml': { rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: TESTS },
    });
    expect(result.output).not.toContain('FAILED');
    expect(result.status).toBe(0);
  });
});
