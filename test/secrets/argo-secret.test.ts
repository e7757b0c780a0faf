import { Duration } from 'cdk8s';
import { ArgoPlatform, ArgoSecret, SecretBackend, SecretSource, SecretStoreKind } from '../../src';
import { findObject, testApp } from '../helpers/synth';

const SEALED = 'AgBy3i4OJSWK+PiTySYZZA' + 'x'.repeat(200);

function setup() {
  const app = testApp();
  const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }] });
  return { app, platform };
}

describe('ArgoSecret', () => {
  test('an owned ExternalSecret templates labels and plain fields, with per-key stores when they differ', () => {
    const { app, platform } = setup();
    const secret = new ArgoSecret(platform, 'Repo', {
      secretName: 'repo-gitops',
      namespace: 'argocd',
      backend: SecretBackend.EXTERNAL_SECRET,
      labels: { 'argocd.argoproj.io/secret-type': 'repository' },
      plainData: { url: 'git@github.com:civica/gitops-config.git', type: 'git' },
    });
    expect(secret.addKey('sshPrivateKey', SecretSource.fromAzureKeyVault({ secretName: 'gitops-deploy-key' }))).toBe('$repo-gitops:sshPrivateKey');
    secret.addKey('githubAppPrivateKey', SecretSource.fromExternalStore({ storeName: 'vault', storeKind: SecretStoreKind.SECRET_STORE, remoteKey: 'github/app', property: 'key' }));
    secret.addKey('password', SecretSource.fromAzureKeyVault({ secretName: 'gitops-pat', version: '0f1e2d' }));

    expect(findObject(app, 'ExternalSecret', 'repo-gitops').spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'azure-key-vault', kind: 'ClusterSecretStore' },
      target: {
        name: 'repo-gitops',
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
        template: {
          engineVersion: 'v2',
          mergePolicy: 'Merge',
          metadata: { labels: { 'app.kubernetes.io/part-of': 'argocd', 'argocd.argoproj.io/secret-type': 'repository' } },
          data: { type: 'git', url: 'git@github.com:civica/gitops-config.git' },
        },
      },
      data: [
        { secretKey: 'githubAppPrivateKey', remoteRef: { key: 'github/app', property: 'key' }, sourceRef: { storeRef: { name: 'vault', kind: 'SecretStore' } } },
        { secretKey: 'password', remoteRef: { key: 'gitops-pat', version: '0f1e2d' } },
        { secretKey: 'sshPrivateKey', remoteRef: { key: 'gitops-deploy-key' } },
      ],
    });
  });

  test('a SealedSecret keeps the ciphertext and templates labels and plain fields', () => {
    const { app, platform } = setup();
    const secret = new ArgoSecret(platform, 'Repo', {
      secretName: 'repo-gitops', namespace: 'argocd', backend: SecretBackend.SEALED_SECRET, plainData: { url: 'https://github.com/civica/x.git' },
    });
    secret.addKey('password', SecretSource.fromSealedSecret({ encryptedValue: SEALED }));
    expect(findObject(app, 'SealedSecret', 'repo-gitops').spec).toEqual({
      encryptedData: { password: SEALED },
      template: {
        metadata: { name: 'repo-gitops', namespace: 'argocd', labels: { 'app.kubernetes.io/part-of': 'argocd' } },
        type: 'Opaque',
        data: { url: 'https://github.com/civica/x.git' },
      },
    });
  });

  test('the refresh interval is a Duration', () => {
    const { app, platform } = setup();
    const secret = new ArgoSecret(platform, 'S', { secretName: 's', namespace: 'argocd', backend: SecretBackend.EXTERNAL_SECRET, refreshInterval: Duration.minutes(15) });
    secret.addKey('k', SecretSource.fromAzureKeyVault({ secretName: 'k' }));
    expect(findObject(app, 'ExternalSecret', 's').spec.refreshInterval).toBe('15m');
  });

  test('argocd-secret keys are referenced as $key', () => {
    const { platform } = setup();
    expect(platform.secretReference(platform, 'webhook.github.secret', SecretSource.fromAzureKeyVault({ secretName: 'github-webhook' })))
      .toBe('$webhook.github.secret');
  });

  describe('bad input', () => {
    test('mixing backends in one Secret', () => {
      const { platform } = setup();
      const secret = new ArgoSecret(platform, 'S', { secretName: 's', namespace: 'argocd', backend: SecretBackend.EXTERNAL_SECRET });
      expect(() => secret.addKey('k', SecretSource.fromSealedSecret({ encryptedValue: SEALED })))
        .toThrow(/\[argocd\/S\] k: Secret s is delivered by ExternalSecret; every key of one Secret must use the same backend/);
    });

    test('a SealedSecret cannot merge into an existing Secret', () => {
      const { platform } = setup();
      expect(() => new ArgoSecret(platform, 'S', { secretName: 'argocd-secret', namespace: 'argocd', backend: SecretBackend.SEALED_SECRET, mergeIntoExisting: true }))
        .toThrow(/\[argocd\/S\] mergeIntoExisting: only an ExternalSecret can merge keys into an existing Secret/);
    });

    test('a literal where a SecretSource belongs', () => {
      const { platform } = setup();
      expect(() => platform.secretReference(platform, 'oidc.azure.clientSecret', 'plain-text' as any))
        .toThrow(/\[argocd\] oidc.azure.clientSecret: must be a SecretSource .*\(got "<redacted 10-character literal>"\)/);
    });

    test('a duck-typed or forged secret object is refused without echoing any of its fields', () => {
      const { platform } = setup();
      const forged = { backend: SecretBackend.EXTERNAL_SECRET, value: 'hunter2-token', describe: () => 'hunter2-token' };
      let message = '';
      try {
        platform.secretReference(platform, 'oidc.azure.clientSecret', forged as any);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/must be a SecretSource .*\(got "<redacted object>"\)$/);
      expect(message).not.toContain('hunter2');
    });


    test('a template expression in a plain field', () => {
      const { platform } = setup();
      expect(() => new ArgoSecret(platform, 'S', { secretName: 's', namespace: 'argocd', backend: SecretBackend.EXTERNAL_SECRET, plainData: { url: '{{ .password }}' } }))
        .toThrow(/\[argocd\/S\] plainData.url: must not contain "\{\{"/);
    });

    test('a bad Secret name or key', () => {
      const { platform } = setup();
      expect(() => new ArgoSecret(platform, 'S', { secretName: 'Repo_Creds', namespace: 'argocd', backend: SecretBackend.EXTERNAL_SECRET }))
        .toThrow(/\[argocd\/S\] secretName: must be a DNS-1123 subdomain .*\(got "Repo_Creds"\)/);
      const secret = new ArgoSecret(platform, 'T', { secretName: 't', namespace: 'argocd', backend: SecretBackend.EXTERNAL_SECRET });
      expect(() => secret.addKey('a key', SecretSource.fromAzureKeyVault({ secretName: 'x' }))).toThrow(/\[argocd\/T\] key: must be a Secret data key .*\(got "a key"\)/);
      expect(() => secret.addKey('..data', SecretSource.fromAzureKeyVault({ secretName: 'x' }))).toThrow(/\[argocd\/T\] key: must be a Secret data key .*not "\." or starting with "\.\."\) \(got "\.\.data"\)/);
    });

    test('labels are checked at the prop with the writer\'s validator (a 64-character key)', () => {
      const { platform } = setup();
      const key = `example.org/${'k'.repeat(64)}`;
      expect(() => new ArgoSecret(platform, 'S', { secretName: 's', namespace: 'argocd', backend: SecretBackend.EXTERNAL_SECRET, labels: { [key]: 'x' } }))
        .toThrow(new Error(`[argocd/S] labels.${key}: must be a Kubernetes label key ([prefix/]name): the name is 64 characters, over Kubernetes' limit of 63 (got "${key}")`));
    });

    test('a bad Key Vault name is refused at the Secret that receives it', () => {
      const { platform } = setup();
      const secret = new ArgoSecret(platform, 'Repo', { secretName: 'repo-x', namespace: 'argocd', backend: SecretBackend.EXTERNAL_SECRET });
      expect(() => secret.addKey('password', SecretSource.fromAzureKeyVault({ secretName: 'has space' }))).toThrow(/^\[argocd\/Repo\] password\.secretName: must be a secret name .*\(got "has space"\)$/);
    });

    test('a Secret with no keys fails the synth', () => {
      const { app, platform } = setup();
      new ArgoSecret(platform, 'Empty', { secretName: 'empty', namespace: 'argocd', backend: SecretBackend.EXTERNAL_SECRET });
      expect(() => app.render()).toThrow(/\[argocd\/Empty\] keys: Secret empty has no secret keys/);
    });
  });


  test('stores are told apart by kind and name, not by a joined string', () => {
    const { app, platform } = setup();
    const secret = new ArgoSecret(platform, 'Mixed', { secretName: 'mixed', namespace: 'argocd', backend: SecretBackend.EXTERNAL_SECRET });
    secret.addKey('a', SecretSource.fromExternalStore({ storeName: 'team.vault', storeKind: SecretStoreKind.SECRET_STORE, remoteKey: 'k/a' }));
    secret.addKey('b', SecretSource.fromExternalStore({ storeName: 'team.vault', storeKind: SecretStoreKind.SECRET_STORE, remoteKey: 'k/b' }));
    secret.addKey('c', SecretSource.fromExternalStore({ storeName: 'team.vault', remoteKey: 'k/c' }));
    const spec = findObject(app, 'ExternalSecret', 'mixed').spec;
    expect(spec.secretStoreRef).toEqual({ name: 'team.vault', kind: 'SecretStore' });
    expect(spec.data.map((d: any) => d.sourceRef ?? null)).toEqual([null, null, { storeRef: { name: 'team.vault', kind: 'ClusterSecretStore' } }]);
  });
});
