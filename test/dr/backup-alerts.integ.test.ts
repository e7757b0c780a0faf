import { parse } from 'yaml';
import { ArgoAlerts, ArgoBackup, ArgoScraping, ContributedAlertRule, SelfManagedArgo } from '../../src';
import { newPlatform } from '../helpers/platform-fixture';
import { describeWithPromtool, runPromtool } from '../helpers/promtool';

/**
 * The backup alerts under promtool, end to end: ArgoBackup (with the Sealed Secrets key job)
 * contributes them to `platform.alertRules`, ArgoAlerts renders them into its PrometheusRule, and
 * the `argocd-backup` group of that rendered object runs against a unit test per scenario in one
 * promtool invocation (skipped with the reason without promtool; CI requires it).
 */
function render(): { contributed: ContributedAlertRule[]; groups: any[] } {
  const { app, platform } = newPlatform();
  new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
  new ArgoAlerts(platform, 'Alerts', { scraping: new ArgoScraping(platform, 'Scraping') });
  new ArgoBackup(platform, 'Backup', {
    storage: { storageAccount: 'civicaargocdbackup', resourceGroup: 'rg-backup', container: 'argocd-backup', clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d' },
    sealedSecretsKey: {},
  });
  const rule = parse(app.render()['argocd/prometheusrule-argocd-alerts.yaml']);
  return { contributed: platform.alertRules.all, groups: rule.spec.groups.filter((g: any) => g.name === 'argocd-backup') };
}

const RUNBOOK = 'https://github.com/civica/gitops-config/blob/main/dist/argocd.runbook.md';
const CRON = 'namespace="argocd", cronjob="argocd-backup"';
const job = (name: string) => `namespace="argocd", job_name="${name}"`;
const MISSING_ANNOTATIONS = {
  runbook_url: `${RUNBOOK}#argocdbackupmissing`,
  summary: 'No successful Argo CD backup for more than 25.5h',
  description: 'CronJob argocd/argocd-backup has not completed a run within its schedule (25.5h, schedule plus deadline plus slack).',
};
const failedAnnotations = (name: string) => ({
  runbook_url: `${RUNBOOK}#argocdbackupfailed`,
  summary: `The Argo CD backup run ${name} failed`,
  description: `Job argocd/${name} of CronJob argocd-backup failed and no later run has succeeded. Until one does, a restore would use an older backup.`,
});

const unitTests = {
  rule_files: ['rules.yaml'],
  evaluation_interval: '5m',
  tests: [
    {
      name: 'last success 26h ago: missing (the threshold is 24h schedule + 30m deadline + 1h slack = 25.5h)',
      interval: '5m',
      input_series: [
        { series: `kube_cronjob_status_last_successful_time{${CRON}}`, values: '0x340' },
        { series: `kube_cronjob_created{${CRON}}`, values: '0x340' },
      ],
      alert_rule_test: [
        { eval_time: '25h', alertname: 'ArgoCDBackupMissing', exp_alerts: [] },
        { eval_time: '26h', alertname: 'ArgoCDBackupMissing', exp_alerts: [{ exp_labels: { severity: 'warning', namespace: 'argocd' }, exp_annotations: MISSING_ANNOTATIONS }] },
        { eval_time: '26h', alertname: 'ArgoCDBackupFailed', exp_alerts: [] },
      ],
    },
    {
      name: 'a run succeeded at 25h: nothing fires at 26h',
      interval: '5m',
      input_series: [
        { series: `kube_cronjob_status_last_successful_time{${CRON}}`, values: '0x299 90000x40' },
        { series: `kube_cronjob_created{${CRON}}`, values: '0x340' },
      ],
      alert_rule_test: [
        { eval_time: '26h', alertname: 'ArgoCDBackupMissing', exp_alerts: [] },
      ],
    },
    {
      name: 'never succeeded since the CronJob was created 26h ago: missing',
      interval: '5m',
      input_series: [
        { series: `kube_cronjob_created{${CRON}}`, values: '0x340' },
      ],
      alert_rule_test: [
        { eval_time: '25h', alertname: 'ArgoCDBackupMissing', exp_alerts: [] },
        { eval_time: '26h', alertname: 'ArgoCDBackupMissing', exp_alerts: [{ exp_labels: { severity: 'warning', namespace: 'argocd' }, exp_annotations: MISSING_ANNOTATIONS }] },
      ],
    },
    {
      name: 'a failed run after the last success fires; an older failure kept in the history does not; other CronJobs do not count',
      interval: '5m',
      input_series: [
        { series: `kube_cronjob_status_last_successful_time{${CRON}}`, values: '3600x40' },
        { series: `kube_cronjob_created{${CRON}}`, values: '0x40' },
        { series: `kube_job_status_start_time{${job('argocd-backup-29000000')}}`, values: '3000x40' },
        { series: `kube_job_status_failed{${job('argocd-backup-29000000')}, reason="BackoffLimitExceeded"}`, values: '1x40' },
        { series: `kube_job_status_start_time{${job('argocd-backup-29001440')}}`, values: '7200x40' },
        { series: `kube_job_status_failed{${job('argocd-backup-29001440')}, reason="DeadlineExceeded"}`, values: '1x40' },
        { series: `kube_job_status_start_time{${job('argocd-backup-manual')}}`, values: '7200x40' },
        { series: `kube_job_status_failed{${job('argocd-backup-manual')}, reason="BackoffLimitExceeded"}`, values: '1x40' },
      ],
      alert_rule_test: [
        { eval_time: '3h', alertname: 'ArgoCDBackupFailed', exp_alerts: [{ exp_labels: { severity: 'warning', namespace: 'argocd', job_name: 'argocd-backup-29001440' }, exp_annotations: failedAnnotations('argocd-backup-29001440') }] },
        { eval_time: '3h', alertname: 'ArgoCDBackupMissing', exp_alerts: [] },
      ],
    },
    {
      name: 'a later success silences an earlier failure',
      interval: '5m',
      input_series: [
        { series: `kube_cronjob_status_last_successful_time{${CRON}}`, values: '10800x40' },
        { series: `kube_job_status_start_time{${job('argocd-backup-29001440')}}`, values: '7200x40' },
        { series: `kube_job_status_failed{${job('argocd-backup-29001440')}, reason="BackoffLimitExceeded"}`, values: '1x40' },
      ],
      alert_rule_test: [
        { eval_time: '3h', alertname: 'ArgoCDBackupFailed', exp_alerts: [] },
      ],
    },
    {
      name: 'the very first run failed (no success ever): fires',
      interval: '5m',
      input_series: [
        { series: `kube_cronjob_created{${CRON}}`, values: '0x40' },
        { series: `kube_job_status_start_time{${job('argocd-backup-29000000')}}`, values: '60x40' },
        { series: `kube_job_status_failed{${job('argocd-backup-29000000')}, reason="BackoffLimitExceeded"}`, values: '0x1 1x40' },
      ],
      alert_rule_test: [
        { eval_time: '5m', alertname: 'ArgoCDBackupFailed', exp_alerts: [] },
        { eval_time: '2h', alertname: 'ArgoCDBackupFailed', exp_alerts: [{ exp_labels: { severity: 'warning', namespace: 'argocd', job_name: 'argocd-backup-29000000' }, exp_annotations: failedAnnotations('argocd-backup-29000000') }] },
      ],
    },
  ],
};

describe('backup alerts', () => {
  const { contributed, groups } = render();

  test('ArgoBackup and the key backup contribute a failed and a missing alert each, with a runbook, and ArgoAlerts renders them', () => {
    expect(contributed.map(r => `${r.contributor} ${r.rule.group}/${r.rule.alert} ${r.rule.severity}`)).toEqual([
      'argocd/Backup argocd-backup/ArgoCDBackupFailed warning',
      'argocd/Backup argocd-backup/ArgoCDBackupMissing warning',
      'argocd/Backup/SealedSecretsKey argocd-backup/ArgoCDSealedSecretsKeyBackupFailed warning',
      'argocd/Backup/SealedSecretsKey argocd-backup/ArgoCDSealedSecretsKeyBackupMissing warning',
    ]);
    for (const { rule } of contributed) expect(rule.runbook).toMatch(/create job --from=cronjob\//);
    expect(groups.flatMap(g => g.rules.map((r: any) => r.alert))).toEqual(contributed.map(r => r.rule.alert));
  });

  describeWithPromtool('promtool', () => {
    test('promtool test rules passes every scenario', () => {
      const result = runPromtool(['test', 'rules', 'tests.yaml'], { 'rules.yaml': { groups }, 'tests.yaml': unitTests });
      expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringMatching(/SUCCESS/) });
    }, 30_000);
  });
});
