import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { ArgoBackup, ContributedAlertRule } from '../../src';
import { newPlatform } from '../helpers/platform-fixture';

/**
 * The backup alerts under promtool: the rules exactly as contributed to `platform.alertRules`, a
 * unit test per scenario, one promtool invocation. Skipped with the reason when promtool is not
 * installed; CI sets ARGOCD_PLATFORM_REQUIRE_PROMTOOL=1 so it fails there instead.
 */
const REQUIRE_ENV = 'ARGOCD_PLATFORM_REQUIRE_PROMTOOL';

function hasPromtool(): boolean {
  return spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
}

function contributedRules(): ContributedAlertRule[] {
  const { platform } = newPlatform();
  new ArgoBackup(platform, 'Backup', {
    storage: { storageAccount: 'civicaargocdbackup', resourceGroup: 'rg-backup', container: 'argocd-backup', clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d' },
    sealedSecretsKey: {},
  });
  return platform.alertRules.all;
}

/** The rules file as a Prometheus rule group (what ArgoAlerts renders into its PrometheusRule). */
function rulesFile(rules: ContributedAlertRule[]): string {
  const groups = [...new Set(rules.map(r => r.rule.group))].map(name => ({
    name,
    rules: rules.filter(r => r.rule.group === name).map(({ rule }) => ({
      alert: rule.alert,
      expr: rule.expr,
      ...(rule.for ? { for: `${rule.for.toSeconds()}s` } : {}),
      labels: { ...(rule.labels ?? {}), severity: rule.severity },
      annotations: { summary: rule.summary, description: rule.description },
    })),
  }));
  return stringify({ groups }, { lineWidth: 0 });
}

const CRON = 'namespace="argocd", cronjob="argocd-backup"';
const job = (name: string) => `namespace="argocd", job_name="${name}"`;
const MISSING_ANNOTATIONS = {
  summary: 'No successful Argo CD backup for more than 25.5h',
  description: 'CronJob argocd/argocd-backup has not completed a run within its schedule (25.5h, schedule plus deadline plus slack).',
};
const failedAnnotations = (name: string) => ({
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

describe('backup alerts under promtool', () => {
  const rules = contributedRules();

  test('ArgoBackup and the key backup contribute a failed and a missing alert each, with a runbook', () => {
    expect(rules.map(r => `${r.contributor} ${r.rule.group}/${r.rule.alert} ${r.rule.severity}`)).toEqual([
      'argocd/Backup argocd-backup/ArgoCDBackupFailed warning',
      'argocd/Backup argocd-backup/ArgoCDBackupMissing warning',
      'argocd/Backup/SealedSecretsKey argocd-backup/ArgoCDSealedSecretsKeyBackupFailed warning',
      'argocd/Backup/SealedSecretsKey argocd-backup/ArgoCDSealedSecretsKeyBackupMissing warning',
    ]);
    for (const { rule } of rules) expect(rule.runbook).toMatch(/create job --from=cronjob\//);
  });

  const available = hasPromtool();
  if (!available && process.env[REQUIRE_ENV] !== '1') {
    // eslint-disable-next-line no-console
    console.warn('SKIPPED "promtool test rules": promtool is not installed (apt-get install prometheus); CI sets ARGOCD_PLATFORM_REQUIRE_PROMTOOL=1');
  }
  (available || process.env[REQUIRE_ENV] === '1' ? test : test.skip)(
    `promtool test rules passes every scenario${available ? '' : ' [SKIPPED: promtool is not installed (set ARGOCD_PLATFORM_REQUIRE_PROMTOOL=1 to fail instead)]'}`, () => {
      if (!available) throw new Error(`promtool is not installed, and ${REQUIRE_ENV}=1 requires it`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-alerts-'));
      fs.writeFileSync(path.join(dir, 'rules.yaml'), rulesFile(rules));
      fs.writeFileSync(path.join(dir, 'tests.yaml'), stringify(unitTests, { lineWidth: 0 }));
      let output: string;
      try {
        output = execFileSync('promtool', ['test', 'rules', 'tests.yaml'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      } catch (e: any) {
        throw new Error(`promtool failed:\n${e.stdout}\n${e.stderr}`);
      }
      expect(output).toMatch(/SUCCESS/);
    }, 30_000);
});
