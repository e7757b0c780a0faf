import { RepositoryCredentialTemplate, RepositoryType, SecretSource, SshKnownHosts, SshKnownHostsPreset } from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

describe('RepositoryCredentialTemplate', () => {
  test('an SSH prefix for a GitHub organisation, key from Key Vault', () => {
    // GIVEN
    const { app, platform } = newPlatform();
    new SshKnownHosts(platform, 'KnownHosts', { presets: [SshKnownHostsPreset.GITHUB] });
    // WHEN
    const template = new RepositoryCredentialTemplate(platform, 'Civica', {
      url: 'git@github.com:civica',
      sshPrivateKey: SecretSource.fromAzureKeyVault({ secretName: 'argocd-github-civica-ssh-key' }),
    });
    // THEN
    expect(template.secretName).toBe('repo-creds-github-com-civica');
    expect(renderParsed(app)['argocd/externalsecret-repo-creds-github-com-civica.yaml']).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'repo-creds-github-com-civica', namespace: 'argocd', labels: { 'app.kubernetes.io/part-of': 'argocd' } },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'azure-key-vault', kind: 'ClusterSecretStore' },
        target: {
          name: 'repo-creds-github-com-civica',
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          template: {
            engineVersion: 'v2',
            mergePolicy: 'Merge',
            metadata: { labels: { 'app.kubernetes.io/part-of': 'argocd', 'argocd.argoproj.io/secret-type': 'repo-creds' } },
            data: { type: 'git', url: 'git@github.com:civica' },
          },
        },
        data: [{ secretKey: 'sshPrivateKey', remoteRef: { key: 'argocd-github-civica-ssh-key' } }],
      },
    });
  });

  test('an https prefix for a whole host is allowed for a template', () => {
    const { app, platform } = newPlatform();
    new RepositoryCredentialTemplate(platform, 'AzureDevOps', {
      url: 'https://dev.azure.com',
      username: 'argocd',
      password: SecretSource.fromAzureKeyVault({ secretName: 'ado-pat' }),
      project: 'platform',
    });
    expect(renderParsed(app)['argocd/externalsecret-repo-creds-dev-azure-com.yaml'].spec.target.template.data)
      .toEqual({ project: 'platform', type: 'git', url: 'https://dev.azure.com', username: 'argocd' });
  });

  test('an SSH prefix whose host has no known-hosts entry fails the synth', () => {
    const { app, platform } = newPlatform();
    new RepositoryCredentialTemplate(platform, 'Civica', {
      url: 'git@github.com:civica',
      sshPrivateKey: SecretSource.fromAzureKeyVault({ secretName: 'k' }),
    });
    expect(() => app.render()).toThrow(/\[argocd\/Civica\] url: Argo CD verifies SSH host keys, but github\.com has no entry in argocd-ssh-known-hosts-cm; add it with SshKnownHosts \(got "git@github\.com:civica"\)/);
  });

  test('a literal password is refused without echoing it', () => {
    const { platform } = newPlatform();
    expect(() => new RepositoryCredentialTemplate(platform, 'Civica', {
      url: 'https://github.com/civica',
      username: 'x',
      password: 'ghp_supersecret' as unknown as SecretSource,
    })).toThrow('[argocd/Civica] password: must be a SecretSource (SecretSource.fromAzureKeyVault(...) or fromSealedSecret(...)); a literal credential would be committed to Git (got "<redacted 15-character literal>")');
  });

  test('a Helm-OCI prefix for an ACR registry, through Azure workload identity', () => {
    const { app, platform } = newPlatform();
    new RepositoryCredentialTemplate(platform, 'Acr', { url: 'civica.azurecr.io/helm', type: RepositoryType.HELM, useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f' });
    const secret = renderParsed(app)['argocd/secret-repo-creds-civica-azurecr-io-helm.yaml'];
    expect(secret.metadata.labels['argocd.argoproj.io/secret-type']).toBe('repo-creds');
    expect(secret.stringData).toEqual({
      enableOCI: 'true', name: 'repo-creds-civica-azurecr-io-helm', type: 'helm', url: 'civica.azurecr.io/helm', useAzureWorkloadIdentity: 'true',
    });
  });
});
