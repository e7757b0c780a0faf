import { ApiObject, Lazy } from 'cdk8s';
import { KubeClusterRole, KubeClusterRoleBinding, KubeRole, KubeRoleBinding } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct, IConstruct } from 'constructs';
import { BACKUP_DIR, BackupScheduleOptions, CONTAINER_SECURITY, CheckedSchedule, HOME_ENV, VOLUME_MOUNTS, checkSchedule, contributeBackupAlerts, renderBackupCronJob, resources, uploadContainer } from './backup-job';
import { AzureBlobBackupStorage, CheckedStorage, checkStorage, lifecyclePolicy, uploadScript } from './backup-storage';
import { SealedSecretsKeyBackup, SealedSecretsKeyOptions } from './sealed-secrets-key-backup';
import { ArgoPlatform } from '../platform/argo-platform';
import { SettingsConfigMap } from '../platform/argo-settings';
import { PlatformLabels } from '../platform/labels';
import { PlatformCapability } from '../platform/registries';
import { describeInvalid, fail } from '../util/validation';

/** Props for ArgoBackup. */
export interface ArgoBackupProps extends BackupScheduleOptions {
  /** Where the exports go: a private, encrypted Azure Blob container reached with workload identity. */
  readonly storage: AzureBlobBackupStorage;
  /**
   * Also back up the Sealed Secrets controller's private keys (the seed: "critical"), with a second
   * CronJob on the same schedule, storage and identity. Required when the platform renders any
   * SealedSecret: without the key, no SealedSecret in Git can be decrypted after a rebuild.
   * @default - no key backup
   */
  readonly sealedSecretsKey?: SealedSecretsKeyOptions;
  /**
   * Grant the export `list` on Applications (and ApplicationSets) in all namespaces. Argo CD 3.5's
   * export lists them cluster-wide as soon as `application.namespaces` (or
   * `applicationset.namespaces`) is set in argocd-cmd-params-cm (Applications in any namespace, used
   * by team application namespaces), and fails without it; it is the only cluster-wide permission
   * the backup ever gets, and must be granted knowingly. The synth fails when this does not match the platform.
   * @default false
   */
  readonly listApplicationsInAllNamespaces?: boolean;
}

const BACKUP_SYMBOL = Symbol.for('cdk8s-argocd-platform.ArgoBackup');

/** The ConfigMaps `argocd admin export` reads (Argo CD 3.5: it fails if one is missing). */
const EXPORTED_CONFIG_MAPS = ['argocd-cm', 'argocd-cmd-params-cm', 'argocd-rbac-cm', 'argocd-ssh-known-hosts-cm', 'argocd-tls-certs-cm'];

/**
 * A nightly (by default) `argocd admin export` of one Argo CD instance, uploaded to Azure Blob
 * Storage with workload identity under a UTC date-stamped name (`<prefix>/argocd-export-<YYYYMMDDTHHMMSSZ>.yaml`).
 *
 * A CronJob (`concurrencyPolicy: Forbid`, history limits, starting and active deadlines) runs the
 * export in `quay.io/argoproj/argocd:<the platform's argoCdVersion>` as an init container, then
 * uploads the file with the pinned Azure CLI image (`az login --federated-token` with the token the
 * workload identity webhook mounts, `az storage blob upload --auth-mode login`): no storage key
 * exists anywhere. Its own ServiceAccount (annotated with the identity's client ID) and a Role in
 * the Argo CD namespace allow exactly what the export reads: `get` on the five settings ConfigMaps,
 * `list` on Secrets, AppProjects, Applications and ApplicationSets; nothing cluster-wide unless
 * `listApplicationsInAllNamespaces`. Containers run as non-root with a read-only root filesystem,
 * no privilege escalation, all capabilities dropped, the RuntimeDefault seccomp profile, and
 * requests and limits; the export lives only on an emptyDir.
 *
 * **The export contains secrets** (`argocd-secret`, repository and cluster credentials): the
 * container must be private and encrypted. It does **not** contain `argocd-notifications-cm`,
 * `argocd-notifications-secret`, `argocd-cmd-params-cm`, `argocd-gpg-keys-cm` or Image Updater
 * resources: they come back from Git (the platform folder) and Key Vault, as the restore runbook says.
 *
 * Retention is the storage account's lifecycle policy, written to `dist/<platform>.backup-lifecycle.json`.
 * Two alerts (kube-state-metrics), rendered by the platform's ArgoAlerts, watch the job: a failed run
 * with no later success, and no success within the schedule (`alerts: false` without ArgoAlerts).
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/disaster_recovery/
 *
 * @example
 * import { Cron, Duration } from 'cdk8s';
 * import { ArgoBackup, ArgoPlatform } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * new ArgoBackup(platform, 'Backup', {
 *   storage: {
 *     storageAccount: 'exampleargocdbackup',
 *     resourceGroup: 'rg-platform-backup',
 *     container: 'argocd-backup',
 *     clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d',
 *     retention: Duration.days(30),
 *   },
 *   schedule: Cron.schedule({ minute: '30', hour: '1' }),
 * });
 */
export class ArgoBackup extends Construct {
  /** Whether a construct is an ArgoBackup. */
  public static isArgoBackup(x: any): x is ArgoBackup {
    return x !== null && typeof x === 'object' && BACKUP_SYMBOL in x;
  }

  /** The CronJob (and ServiceAccount, Role) name. */
  public readonly cronJobName = 'argocd-backup';
  /** The namespace it runs in (the platform's). */
  public readonly namespace: string;
  /** The storage account. */
  public readonly storageAccount: string;
  /** The blob container. */
  public readonly container: string;
  /** The resource group of the storage account. */
  public readonly storageResourceGroup: string;
  /** The client ID of the workload identity the jobs log in as. */
  public readonly clientId: string;
  /** The folder of this platform's backups in the container. */
  public readonly prefix: string;
  /** Blob names of the exports start with this, e.g. `argocd/argocd-export-`. */
  public readonly exportBlobPrefix: string;
  /** The image the export runs in. */
  public readonly exportImage: string;
  /** Days backups are kept (by the lifecycle policy). */
  public readonly retentionDays: number;
  /** The cron schedule. */
  public readonly schedule: string;
  /** The file name of the lifecycle policy artifact, e.g. `argocd.backup-lifecycle.json`. */
  public readonly lifecyclePolicyFileName: string;
  /** The Sealed Secrets key backup, when configured. */
  public readonly sealedSecretsKeyBackup?: SealedSecretsKeyBackup;

  private readonly platform: ArgoPlatform;
  private readonly listAllNamespaces: boolean;

  constructor(scope: Construct, id: string, props: ArgoBackupProps) {
    super(scope, id);
    Object.defineProperty(this, BACKUP_SYMBOL, { value: true });
    const platform = ArgoPlatform.platformOf(this);
    this.platform = platform;
    this.namespace = platform.argoCdNamespace;
    const storage: CheckedStorage = checkStorage(this, props.storage, platform.platformName);
    const schedule: CheckedSchedule = checkSchedule(this, props);
    this.storageAccount = storage.storageAccount;
    this.container = storage.container;
    this.storageResourceGroup = storage.resourceGroup;
    this.clientId = storage.clientId;
    this.prefix = storage.prefix;
    this.retentionDays = storage.retentionDays;
    this.schedule = schedule.schedule;
    this.exportBlobPrefix = `${storage.prefix}/argocd-export-`;
    this.exportImage = `quay.io/argoproj/argocd:${platform.argoCdVersion.tag}`;
    this.listAllNamespaces = props.listApplicationsInAllNamespaces ?? false;
    const existing = platform.capabilities.providerOf(PlatformCapability.BACKUP);
    if (existing) fail(this, 'scope', platform.node.path, `this platform is already backed up by [${existing.node.path}]; one ArgoBackup per platform`);
    platform.capabilities.provide(this, PlatformCapability.BACKUP);

    const file = `${BACKUP_DIR}/argocd-export.yaml`;
    renderBackupCronJob(this, {
      name: this.cronJobName,
      namespace: this.namespace,
      component: 'backup',
      schedule,
      storage,
      initContainers: [{
        name: 'export',
        image: this.exportImage,
        command: ['argocd', 'admin', 'export', '--namespace', this.namespace, '--out', file],
        env: HOME_ENV,
        volumeMounts: VOLUME_MOUNTS,
        securityContext: CONTAINER_SECURITY,
        resources: resources('50m', '128Mi', '500m', '512Mi'),
      }],
      containers: [uploadContainer(schedule, uploadScript(storage, file, 'argocd-export', 'yaml'))],
    });
    this.renderRbac();

    this.lifecyclePolicyFileName = `${platform.platformName}.backup-lifecycle.json`;
    platform.addArtifact(this.lifecyclePolicyFileName, { produce: () => lifecyclePolicy(storage, `${platform.platformName}-backup-retention`) });

    contributeBackupAlerts(this, platform, {
      enabled: props.alerts,
      cronJob: this.cronJobName,
      namespace: this.namespace,
      alertPrefix: 'ArgoCDBackup',
      what: 'Argo CD',
      alertAfterSeconds: schedule.alertAfterSeconds,
      runbook: backupRunbook(this, platform),
    });

    if (props.sealedSecretsKey) {
      this.sealedSecretsKeyBackup = new SealedSecretsKeyBackup(this, 'SealedSecretsKey', { ...props, ...props.sealedSecretsKey, storage: props.storage });
    }
    this.node.addValidation({ validate: () => this.validateAgainstPlatform() });
  }

  /** The app/appset namespaces of argocd-cmd-params-cm (apps in any namespace), as the export reads them. */
  private additionalNamespaces(): { applications: boolean; applicationSets: boolean } {
    const data = this.platform.settings.data(SettingsConfigMap.CMD_PARAMS_CM);
    return { applications: !!data['application.namespaces'], applicationSets: !!data['applicationset.namespaces'] };
  }

  private renderRbac(): void {
    const metadata = { name: this.cronJobName, namespace: this.namespace, labels: { [PlatformLabels.NAME]: this.cronJobName, [PlatformLabels.PART_OF]: 'argocd-platform' } };
    new KubeRole(this, 'Role', {
      metadata,
      rules: [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: EXPORTED_CONFIG_MAPS, verbs: ['get'] },
        // Kubernetes RBAC cannot filter by label: export lists the namespace's Secrets and keeps Argo CD's own.
        { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
        { apiGroups: ['argoproj.io'], resources: ['applications', 'applicationsets', 'appprojects'], verbs: ['list'] },
      ],
    });
    const subjects = [{ kind: 'ServiceAccount', name: this.cronJobName, namespace: this.namespace }];
    new KubeRoleBinding(this, 'RoleBinding', { metadata, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.cronJobName }, subjects });
    if (this.listAllNamespaces) {
      const clusterName = `${this.namespace}-${this.cronJobName}-list-applications`;
      new KubeClusterRole(this, 'ClusterRole', {
        metadata: { name: clusterName, labels: metadata.labels },
        rules: [{
          apiGroups: ['argoproj.io'],
          resources: Lazy.any({
            produce: () => {
              const ns = this.additionalNamespaces();
              return [...(ns.applications ? ['applications'] : []), ...(ns.applicationSets ? ['applicationsets'] : [])];
            },
          }),
          verbs: ['list'],
        }],
      });
      new KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name: clusterName, labels: metadata.labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
        subjects,
      });
    }
  }

  private validateAgainstPlatform(): string[] {
    const errors: string[] = [];
    const ns = this.additionalNamespaces();
    const needed = ns.applications || ns.applicationSets;
    if (needed && !this.listAllNamespaces) {
      errors.push(describeInvalid(this, 'listApplicationsInAllNamespaces', false,
        'argocd-cmd-params-cm sets application.namespaces or applicationset.namespaces, so argocd admin export lists Applications/ApplicationSets in all namespaces and would fail with Forbidden; set it to true to grant exactly that list permission'));
    }
    if (!needed && this.listAllNamespaces) {
      errors.push(describeInvalid(this, 'listApplicationsInAllNamespaces', true,
        'the platform has no application.namespaces or applicationset.namespaces, so the export reads only its own namespace; a cluster-wide grant would serve nothing'));
    }
    if (!this.sealedSecretsKeyBackup && renderedKinds(this.platform).has('SealedSecret')) {
      errors.push(describeInvalid(this, 'sealedSecretsKey', undefined,
        'the platform renders SealedSecrets, which no restore can decrypt without the controller\'s key; set sealedSecretsKey to back it up with the same storage and identity'));
    }
    return errors;
  }
}

/** The kinds of every object the platform and its environments render. */
export function renderedKinds(platform: ArgoPlatform): Set<string> {
  return new Set(renderedObjects(platform).map(o => o.kind));
}

/** Every ApiObject of the platform chart and its environment charts. */
export function renderedObjects(platform: ArgoPlatform): ApiObject[] {
  const charts: IConstruct[] = [platform, ...platform.environments];
  return charts.flatMap(chart => chart.node.findAll()).filter((c): c is ApiObject => ApiObject.isApiObject(c));
}

function backupRunbook(backup: ArgoBackup, platform: ArgoPlatform): string {
  return [
    `The scheduled export of Argo CD "${platform.platformName}" (\`${backup.schedule}\`) did not reach Azure Blob Storage (${backup.storageAccount}/${backup.container}/${backup.prefix}/).`,
    '',
    `1. List the runs with \`kubectl -n ${backup.namespace} get jobs -l app.kubernetes.io/name=${backup.cronJobName}\` and read the latest failed one (ArgoCDBackupFailed names it in \`job_name\`): \`kubectl -n ${backup.namespace} logs job/<that Job> -c export\` (the export) and \`-c upload\` (the upload). No run at all: \`kubectl -n ${backup.namespace} describe cronjob ${backup.cronJobName}\` (suspended, or missed its starting deadline).`,
    '2. Export failed with `not found`: one of argocd-cm, argocd-rbac-cm, argocd-ssh-known-hosts-cm, argocd-tls-certs-cm or argocd-cmd-params-cm is missing (the platform folder renders all five); with `forbidden`: the Role no longer matches (re-sync the platform folder).',
    '3. Upload failed at `az login`: the federated credential of the managed identity does not match the subject `system:serviceaccount:' + `${backup.namespace}:${backup.cronJobName}\` or the pod lacks the \`azure.workload.identity/use\` label; at \`upload\`: the identity lacks Storage Blob Data Contributor on the container.`,
    `4. Run it now: \`kubectl -n ${backup.namespace} create job --from=cronjob/${backup.cronJobName} ${backup.cronJobName}-manual\`.`,
  ].join('\n');
}
