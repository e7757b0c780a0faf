import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { assertGuid, fail } from '../util/validation';

/**
 * The Azure Blob Storage container backups go to, reached with Azure workload identity: no storage
 * key or SAS token exists anywhere in Git or in the cluster.
 *
 * The container must be **private** (public access off) and the account encrypted at rest (Azure
 * Storage always is; use a customer-managed key if your policy asks for one): an Argo CD export
 * holds `argocd-secret` and every repository and cluster credential in clear text, and the Sealed
 * Secrets key decrypts every SealedSecret. Give the identity `Storage Blob Data Contributor` on
 * this container only, and turn on soft delete or immutability if a compromised cluster must not be
 * able to delete its own backups.
 */
export interface AzureBlobBackupStorage {
  /** The storage account name (3 to 24 lower-case letters and digits). */
  readonly storageAccount: string;
  /** The resource group of the storage account (used in the generated lifecycle-policy command). */
  readonly resourceGroup: string;
  /** The blob container (3 to 63 lower-case letters, digits and single "-"). */
  readonly container: string;
  /**
   * The folder (blob name prefix) of this platform's backups in the container.
   * @default - the platform's name, e.g. `argocd`
   */
  readonly prefix?: string;
  /**
   * The client ID of the user-assigned managed identity (or app registration) the backup jobs log in
   * as. Federate it with the jobs' ServiceAccounts (subject `system:serviceaccount:<namespace>:<name>`,
   * audience `api://AzureADTokenExchange`); the restore runbook lists both subjects.
   */
  readonly clientId: string;
  /**
   * The Entra ID tenant of that identity.
   * @default - the tenant the workload identity webhook injects (the cluster's)
   */
  readonly tenantId?: string;
  /**
   * How long backups are kept. Enforced by the storage account's lifecycle management policy that
   * the platform writes to `dist/<platform>.backup-lifecycle.json` (apply it once with the command in
   * the restore runbook): the jobs themselves can only add blobs.
   * @default Duration.days(30)
   */
  readonly retention?: Duration;
}

/** Storage settings with defaults applied and checked. */
export interface CheckedStorage {
  readonly storageAccount: string;
  readonly resourceGroup: string;
  readonly container: string;
  readonly prefix: string;
  readonly clientId: string;
  readonly tenantId?: string;
  readonly retentionDays: number;
}

/** Checks storage props (eagerly: they are plain values). */
export function checkStorage(scope: IConstruct, storage: AzureBlobBackupStorage, defaultPrefix: string): CheckedStorage {
  if (!storage || typeof storage !== 'object') fail(scope, 'storage', storage, 'is required (storageAccount, resourceGroup, container, clientId)');
  if (typeof storage.storageAccount !== 'string' || !/^[a-z0-9]{3,24}$/.test(storage.storageAccount)) {
    fail(scope, 'storage.storageAccount', storage.storageAccount, 'must be 3 to 24 lower-case letters and digits');
  }
  if (typeof storage.resourceGroup !== 'string' || !/^[-\w.()]{1,90}$/.test(storage.resourceGroup) || storage.resourceGroup.endsWith('.')) {
    fail(scope, 'storage.resourceGroup', storage.resourceGroup, 'must be an Azure resource group name (letters, digits, "-", "_", ".", "(" and ")", not ending in ".")');
  }
  if (typeof storage.container !== 'string' || !/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(storage.container)) {
    fail(scope, 'storage.container', storage.container, 'must be a blob container name: 3 to 63 lower-case letters, digits and single "-", starting and ending with a letter or digit');
  }
  const prefix = storage.prefix ?? defaultPrefix;
  if (typeof prefix !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix)) {
    fail(scope, 'storage.prefix', prefix, 'must be lower-case letters, digits and "-", folders separated by "/"');
  }
  const clientId = assertGuid(scope, 'storage.clientId', storage.clientId);
  const tenantId = storage.tenantId === undefined ? undefined : assertGuid(scope, 'storage.tenantId', storage.tenantId);
  const retention = storage.retention ?? Duration.days(30);
  if (!(retention instanceof Duration)) fail(scope, 'storage.retention', retention, 'must be a Duration');
  const days = retention.toDays({ integral: false });
  if (!Number.isInteger(days) || days < 1 || days > 36500) {
    fail(scope, 'storage.retention', `${retention.toHours({ integral: false })}h`, 'must be a whole number of days, at least 1 (lifecycle policies count in days)');
  }
  return {
    storageAccount: storage.storageAccount,
    resourceGroup: storage.resourceGroup,
    container: storage.container,
    prefix,
    clientId,
    tenantId,
    retentionDays: days,
  };
}

/**
 * The shell script of the upload container (Azure CLI image): log in with the federated token the
 * workload identity webhook mounts, then upload one file under a UTC date-stamped name.
 */
export function uploadScript(storage: CheckedStorage, file: string, blobStem: string, extension: string): string {
  return [
    'set -eu',
    `test -s ${file}`,
    'az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none',
    `blob="${storage.prefix}/${blobStem}-$(date -u +%Y%m%dT%H%M%SZ).${extension}"`,
    `az storage blob upload --auth-mode login --account-name ${storage.storageAccount} --container-name ${storage.container} --name "$blob" --file ${file} --no-progress --output none`,
    'echo "uploaded $blob"',
    '',
  ].join('\n');
}

/** The storage account lifecycle management policy that deletes this platform's backups after the retention. */
export function lifecyclePolicy(storage: CheckedStorage, ruleName: string): string {
  const policy = {
    rules: [{
      enabled: true,
      name: ruleName,
      type: 'Lifecycle',
      definition: {
        actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: storage.retentionDays } } },
        filters: { blobTypes: ['blockBlob'], prefixMatch: [`${storage.container}/${storage.prefix}/`] },
      },
    }],
  };
  return `${JSON.stringify(policy, null, 2)}\n`;
}

/** The argo-cd style image reference check: a tag or digest, never `latest`. */
export function assertPinnedImage(scope: IConstruct, field: string, image: string): string {
  const match = /^[a-z0-9]+([._-][a-z0-9]+)*(\.[a-z0-9-]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+(:([\w][\w.-]{0,127})|@sha256:[0-9a-f]{64})$/.exec(image ?? '');
  if (!match || match[7] === 'latest') {
    fail(scope, field, image, 'must be an image with an exact tag or digest (registry/repository:tag), never "latest"');
  }
  return image;
}
