import { KubeRole, KubeRoleBinding } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { BACKUP_DIR, BackupScheduleOptions, CONTAINER_SECURITY, HOME_ENV, VOLUME_MOUNTS, checkSchedule, contributeBackupAlerts, renderBackupCronJob, resources, uploadContainer } from './backup-job';
import { AzureBlobBackupStorage, checkStorage, uploadScript } from './backup-storage';
import { IN_CLUSTER_SERVER } from '../platform/argo-environment';
import { ArgoPlatform } from '../platform/argo-platform';
import { PlatformLabels } from '../platform/labels';
import { assertDnsLabel } from '../util/validation';

/** Where the Sealed Secrets controller runs. */
export interface SealedSecretsKeyOptions {
  /**
   * The controller's namespace, where its keys are Secrets labelled
   * `sealedsecrets.bitnami.com/sealed-secrets-key`. The backup needs `list` on Secrets there
   * (Kubernetes RBAC cannot filter by label), so a namespace of its own (such as `sealed-secrets`)
   * keeps that grant narrow; `kube-system` is the upstream default.
   * @default 'kube-system'
   */
  readonly controllerNamespace?: string;
  /**
   * The controller's Deployment, restarted after a restore so it loads the restored keys.
   * @default 'sealed-secrets-controller'
   */
  readonly controllerName?: string;
}

/** Props for SealedSecretsKeyBackup. */
export interface SealedSecretsKeyBackupProps extends BackupScheduleOptions, SealedSecretsKeyOptions {
  /** Where the keys go (the same private, encrypted container as the Argo CD exports). */
  readonly storage: AzureBlobBackupStorage;
}

/** The label the Sealed Secrets controller puts on its key Secrets. */
export const SEALED_SECRETS_KEY_LABEL = 'sealedsecrets.bitnami.com/sealed-secrets-key';

/**
 * A CronJob that copies the Sealed Secrets controller's private keys (every Secret labelled
 * `sealedsecrets.bitnami.com/sealed-secrets-key`, active and rotated-out, since old SealedSecrets
 * need old keys) to Azure Blob Storage as a `kubectl apply`-able List under
 * `<prefix>/sealed-secrets-keys-<timestamp>.json`, with the same workload identity model as
 * ArgoBackup: its own ServiceAccount in the Argo CD namespace (a second federated credential on the
 * same identity), and a Role in the controller's namespace with only `list` on Secrets.
 *
 * The keys decrypt every SealedSecret ever sealed for this cluster: the container must be private
 * and encrypted, and access to it is access to every sealed value.
 *
 * The single container reads the keys from the Kubernetes API with its ServiceAccount token
 * (`curl`), strips them to name, namespace, labels, type and data (`jq`), and uploads them; both
 * tools ship in the Azure CLI image.
 *
 * @see https://github.com/bitnami-labs/sealed-secrets#how-can-i-do-a-backup-of-my-sealedsecrets
 *
 * @example
 * import { ArgoPlatform, SealedSecretsKeyBackup } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * new SealedSecretsKeyBackup(platform, 'SealedSecretsKey', {
 *   storage: {
 *     storageAccount: 'exampleargocdbackup',
 *     resourceGroup: 'rg-platform-backup',
 *     container: 'sealed-secrets-key',
 *     clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d',
 *   },
 * });
 */
export class SealedSecretsKeyBackup extends Construct {
  /** The CronJob (and ServiceAccount, Role) name. */
  public readonly cronJobName = 'argocd-sealed-secrets-key-backup';
  /** The namespace the job runs in (the platform's). */
  public readonly namespace: string;
  /** The controller's namespace. */
  public readonly controllerNamespace: string;
  /** The controller's Deployment. */
  public readonly controllerName: string;
  /** Blob names of the key backups start with this, e.g. `argocd/sealed-secrets-keys-`. */
  public readonly keyBlobPrefix: string;

  constructor(scope: Construct, id: string, props: SealedSecretsKeyBackupProps) {
    super(scope, id);
    const platform = ArgoPlatform.platformOf(this);
    this.namespace = platform.argoCdNamespace;
    this.controllerNamespace = assertDnsLabel(this, 'controllerNamespace', props.controllerNamespace ?? 'kube-system');
    this.controllerName = assertDnsLabel(this, 'controllerName', props.controllerName ?? 'sealed-secrets-controller');
    const storage = checkStorage(this, props.storage, platform.platformName);
    const schedule = checkSchedule(this, props);
    this.keyBlobPrefix = `${storage.prefix}/sealed-secrets-keys-`;

    const file = `${BACKUP_DIR}/sealed-secrets-keys.json`;
    const selector = encodeURIComponent(SEALED_SECRETS_KEY_LABEL);
    const read = [
      'set -eu',
      'sa=/var/run/secrets/kubernetes.io/serviceaccount',
      `curl -sSf --cacert "$sa/ca.crt" -H "Authorization: Bearer $(cat "$sa/token")" "https://kubernetes.default.svc/api/v1/namespaces/${this.controllerNamespace}/secrets?labelSelector=${selector}" -o /tmp/keys.json`,
      `jq '{apiVersion: "v1", kind: "List", items: [.items[] | {apiVersion: "v1", kind: "Secret", type: .type, metadata: {name: .metadata.name, namespace: .metadata.namespace, labels: .metadata.labels}, data: .data}]}' /tmp/keys.json > ${file}`,
      'rm /tmp/keys.json',
      `test "$(jq '.items | length' ${file})" -gt 0 || { echo "no Secret labelled ${SEALED_SECRETS_KEY_LABEL} in ${this.controllerNamespace}" >&2; exit 1; }`,
    ].join('\n');
    renderBackupCronJob(this, {
      name: this.cronJobName,
      namespace: this.namespace,
      component: 'sealed-secrets-key-backup',
      schedule,
      storage,
      initContainers: [{
        name: 'read-keys',
        image: schedule.azureCliImage,
        command: ['/bin/sh', '-c', `${read}\n`],
        env: HOME_ENV,
        volumeMounts: VOLUME_MOUNTS,
        securityContext: CONTAINER_SECURITY,
        resources: resources('50m', '64Mi', '250m', '256Mi'),
      }],
      containers: [uploadContainer(schedule, uploadScript(storage, file, 'sealed-secrets-keys', 'json'))],
    });

    const labels = { [PlatformLabels.NAME]: this.cronJobName, [PlatformLabels.PART_OF]: 'argocd-platform' };
    new KubeRole(this, 'Role', {
      metadata: { name: this.cronJobName, namespace: this.controllerNamespace, labels },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
    });
    new KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: this.cronJobName, namespace: this.controllerNamespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.cronJobName },
      subjects: [{ kind: 'ServiceAccount', name: this.cronJobName, namespace: this.namespace }],
    });
    // The Role lives in the controller's namespace: the platform project must be allowed to deploy there.
    platform.platformProject.addDestination({ server: IN_CLUSTER_SERVER, namespace: this.controllerNamespace });

    contributeBackupAlerts(this, platform, {
      enabled: props.alerts,
      cronJob: this.cronJobName,
      namespace: this.namespace,
      alertPrefix: 'ArgoCDSealedSecretsKeyBackup',
      what: 'Sealed Secrets key',
      alertAfterSeconds: schedule.alertAfterSeconds,
      runbook: [
        `The Sealed Secrets key backup of "${platform.platformName}" did not reach ${storage.storageAccount}/${storage.container}/${storage.prefix}/.`,
        '',
        `1. List the runs with \`kubectl -n ${this.namespace} get jobs -l app.kubernetes.io/name=${this.cronJobName}\` and read the latest failed one: \`kubectl -n ${this.namespace} logs job/<that Job> -c read-keys\` and \`-c upload\`.`,
        `2. \`no Secret labelled\`: the controller is not in \`${this.controllerNamespace}\` or has no key yet; \`403\`: the Role/RoleBinding in ${this.controllerNamespace} is missing (re-sync the platform folder).`,
        `3. \`az login\` failed: federate the identity with \`system:serviceaccount:${this.namespace}:${this.cronJobName}\`.`,
        `4. Run it now: \`kubectl -n ${this.namespace} create job --from=cronjob/${this.cronJobName} ${this.cronJobName}-manual\`.`,
      ].join('\n'),
    });
  }
}
