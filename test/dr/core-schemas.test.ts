import { parse } from 'yaml';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { ArgoBackup, PlatformApp, RestoreRunbook, SelfManagedArgo } from '../../src';
import { newPlatform } from '../helpers/platform-fixture';

/**
 * Core Kubernetes objects (CronJob, ServiceAccount, Role, ClusterRole, ConfigMap ...) against the
 * Kubernetes OpenAPI schemas shipped by `kubernetes-models`; custom resources are checked against
 * their CRDs in test/apps/crd-schemas.test.ts.
 */
function validator(apiVersion: string, kind: string): ((o: any) => void) | undefined {
  const module = `kubernetes-models/${apiVersion.includes('/') ? apiVersion : 'v1'}/${kind}`;
  if (apiVersion.includes('.') && !apiVersion.includes('k8s.io')) return undefined; // a CRD group
  try {
    // The model module is chosen from the object's apiVersion and kind at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Model = require(module)[kind];
    return (o: any) => new Model(o).validate();
  } catch (e: any) {
    if (e.code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

function validateAll(files: Record<string, string>) {
  const failures: string[] = [];
  const validated = new Map<string, number>();
  for (const [file, text] of Object.entries(files)) {
    if (!file.endsWith('.yaml') || !file.includes('/') || file.endsWith('kustomization.yaml')) continue;
    const object = parse(text);
    const validate = validator(object.apiVersion, object.kind);
    if (!validate) continue;
    validated.set(object.kind, (validated.get(object.kind) ?? 0) + 1);
    try {
      validate(object);
    } catch (e: any) {
      failures.push(`${file}: ${e.message}`);
    }
  }
  return { failures, validated };
}

describe('core Kubernetes objects match their schemas', () => {
  test('the example platform (backup, HA profile, platform objects)', () => {
    const app = new PlatformApp({ outdir: '.tmp/core-schemas' });
    buildExamplePlatform(app);
    const { failures, validated } = validateAll(app.render());
    expect(failures).toEqual([]);
    for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'CronJob', 'Role', 'RoleBinding', 'ServiceAccount']) {
      expect({ kind, validated: (validated.get(kind) ?? 0) > 0 }).toEqual({ kind, validated: true });
    }
  });

  test('the Sealed Secrets key backup', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoBackup(platform, 'Backup', {
      alerts: false,
      storage: { storageAccount: 'civicaargocdbackup', resourceGroup: 'rg', container: 'argocd-backup', clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d', tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f' },
      sealedSecretsKey: {},
    });
    new RestoreRunbook(platform, 'Runbook');
    const { failures, validated } = validateAll(app.render());
    expect(failures).toEqual([]);
    expect(validated.get('CronJob')).toBe(2);
  });

  test('a schema violation is reported (the check is not vacuous)', () => {
    const bad = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\nspec:\n  schedule: 5\n  jobTemplate: {spec: {template: {spec: {containers: [{image: x}]}}}}\n';
    expect(validateAll({ 'argocd/cronjob-x.yaml': bad }).failures.join('\n')).toMatch(/must have required property name.*schedule must be string/);
  });
});
