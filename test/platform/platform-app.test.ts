import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Construct } from 'constructs';
import { ArgoPlatform, ArgoSSO, PlatformApp, SecretSource, SettingsConfigMap } from '../../src';
import { readTree } from '../helpers/file-tree';
import { newPlatform } from '../helpers/platform-fixture';

function build(outdir: string, tenantId = '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f') {
  const app = new PlatformApp({ outdir });
  const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }, { name: 'prod', production: true }] });
  new ArgoSSO(platform, 'SSO', { tenantId, clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'oidc' }) });
  platform.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11', 'role:admin');
  return app;
}

function tmp() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'platform-app-'));
}

describe('PlatformApp', () => {
  test('two synths of the same code are byte-identical', () => {
    const a = tmp();
    const b = tmp();
    build(a).synth();
    build(b).synth();
    const first = readTree(a);
    expect(Object.keys(first).length).toBeGreaterThan(5);
    expect(readTree(b)).toEqual(first);
  });

  test('writes one file per resource named <kind>-<name>.yaml, with no hashes in names', () => {
    const out = tmp();
    build(out).synth();
    expect(Object.keys(readTree(out)).sort()).toEqual([
      'argocd.guardrails.md',
      'argocd/appproject-platform.yaml',
      'argocd/configmap-argocd-cm.yaml',
      'argocd/configmap-argocd-cmd-params-cm.yaml',
      'argocd/configmap-argocd-rbac-cm.yaml',
      'argocd/configmap-argocd-ssh-known-hosts-cm.yaml',
      'argocd/configmap-argocd-tls-certs-cm.yaml',
      'argocd/externalsecret-argocd-secret.yaml',
      'argocd/kustomization.yaml',
      'dev/kustomization.yaml',
      'prod/kustomization.yaml',
    ]);
  });

  test('a failing synth writes nothing and leaves the previous output alone', () => {
    const out = tmp();
    build(out).synth();
    const before = readTree(out);
    const app = build(out);
    // A conflicting contribution makes validation fail.
    const platform = app.node.findChild('argocd') as ArgoPlatform;
    new ArgoSSO(platform, 'Second', { tenantId: 'ffffffff-5e6a-4b7c-8d9e-0a1b2c3d4e5f', clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'oidc' }) });
    expect(() => app.synth()).toThrow(/Validation failed with the following errors:[\s\S]*oidc.config/);
    expect(readTree(out)).toEqual(before);

    const fresh = path.join(tmp(), 'never-created');
    const failing = build(fresh);
    new ArgoSSO(failing.node.findChild('argocd') as ArgoPlatform, 'Second', { tenantId: 'ffffffff-5e6a-4b7c-8d9e-0a1b2c3d4e5f', clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'oidc' }) });
    expect(() => failing.synth()).toThrow();
    expect(fs.existsSync(fresh)).toBe(false);
  });

  test('stale files from an earlier synth are removed', () => {
    const out = tmp();
    fs.mkdirSync(path.join(out, 'old-env'), { recursive: true });
    fs.writeFileSync(path.join(out, 'old-env', 'application-x.yaml'), 'stale');
    build(out).synth();
    expect(fs.existsSync(path.join(out, 'old-env'))).toBe(false);
  });
});

describe('a problem in a rendered settings value is reported where the value came from', () => {
  test('GIVEN a construct that contributes a value go-yaml cannot carry THEN the line names that construct, the object and the key', () => {
    const { app, platform } = newPlatform();
    const custom = new Construct(platform, 'Banner');
    platform.settings.set(custom, SettingsConfigMap.ARGOCD_CM, 'ui.bannercontent', 'maintenance\u0007tonight');
    let lines: string[] = [];
    try {
      app.render();
    } catch (e) {
      lines = (e as Error).message.split('\n').slice(1).map(l => l.trim());
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[argocd\/Banner\] ConfigMap argocd\/argocd-cm data\.ui\.bannercontent: .*\(got "maintenance\\u0007tonight"\)$/);
  });
});
