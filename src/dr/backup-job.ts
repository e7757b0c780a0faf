import { Cron, Duration } from 'cdk8s';
import { Container, KubeCronJob, KubeServiceAccount, PodSecurityContext, Quantity, SecurityContext } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct, IConstruct } from 'constructs';
import { CheckedStorage, assertPinnedImage } from './backup-storage';
import { longestCronGapMinutes } from './cron-interval';
import { AlertSeverity } from '../platform/alert-rules';
import { ArgoPlatform } from '../platform/argo-platform';
import { PlatformLabels } from '../platform/labels';
import { CRON_MACROS, normalizeCronSchedule, timeZoneReason } from '../util/checks';
import { fail } from '../util/validation';

/** When and how a backup CronJob runs. */
export interface BackupScheduleOptions {
  /**
   * When the job runs (a standard five-field cron expression, read in `timeZone`).
   * @default Cron.schedule({ minute: '0', hour: '2' }) (02:00 every night)
   */
  readonly schedule?: Cron;
  /**
   * The IANA time zone the schedule is read in (the CronJob's `timeZone`).
   * @default 'Etc/UTC'
   */
  readonly timeZone?: string;
  /**
   * Finished Jobs kept (`successfulJobsHistoryLimit`).
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs kept (`failedJobsHistoryLimit`), for their logs; the failure alert looks at them.
   * @default 3
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * How late a missed run may still start (`startingDeadlineSeconds`), e.g. after a controller outage.
   * @default Duration.hours(1)
   */
  readonly startingDeadline?: Duration;
  /**
   * How long one run may take before it is killed and counted as failed (`activeDeadlineSeconds`).
   * @default Duration.minutes(30)
   */
  readonly activeDeadline?: Duration;
  /**
   * The Azure CLI image that uploads, pinned by tag or digest.
   * @default 'mcr.microsoft.com/azure-cli:2.67.0'
   */
  readonly azureCliImage?: string;
  /**
   * After how long without a successful run the "backup missing" alert fires.
   * @default - the longest gap between two runs of the schedule, plus the active deadline, plus one
   * hour (daylight-saving changes and scheduling delays)
   */
  readonly alertAfter?: Duration;
  /**
   * Contribute the job's two alerts (a failed run, no successful run) to the platform's ArgoAlerts.
   * Like every contribution, they need a consumer: without ArgoAlerts on the platform the synth fails
   * unless this is false (the job is then watched some other way).
   * @default true
   */
  readonly alerts?: boolean;
}

/** Schedule options with defaults applied and checked. */
export interface CheckedSchedule {
  readonly schedule: string;
  readonly timeZone: string;
  readonly successfulJobsHistoryLimit: number;
  readonly failedJobsHistoryLimit: number;
  readonly startingDeadlineSeconds: number;
  readonly activeDeadlineSeconds: number;
  readonly azureCliImage: string;
  readonly alertAfterSeconds: number;
}

export const DEFAULT_AZURE_CLI_IMAGE = 'mcr.microsoft.com/azure-cli:2.67.0';

function seconds(scope: IConstruct, field: string, value: Duration, min: number, max: number): number {
  if (!(value instanceof Duration)) fail(scope, field, value, 'must be a Duration');
  const s = value.toSeconds({ integral: false });
  if (!Number.isInteger(s) || s < min || s > max) fail(scope, field, `${s}s`, `must be a whole number of seconds from ${min} to ${max}`);
  return s;
}

function historyLimit(scope: IConstruct, field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 100) fail(scope, field, value, 'must be a whole number from 1 to 100 (0 would drop the Jobs the failure alert and your logs need)');
  return value;
}

export function checkSchedule(scope: IConstruct, options: BackupScheduleOptions): CheckedSchedule {
  const schedule = (options.schedule ?? Cron.schedule({ minute: '0', hour: '2' })).expressionString;
  if (/TZ=/.test(schedule)) fail(scope, 'schedule', schedule, 'set the time zone with timeZone, not CRON_TZ/TZ in the schedule (Kubernetes refuses it)');
  // Parsed as cron first, whatever sizes the alert: Kubernetes refuses an hour 26 even with alertAfter set.
  if (normalizeCronSchedule(schedule) === undefined) {
    fail(scope, 'schedule', schedule,
      `must be a five-field cron expression (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6) such as "0 2 * * *", or one of ${CRON_MACROS.join(', ')}`);
  }
  const timeZone = options.timeZone ?? 'Etc/UTC';
  const zoneReason = timeZoneReason(timeZone);
  if (zoneReason) fail(scope, 'timeZone', timeZone, zoneReason);
  const activeDeadlineSeconds = seconds(scope, 'activeDeadline', options.activeDeadline ?? Duration.minutes(30), 60, 86400);
  let alertAfterSeconds: number;
  if (options.alertAfter !== undefined) {
    alertAfterSeconds = seconds(scope, 'alertAfter', options.alertAfter, 600, 366 * 86400);
  } else {
    const gap = longestCronGapMinutes(schedule);
    if (gap === undefined) {
      fail(scope, 'schedule', schedule, 'is not a five-field cron expression this library can size the "backup missing" alert for (or it runs less than twice in two years); set alertAfter');
    }
    alertAfterSeconds = gap * 60 + activeDeadlineSeconds + 3600;
  }
  return {
    schedule,
    timeZone,
    successfulJobsHistoryLimit: historyLimit(scope, 'successfulJobsHistoryLimit', options.successfulJobsHistoryLimit ?? 3),
    failedJobsHistoryLimit: historyLimit(scope, 'failedJobsHistoryLimit', options.failedJobsHistoryLimit ?? 3),
    startingDeadlineSeconds: seconds(scope, 'startingDeadline', options.startingDeadline ?? Duration.hours(1), 10, 86400),
    activeDeadlineSeconds,
    azureCliImage: assertPinnedImage(scope, 'azureCliImage', options.azureCliImage ?? DEFAULT_AZURE_CLI_IMAGE),
    alertAfterSeconds,
  };
}

/** The non-root user the backup containers run as (Argo CD's own UID; the Azure CLI runs as any UID with HOME on an emptyDir). */
const RUN_AS = 999;

/** Restricted-profile security for every backup container. */
export const CONTAINER_SECURITY: SecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: RUN_AS,
  runAsGroup: RUN_AS,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

const POD_SECURITY: PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: RUN_AS,
  runAsGroup: RUN_AS,
  fsGroup: RUN_AS,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Requests and limits of a container. */
export function resources(cpuRequest: string, memoryRequest: string, cpuLimit: string, memoryLimit: string) {
  return {
    requests: { 'cpu': Quantity.fromString(cpuRequest), 'memory': Quantity.fromString(memoryRequest), 'ephemeral-storage': Quantity.fromString('64Mi') },
    limits: { 'cpu': Quantity.fromString(cpuLimit), 'memory': Quantity.fromString(memoryLimit), 'ephemeral-storage': Quantity.fromString('1Gi') },
  };
}

/** The writable places of a backup pod: the backup file and HOME/the Azure CLI's config. Everything else is read-only. */
export const BACKUP_DIR = '/backup';
export const VOLUME_MOUNTS = [{ name: 'backup', mountPath: BACKUP_DIR }, { name: 'tmp', mountPath: '/tmp' }];
export const HOME_ENV = [{ name: 'HOME', value: '/tmp' }];
/** The Azure CLI keeps its login under AZURE_CONFIG_DIR: on the emptyDir too. */
export const AZURE_CLI_ENV = [...HOME_ENV, { name: 'AZURE_CONFIG_DIR', value: '/tmp/.azure' }];

/** The upload container: Azure CLI logging in with the workload identity token. */
export function uploadContainer(schedule: CheckedSchedule, script: string): Container {
  return {
    name: 'upload',
    image: schedule.azureCliImage,
    command: ['/bin/sh', '-c', script],
    env: AZURE_CLI_ENV,
    volumeMounts: VOLUME_MOUNTS,
    securityContext: CONTAINER_SECURITY,
    resources: resources('100m', '256Mi', '1', '512Mi'),
  };
}

export interface BackupCronJobOptions {
  readonly name: string;
  readonly namespace: string;
  readonly component: string;
  readonly schedule: CheckedSchedule;
  readonly storage: CheckedStorage;
  readonly initContainers?: Container[];
  readonly containers: Container[];
}

/**
 * The ServiceAccount (with the workload identity client ID) and the CronJob of one backup. The pod
 * is labelled `azure.workload.identity/use: "true"`, so the webhook mounts the federated token and
 * sets AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE in every container.
 */
export function renderBackupCronJob(scope: Construct, options: BackupCronJobOptions): void {
  const labels = { [PlatformLabels.NAME]: options.name, [PlatformLabels.COMPONENT]: options.component, [PlatformLabels.PART_OF]: 'argocd-platform' };
  new KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels,
      annotations: {
        [PlatformLabels.AZURE_WORKLOAD_IDENTITY_CLIENT_ID]: options.storage.clientId,
        ...(options.storage.tenantId ? { [PlatformLabels.AZURE_WORKLOAD_IDENTITY_TENANT_ID]: options.storage.tenantId } : {}),
      },
    },
    automountServiceAccountToken: false,
  });
  const s = options.schedule;
  new KubeCronJob(scope, 'CronJob', {
    metadata: { name: options.name, namespace: options.namespace, labels },
    spec: {
      schedule: s.schedule,
      timeZone: s.timeZone,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: s.startingDeadlineSeconds,
      successfulJobsHistoryLimit: s.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: s.failedJobsHistoryLimit,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 2,
          activeDeadlineSeconds: s.activeDeadlineSeconds,
          template: {
            metadata: { labels: { ...labels, [PlatformLabels.AZURE_WORKLOAD_IDENTITY_USE]: 'true' } },
            spec: {
              serviceAccountName: options.name,
              // The Kubernetes API token is needed to read what is backed up; only this pod gets it.
              automountServiceAccountToken: true,
              restartPolicy: 'Never',
              securityContext: POD_SECURITY,
              initContainers: options.initContainers,
              containers: options.containers,
              volumes: [
                { name: 'backup', emptyDir: { sizeLimit: Quantity.fromString('1Gi') } },
                { name: 'tmp', emptyDir: { sizeLimit: Quantity.fromString('256Mi') } },
              ],
            },
          },
        },
      },
    },
  });
}

/** The two alerts of one backup CronJob, contributed to the platform's alerts (ArgoAlerts renders them; without it the synth fails), unless turned off. */
export function contributeBackupAlerts(scope: IConstruct, platform: ArgoPlatform, options: {
  readonly enabled?: boolean;
  readonly cronJob: string;
  readonly namespace: string;
  readonly alertPrefix: string;
  readonly what: string;
  readonly alertAfterSeconds: number;
  readonly runbook: string;
}): void {
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') fail(scope, 'alerts', options.enabled, 'must be true or false');
  if (options.enabled === false) return;
  const job = `namespace="${options.namespace}", job_name=~"${options.cronJob}-[0-9]+"`;
  const cron = `namespace="${options.namespace}", cronjob="${options.cronJob}"`;
  const failedStarts = `max by (namespace, job_name) (kube_job_status_start_time{${job}} and on (namespace, job_name) (kube_job_status_failed{${job}} > 0))`;
  const lastSuccess = `max by (namespace) (kube_cronjob_status_last_successful_time{${cron}})`;
  platform.alertRules.add(scope, {
    group: 'argocd-backup',
    alert: `${options.alertPrefix}Failed`,
    // A failed run newer than the last successful one (or with no success ever); an older failure kept in the history does not fire.
    expr: `(${failedStarts} > on (namespace) group_left () ${lastSuccess}) or (${failedStarts} unless on (namespace) ${lastSuccess})`,
    severity: AlertSeverity.WARNING,
    summary: `The ${options.what} backup run {{ $labels.job_name }} failed`,
    description: `Job {{ $labels.namespace }}/{{ $labels.job_name }} of CronJob ${options.cronJob} failed and no later run has succeeded. Until one does, a restore would use an older backup.`,
    runbook: options.runbook,
  });
  const hours = Math.round(options.alertAfterSeconds / 360) / 10;
  platform.alertRules.add(scope, {
    group: 'argocd-backup',
    alert: `${options.alertPrefix}Missing`,
    expr: `(time() - ${lastSuccess} > ${options.alertAfterSeconds}) or (time() - max by (namespace) (kube_cronjob_created{${cron}}) > ${options.alertAfterSeconds} unless on (namespace) ${lastSuccess})`,
    severity: AlertSeverity.WARNING,
    summary: `No successful ${options.what} backup for more than ${hours}h`,
    description: `CronJob {{ $labels.namespace }}/${options.cronJob} has not completed a run within its schedule (${hours}h, schedule plus deadline plus slack).`,
    runbook: options.runbook,
  });
}
