import { Cron, Duration } from 'cdk8s';
import { ArgoBackup, ArgoBackupProps, ArgoPlatform, PlatformCapability, SecretSource, SelfManagedArgo } from '../../src';
import { selfManagedReleaseOf } from '../../src/platform/self-managed-release';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

const STORAGE = {
  storageAccount: 'civicaargocdbackup',
  resourceGroup: 'rg-platform-backup',
  container: 'argocd-backup',
  clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d',
};

function withBackup(props: Partial<ArgoBackupProps> = {}, extra: (platform: ArgoPlatform) => void = () => undefined) {
  const { app, platform } = newPlatform();
  const backup = new ArgoBackup(platform, 'Backup', { storage: STORAGE, alerts: false, ...props });
  extra(platform);
  return { app, platform, backup };
}

function objects(files: Record<string, any>, kind: string): any[] {
  return Object.values(files).filter(o => o?.kind === kind);
}

describe('ArgoBackup', () => {
  test('GIVEN a backup THEN a CronJob exports with the platform\'s Argo CD image and uploads with workload identity', () => {
    const { app, platform, backup } = withBackup();
    const files = renderParsed(app);
    const cronJob = files['argocd/cronjob-argocd-backup.yaml'];
    expect(cronJob.metadata).toEqual(expect.objectContaining({ name: 'argocd-backup', namespace: 'argocd' }));
    expect(cronJob.spec).toEqual(expect.objectContaining({
      schedule: '0 2 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    }));
    const job = cronJob.spec.jobTemplate.spec;
    expect(job).toEqual(expect.objectContaining({ activeDeadlineSeconds: 1800, backoffLimit: 2 }));
    const pod = job.template.spec;
    expect(job.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(pod.serviceAccountName).toBe('argocd-backup');
    expect(pod.restartPolicy).toBe('Never');
    const [exporter] = pod.initContainers;
    expect(exporter.image).toBe(`quay.io/argoproj/argocd:${platform.argoCdVersion.tag}`);
    expect(exporter.command).toEqual(['argocd', 'admin', 'export', '--namespace', 'argocd', '--out', '/backup/argocd-export.yaml']);
    const [upload] = pod.containers;
    expect(upload.image).toBe('mcr.microsoft.com/azure-cli:2.67.0');
    expect(upload.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(upload.command[2].split('\n')).toEqual([
      'set -eu',
      'test -s /backup/argocd-export.yaml',
      'az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none',
      'blob="argocd/argocd-export-$(date -u +%Y%m%dT%H%M%SZ).yaml"',
      'az storage blob upload --auth-mode login --account-name civicaargocdbackup --container-name argocd-backup --name "$blob" --file /backup/argocd-export.yaml --no-progress --output none',
      'echo "uploaded $blob"',
      '',
    ]);
    expect(backup.exportBlobPrefix).toBe('argocd/argocd-export-');
    // No storage key anywhere: the ServiceAccount names the identity, nothing else.
    const sa = files['argocd/serviceaccount-argocd-backup.yaml'];
    expect(sa.metadata.annotations).toEqual({ 'azure.workload.identity/client-id': STORAGE.clientId });
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(JSON.stringify(files)).not.toMatch(/AccountKey|SharedAccessSignature|connection-string|sig=/i);
    expect(platform.capabilities.providerOf(PlatformCapability.BACKUP)).toBe(backup);
  });

  test('every container runs restricted: non-root, read-only root filesystem, no escalation, no capabilities, RuntimeDefault, requests and limits', () => {
    const { app } = withBackup({ sealedSecretsKey: {} });
    for (const cronJob of objects(renderParsed(app), 'CronJob')) {
      const pod = cronJob.spec.jobTemplate.spec.template.spec;
      expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } });
      const containers = [...(pod.initContainers ?? []), ...pod.containers];
      expect(containers.length).toBe(2);
      for (const container of containers) {
        expect({ name: container.name, securityContext: container.securityContext }).toEqual({
          name: container.name,
          securityContext: {
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 999,
            runAsGroup: 999,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
        });
        expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
        expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
        // The only writable places are the two emptyDirs.
        expect(container.volumeMounts).toEqual([{ name: 'backup', mountPath: '/backup' }, { name: 'tmp', mountPath: '/tmp' }]);
      }
      expect(pod.volumes.map((v: any) => Object.keys(v).sort())).toEqual([['emptyDir', 'name'], ['emptyDir', 'name']]);
    }
  });

  test('the Role allows exactly what export reads, in the platform namespace, and nothing cluster-wide', () => {
    const { app } = withBackup();
    const files = renderParsed(app);
    expect(files['argocd/role-argocd-backup.yaml']).toEqual(expect.objectContaining({
      metadata: expect.objectContaining({ name: 'argocd-backup', namespace: 'argocd' }),
      rules: [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['argocd-cm', 'argocd-cmd-params-cm', 'argocd-rbac-cm', 'argocd-ssh-known-hosts-cm', 'argocd-tls-certs-cm'], verbs: ['get'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
        { apiGroups: ['argoproj.io'], resources: ['applications', 'applicationsets', 'appprojects'], verbs: ['list'] },
      ],
    }));
    expect(files['argocd/rolebinding-argocd-backup.yaml']).toEqual(expect.objectContaining({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'argocd-backup' },
      subjects: [{ kind: 'ServiceAccount', name: 'argocd-backup', namespace: 'argocd' }],
    }));
    expect(objects(files, 'ClusterRole')).toEqual([]);
    expect(objects(files, 'ClusterRoleBinding')).toEqual([]);
  });

  test('with Applications in other namespaces, export lists them cluster-wide: granted only knowingly, and only list', () => {
    const addNamespaces = (platform: ArgoPlatform) => platform.settings.addToList(platform, 'argocd-cmd-params-cm' as any, 'application.namespaces', 'payments-apps', ',');
    const refused = withBackup({}, addNamespaces);
    expect(() => refused.app.render()).toThrow('[argocd/Backup] listApplicationsInAllNamespaces: argocd-cmd-params-cm sets application.namespaces or applicationset.namespaces, so argocd admin export lists Applications/ApplicationSets in all namespaces and would fail with Forbidden; set it to true to grant exactly that list permission (got false)');

    const granted = withBackup({ listApplicationsInAllNamespaces: true }, addNamespaces);
    const files = renderParsed(granted.app);
    expect(files['argocd/clusterrole-argocd-argocd-backup-list-applications.yaml'].rules).toEqual([{ apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['list'] }]);
    expect(files['argocd/clusterrolebinding-argocd-argocd-backup-list-applications.yaml'].subjects).toEqual([{ kind: 'ServiceAccount', name: 'argocd-backup', namespace: 'argocd' }]);

    const needless = withBackup({ listApplicationsInAllNamespaces: true });
    expect(() => needless.app.render()).toThrow(/listApplicationsInAllNamespaces: the platform has no application.namespaces or applicationset.namespaces, so the export reads only its own namespace; a cluster-wide grant would serve nothing \(got true\)/);
  });

  test('retention is a lifecycle policy artifact for the platform\'s prefix', () => {
    const { app, backup } = withBackup({ storage: { ...STORAGE, prefix: 'prod/argocd', retention: Duration.days(14) } });
    const policy = JSON.parse(app.render()['argocd.backup-lifecycle.json']);
    expect(policy.rules).toEqual([{
      enabled: true,
      name: 'argocd-backup-retention',
      type: 'Lifecycle',
      definition: {
        actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 14 } } },
        filters: { blobTypes: ['blockBlob'], prefixMatch: ['argocd-backup/prod/argocd/'] },
      },
    }]);
    expect(backup.exportBlobPrefix).toBe('prod/argocd/argocd-export-');
  });

  test('schedule, time zone, history and deadlines are typed', () => {
    const { app } = withBackup({
      schedule: Cron.schedule({ minute: '15', hour: '3', weekDay: '1-5' }),
      timeZone: 'Europe/London',
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 5,
      startingDeadline: Duration.minutes(20),
      activeDeadline: Duration.minutes(10),
    });
    const cronJob = renderParsed(app)['argocd/cronjob-argocd-backup.yaml'];
    expect(cronJob.spec).toEqual(expect.objectContaining({ schedule: '15 3 * * 1-5', timeZone: 'Europe/London', successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 5, startingDeadlineSeconds: 1200 }));
    expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(600);
  });

  test('bad input is refused naming the field', () => {
    const { platform } = newPlatform();
    const make = (id: string, props: Partial<ArgoBackupProps>) => () => new ArgoBackup(platform, id, { storage: STORAGE, ...props });
    expect(make('A', { storage: { ...STORAGE, storageAccount: 'Civica-Backup' } })).toThrow('[argocd/A] storage.storageAccount: must be 3 to 24 lower-case letters and digits (got "Civica-Backup")');
    expect(make('B', { storage: { ...STORAGE, clientId: 'backup-identity' } })).toThrow('[argocd/B] storage.clientId: must be a GUID such as 84ce98d1-e359-4f3b-85af-985b458de3c6 (got "backup-identity")');
    expect(make('C', { azureCliImage: 'mcr.microsoft.com/azure-cli:latest' })).toThrow('[argocd/C] azureCliImage: must be an image with an exact tag or digest (registry/repository:tag), never "latest" (got "mcr.microsoft.com/azure-cli:latest")');
    expect(make('D', { storage: { ...STORAGE, retention: Duration.hours(36) } })).toThrow('[argocd/D] storage.retention: must be a whole number of days, at least 1 (lifecycle policies count in days) (got "36h")');
    expect(make('E', { timeZone: 'London time' })).toThrow('[argocd/E] timeZone: must be an IANA time zone such as Europe/London or Etc/UTC (got "London time")');
    expect(make('F', { schedule: Cron.schedule({ minute: '0', hour: '0', day: '30', month: '2' }) })).toThrow('[argocd/F] schedule: is not a five-field cron expression this library can size the "backup missing" alert for (or it runs less than twice in two years); set alertAfter (got "0 0 30 2 *")');
    // Parsed as cron before the alert is sized: alertAfter does not let hour 26 through (Kubernetes would refuse the CronJob).
    expect(make('H', { schedule: Cron.schedule({ minute: '0', hour: '26' }), alertAfter: Duration.hours(30) }))
      .toThrow('[argocd/H] schedule: must be a five-field cron expression (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6) such as "0 2 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly (got "0 26 * * *")');
    expect(make('I', { timeZone: 'Europe/Lodnon' })).toThrow('[argocd/I] timeZone: must be an IANA time zone such as Europe/London or Etc/UTC; no zone of this name exists (got "Europe/Lodnon")');
    expect(make('J', { timeZone: 'US/Eastern' })).not.toThrow();
    expect(make('G', { failedJobsHistoryLimit: 0 })).toThrow('[argocd/G] failedJobsHistoryLimit: must be a whole number from 1 to 100 (0 would drop the Jobs the failure alert and your logs need) (got 0)');
  });

  test('a second backup on one platform is refused naming the first', () => {
    const { platform } = withBackup();
    expect(() => new ArgoBackup(platform, 'Again', { storage: STORAGE })).toThrow('[argocd/Again] scope: this platform is already backed up by [argocd/Backup]; one ArgoBackup per platform (got "argocd")');
  });
});

describe('SealedSecretsKeyBackup', () => {
  test('GIVEN sealedSecretsKey THEN a second CronJob with its own ServiceAccount and a list-only Role in the controller namespace', () => {
    const { app, backup } = withBackup({ sealedSecretsKey: { controllerNamespace: 'sealed-secrets', controllerName: 'sealed-secrets' } });
    const files = renderParsed(app);
    const cronJob = files['argocd/cronjob-argocd-sealed-secrets-key-backup.yaml'];
    expect(cronJob.spec.schedule).toBe('0 2 * * *');
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe('argocd-sealed-secrets-key-backup');
    expect(pod.initContainers[0].command[2]).toContain('"https://kubernetes.default.svc/api/v1/namespaces/sealed-secrets/secrets?labelSelector=sealedsecrets.bitnami.com%2Fsealed-secrets-key"');
    expect(pod.containers[0].command[2]).toContain('blob="argocd/sealed-secrets-keys-$(date -u +%Y%m%dT%H%M%SZ).json"');
    expect(files['argocd/serviceaccount-argocd-sealed-secrets-key-backup.yaml'].metadata.annotations).toEqual({ 'azure.workload.identity/client-id': STORAGE.clientId });
    expect(files['argocd/role-argocd-sealed-secrets-key-backup.yaml']).toEqual(expect.objectContaining({
      metadata: expect.objectContaining({ namespace: 'sealed-secrets' }),
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
    }));
    expect(files['argocd/rolebinding-argocd-sealed-secrets-key-backup.yaml'].subjects).toEqual([{ kind: 'ServiceAccount', name: 'argocd-sealed-secrets-key-backup', namespace: 'argocd' }]);
    // The platform project may deploy the Role there.
    expect(files['argocd/appproject-platform.yaml'].spec.destinations).toEqual(expect.arrayContaining([{ server: 'https://kubernetes.default.svc', namespace: 'sealed-secrets' }]));
    expect(backup.sealedSecretsKeyBackup?.keyBlobPrefix).toBe('argocd/sealed-secrets-keys-');
  });

  test('a platform that renders SealedSecrets must back up the key', () => {
    const sealed = (platform: ArgoPlatform) => platform.secretReference(platform, 'webhook.github.secret',
      SecretSource.fromSealedSecret({ encryptedValue: `Ag${'B'.repeat(90)}==` }));
    const { app } = withBackup({}, sealed);
    expect(() => app.render()).toThrow('[argocd/Backup] sealedSecretsKey: the platform renders SealedSecrets, which no restore can decrypt without the controller\'s key; set sealedSecretsKey to back it up with the same storage and identity (got undefined)');
    const ok = withBackup({ sealedSecretsKey: {} }, sealed);
    expect(Object.keys(ok.app.render())).toContain('argocd/cronjob-argocd-sealed-secrets-key-backup.yaml');
  });
});

test('the self-managed release is found through the capability registry', () => {
  const { platform } = newPlatform();
  const release = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
  expect(selfManagedReleaseOf(platform.capabilities)).toBe(release);
});
