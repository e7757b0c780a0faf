import { parse } from 'yaml';
import { ArgoRepository, RepositoryCredentialTemplate, RepositoryType, SecretSource, SshKnownHosts, SshKnownHostsPreset } from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

const REPO_SERVER_CLIENT_ID = '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f';

const SEALED = `Ag${'B'.repeat(120)}==`;
const keyVault = (secretName: string) => SecretSource.fromAzureKeyVault({ secretName });

describe('ArgoRepository', () => {
  test('an SSH repository becomes an ExternalSecret whose Secret is labelled secret-type: repository', () => {
    // GIVEN
    const { app, platform } = newPlatform();
    new SshKnownHosts(platform, 'KnownHosts', { presets: [SshKnownHostsPreset.GITHUB] });
    // WHEN
    new ArgoRepository(platform, 'GitOpsConfig', {
      url: 'git@github.com:civica/gitops-config.git',
      project: 'payments-team',
      sshPrivateKey: keyVault('gitops-config-deploy-key'),
    });
    // THEN
    expect(renderParsed(app)['argocd/externalsecret-repo-github-com-civica-gitops-config.yaml']).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'repo-github-com-civica-gitops-config', namespace: 'argocd', labels: { 'app.kubernetes.io/part-of': 'argocd' } },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'azure-key-vault', kind: 'ClusterSecretStore' },
        target: {
          name: 'repo-github-com-civica-gitops-config',
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          template: {
            engineVersion: 'v2',
            mergePolicy: 'Merge',
            metadata: { labels: { 'app.kubernetes.io/part-of': 'argocd', 'argocd.argoproj.io/secret-type': 'repository' } },
            data: { project: 'payments-team', type: 'git', url: 'git@github.com:civica/gitops-config.git' },
          },
        },
        data: [{ secretKey: 'sshPrivateKey', remoteRef: { key: 'gitops-config-deploy-key' } }],
      },
    });
  });

  test('an https repository with a PAT, delivered as a SealedSecret', () => {
    const { app, platform } = newPlatform();
    new ArgoRepository(platform, 'Charts', {
      url: 'https://charts.example.org/stable',
      type: RepositoryType.HELM,
      username: 'argocd',
      password: SecretSource.fromSealedSecret({ encryptedValue: SEALED }),
      secretName: 'repo-stable-charts',
    });
    expect(renderParsed(app)['argocd/sealedsecret-repo-stable-charts.yaml']).toEqual({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'repo-stable-charts', namespace: 'argocd', labels: { 'app.kubernetes.io/part-of': 'argocd' } },
      spec: {
        encryptedData: { password: SEALED },
        template: {
          metadata: {
            name: 'repo-stable-charts',
            namespace: 'argocd',
            labels: { 'app.kubernetes.io/part-of': 'argocd', 'argocd.argoproj.io/secret-type': 'repository' },
          },
          type: 'Opaque',
          data: { type: 'helm', url: 'https://charts.example.org/stable', username: 'argocd' },
        },
      },
    });
  });

  test('an OCI registry with a token from Key Vault', () => {
    const { app, platform } = newPlatform();
    new ArgoRepository(platform, 'Registry', {
      url: 'oci://civica.azurecr.io/charts',
      type: RepositoryType.OCI,
      username: '00000000-0000-0000-0000-000000000000',
      password: keyVault('acr-token'),
    });
    const spec = renderParsed(app)['argocd/externalsecret-repo-civica-azurecr-io-charts.yaml'].spec;
    expect(spec.target.template.data).toEqual({ type: 'oci', url: 'oci://civica.azurecr.io/charts', username: '00000000-0000-0000-0000-000000000000' });
    expect(spec.data).toEqual([{ secretKey: 'password', remoteRef: { key: 'acr-token' } }]);
  });

  test('Helm charts in an OCI registry: registry/path without a scheme, type helm, enableOCI', () => {
    const { app, platform } = newPlatform();
    const repo = new ArgoRepository(platform, 'AcrCharts', {
      url: 'civica.azurecr.io/helm',
      type: RepositoryType.HELM,
      username: '00000000-0000-0000-0000-000000000000',
      password: keyVault('acr-token'),
    });
    expect(repo.secretName).toBe('repo-civica-azurecr-io-helm');
    const spec = renderParsed(app)['argocd/externalsecret-repo-civica-azurecr-io-helm.yaml'].spec;
    expect(spec.target.template.data).toEqual({
      enableOCI: 'true', name: 'repo-civica-azurecr-io-helm', type: 'helm', url: 'civica.azurecr.io/helm', username: '00000000-0000-0000-0000-000000000000',
    });
    expect(spec.data).toEqual([{ secretKey: 'password', remoteRef: { key: 'acr-token' } }]);
  });

  test('ACR through Azure workload identity: a Secret with no secret value and no secret source', () => {
    const { app, platform } = newPlatform();
    const repo = new ArgoRepository(platform, 'AcrCharts', {
      url: 'civica.azurecr.io/helm', type: RepositoryType.HELM, useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: REPO_SERVER_CLIENT_ID, project: 'orders',
    });
    expect(repo.secret).toBeUndefined();
    const files = renderParsed(app);
    expect(files['argocd/externalsecret-repo-civica-azurecr-io-helm.yaml']).toBeUndefined();
    expect(files['argocd/secret-repo-civica-azurecr-io-helm.yaml']).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'repo-civica-azurecr-io-helm',
        namespace: 'argocd',
        labels: { 'app.kubernetes.io/part-of': 'argocd', 'argocd.argoproj.io/secret-type': 'repository' },
      },
      type: 'Opaque',
      stringData: {
        enableOCI: 'true', name: 'repo-civica-azurecr-io-helm', project: 'orders', type: 'helm', url: 'civica.azurecr.io/helm', useAzureWorkloadIdentity: 'true',
      },
    });
  });

  test('workload identity wires the repo-server through the chart values: service account client-id annotation and pod label', () => {
    const { platform } = newPlatform();
    new ArgoRepository(platform, 'AcrCharts', { url: 'civica.azurecr.io/helm', type: RepositoryType.HELM, useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: REPO_SERVER_CLIENT_ID });
    const values = platform.chartValues.render();
    expect(values.repoServer.serviceAccount.annotations).toEqual({ 'azure.workload.identity/client-id': REPO_SERVER_CLIENT_ID });
    expect(values.repoServer.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  test('workload identity without the managed identity\'s client ID fails with a clear message', () => {
    const { platform } = newPlatform();
    expect(() => new ArgoRepository(platform, 'AcrCharts', { url: 'civica.azurecr.io/helm', type: RepositoryType.HELM, useAzureWorkloadIdentity: true }))
      .toThrow('[argocd/AcrCharts] azureWorkloadIdentityClientId: useAzureWorkloadIdentity needs the client ID of the managed identity the repo-server uses; without it the repo-server has no workload identity and chart pulls fail with 401 (got undefined)');
    expect(() => new ArgoRepository(platform, 'Other', { url: 'civica.azurecr.io/other', type: RepositoryType.HELM, useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: 'repo-server' }))
      .toThrow('[argocd/Other] azureWorkloadIdentityClientId:');
    expect(() => new ArgoRepository(platform, 'Plain', { url: 'https://github.com/civica/x.git', password: keyVault('p'), username: 'u', azureWorkloadIdentityClientId: REPO_SERVER_CLIENT_ID }))
      .toThrow(`[argocd/Plain] azureWorkloadIdentityClientId: only applies with useAzureWorkloadIdentity (got "${REPO_SERVER_CLIENT_ID}")`);
  });

  test('Azure Repos: a credential template for the organisation through the repo-server\'s workload identity, or SSH with the Azure DevOps host key', () => {
    // argo-cd v3.5.1: util/db/repository_secrets.go reads `useAzureWorkloadIdentity` with strconv.ParseBool (boolOrFalse) for
    // repository and repo-creds Secrets; pkg/apis/application/v1alpha1/repository_types.go GetGitCreds returns
    // git.NewAzureWorkloadIdentityCreds, which asks Entra for the Azure DevOps scope 499b84ac-1321-427f-aa17-267ca6975798/.default (util/git/creds.go).
    const { app, platform } = newPlatform();
    new RepositoryCredentialTemplate(platform, 'AzureRepos', { url: 'https://dev.azure.com/civica', useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: REPO_SERVER_CLIENT_ID });
    new SshKnownHosts(platform, 'KnownHosts', { presets: [SshKnownHostsPreset.AZURE_DEVOPS] });
    new ArgoRepository(platform, 'Legacy', { url: 'git@ssh.dev.azure.com:v3/civica/platform/legacy', sshPrivateKey: keyVault('azure-repos-deploy-key') });
    const files = renderParsed(app);
    expect(files['argocd/secret-repo-creds-dev-azure-com-civica.yaml'].stringData).toEqual({ type: 'git', url: 'https://dev.azure.com/civica', useAzureWorkloadIdentity: 'true' });
    expect(files['argocd/secret-repo-creds-dev-azure-com-civica.yaml'].metadata.labels['argocd.argoproj.io/secret-type']).toBe('repo-creds');
    expect(platform.federatedIdentities.all).toEqual([{
      clientId: REPO_SERVER_CLIENT_ID,
      kind: 'managed-identity',
      namespace: 'argocd',
      serviceAccount: 'argocd-repo-server',
      purpose: 'the repo-server pulls https://dev.azure.com/civica (and every repository using useAzureWorkloadIdentity)',
    }]);
    expect(files['argocd/externalsecret-repo-ssh-dev-azure-com-v3-civica-platform-legacy.yaml'].spec.target.template.data.url).toBe('git@ssh.dev.azure.com:v3/civica/platform/legacy');
  });

  test('two repositories naming different repo-server identities fail the synth naming both', () => {
    const { app, platform } = newPlatform();
    new ArgoRepository(platform, 'A', { url: 'civica.azurecr.io/a', type: RepositoryType.HELM, useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: REPO_SERVER_CLIENT_ID });
    new ArgoRepository(platform, 'B', { url: 'civica.azurecr.io/b', type: RepositoryType.HELM, useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d' });
    expect(() => app.render()).toThrow(`[argocd/B] chart value repoServer.serviceAccount.annotations.azure.workload.identity/client-id: set to "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d" here and to "${REPO_SERVER_CLIENT_ID}" by [argocd/A]; the release has one value`);
  });

  test('a Helm repository at a host root is accepted; a Git repository at a host root is not', () => {
    const { app, platform } = newPlatform();
    new ArgoRepository(platform, 'Jetstack', { url: 'https://charts.jetstack.io', type: RepositoryType.HELM, username: 'u', password: keyVault('p') });
    expect(renderParsed(app)['argocd/secret-repo-charts-jetstack-io.yaml'] ?? renderParsed(app)['argocd/externalsecret-repo-charts-jetstack-io.yaml']).toBeDefined();
    expect(() => new ArgoRepository(platform, 'GitRoot', { url: 'https://github.com', username: 'u', password: keyVault('p') }))
      .toThrow('[argocd/GitRoot] url: a repository URL names one repository (host and path); use a RepositoryCredentialTemplate for a whole host or organisation (got "https://github.com")');
  });

  test('an SSH repository on a host missing from the known hosts fails the synth, naming the known_hosts name', () => {
    const { app, platform } = newPlatform();
    new ArgoRepository(platform, 'Gitea', { url: 'ssh://git@git.example.org:2222/platform/config.git', sshPrivateKey: keyVault('gitea-key') });
    expect(() => app.render()).toThrow(/Validation failed with the following errors:[\s\S]*\[argocd\/Gitea\] url: Argo CD verifies SSH host keys, but \[git\.example\.org\]:2222 has no entry in argocd-ssh-known-hosts-cm; add it with SshKnownHosts \(got "ssh:\/\/git@git\.example\.org:2222\/platform\/config\.git"\)/);
  });

  test('no secret value reaches the output, and a literal is refused without echoing it', () => {
    const { app, platform } = newPlatform();
    new SshKnownHosts(platform, 'KnownHosts', { presets: [SshKnownHostsPreset.GITHUB] });
    const literal = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    let message = '';
    try {
      new ArgoRepository(platform, 'Leaky', { url: 'git@github.com:civica/app.git', sshPrivateKey: literal as unknown as SecretSource });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`[argocd/Leaky] sshPrivateKey: must be a SecretSource (SecretSource.fromAzureKeyVault(...) or fromSealedSecret(...)); a literal credential would be committed to Git (got "<redacted ${literal.length}-character literal>")`);
    expect(message).not.toContain('PRIVATE KEY');

    new ArgoRepository(platform, 'App', { url: 'git@github.com:civica/app.git', sshPrivateKey: keyVault('app-key') });
    const output = Object.values(app.render()).join('\n');
    expect(output).not.toMatch(/PRIVATE KEY|stringData/);
    expect(Object.entries(app.render()).filter(([file]) => file.endsWith('.yaml')).map(([, text]) => parse(text)).filter(o => o.kind === 'Secret')).toEqual([]);
  });

  test.each([
    [{ url: 'http://git.example.org/a/b.git', username: 'u', password: keyVault('p') }, 'url: plain http:// would send the credentials in clear text; use https:// (got "http://git.example.org/a/b.git")'],
    [{ url: 'github.com/civica/app', sshPrivateKey: keyVault('k') }, 'url: a git repository URL must use SSH (git@host:path or ssh://) or https://; for Helm charts in an OCI registry set type: RepositoryType.HELM (got "github.com/civica/app")'],
    [{ url: 'civica/app', sshPrivateKey: keyVault('k') }, 'url: must be https://host/path, ssh://[user@]host[:port]/path, git@host:path, oci://registry/path or registry.example.com/path (got "civica/app")'],
    [{ url: 'civica.azurecr.io/helm', type: RepositoryType.OCI, username: 'u', password: keyVault('p') }, 'url: a oci repository URL must use oci://; for Helm charts in an OCI registry set type: RepositoryType.HELM (got "civica.azurecr.io/helm")'],
    [{ url: 'civica.azurecr.io/helm', type: RepositoryType.HELM, password: keyVault('p') }, 'username: a Helm-OCI (registry/path) URL needs a username and a password (personal access token) (or set useAzureWorkloadIdentity for ACR) (got undefined)'],
    [{ url: 'civica.azurecr.io/helm', type: RepositoryType.HELM, useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: REPO_SERVER_CLIENT_ID, password: keyVault('p') }, 'password: is not used with useAzureWorkloadIdentity (the repo-server authenticates with its workload identity); remove it (got "<redacted>")'],
    [{ url: 'civica.azurecr.io/helm', type: RepositoryType.HELM, useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: REPO_SERVER_CLIENT_ID, username: 'u' }, 'username: is not used with useAzureWorkloadIdentity (the repo-server authenticates with its workload identity); remove it (got "u")'],
    [{ url: 'oci://civica.azurecr.io/charts', type: RepositoryType.OCI, useAzureWorkloadIdentity: true }, 'useAzureWorkloadIdentity: Argo CD uses Azure workload identity for https URLs (Azure Repos) and Helm charts in an OCI registry (registry/path with type helm, e.g. ACR); this URL is not one (got "oci://civica.azurecr.io/charts")'],
    [{ url: 'git@github.com:civica/app.git ', sshPrivateKey: keyVault('k') }, 'url: must not start or end with a space (got "git@github.com:civica/app.git ")'],
    [{ url: 'https://github.com/', username: 'u', password: keyVault('p') }, 'url: a repository URL names one repository (host and path); use a RepositoryCredentialTemplate for a whole host or organisation (got "https://github.com/")'],
    [{ url: 'https://u:secret@github.com/civica/app', username: 'u', password: keyVault('p') }, 'url: must not embed credentials (user info before "@"); give them as a SecretSource (got "https://<redacted>@github.com/civica/app")'],
    [{ url: 'git@github.com:civica/app.git' }, 'sshPrivateKey: an SSH URL needs an SSH private key (got undefined)'],
    [{ url: 'git@github.com:civica/app.git', sshPrivateKey: keyVault('k'), username: 'git' }, 'username: is not used with an SSH URL (the user is part of the URL); remove it (got "git")'],
    [{ url: 'https://github.com/civica/app', sshPrivateKey: keyVault('k') }, 'sshPrivateKey: is only used with SSH URLs; a https:// URL authenticates with username and password (got "ClusterSecretStore/azure-key-vault key k")'],
    [{ url: 'https://github.com/civica/app', password: keyVault('p') }, 'username: a https:// URL needs a username and a password (personal access token) (got undefined)'],
    [{ url: 'https://github.com/civica/app', username: 'x-access-token' }, 'password: a https:// URL needs a password (personal access token) from a SecretSource (got undefined)'],
    [{ url: 'git@github.com:civica/charts.git', type: RepositoryType.HELM, sshPrivateKey: keyVault('k') }, 'url: a helm repository URL must use https:// or registry/path without a scheme (Helm charts in an OCI registry) (got "git@github.com:civica/charts.git")'],
    [{ url: 'https://civica.azurecr.io/charts', type: RepositoryType.OCI, username: 'u', password: keyVault('p') }, 'url: a oci repository URL must use oci:// (got "https://civica.azurecr.io/charts")'],
    [{ url: 'git@github.com:civica/app.git', type: 'svn' as RepositoryType, sshPrivateKey: keyVault('k') }, 'type: must be one of git, helm, oci (got "svn")'],
    [{ url: 'git@github.com:civica/app.git', sshPrivateKey: keyVault('k'), project: 'Payments' }, 'project: must be a DNS-1123 label'],
    [{ url: 'git@github.com:civica/app.git', sshPrivateKey: keyVault('k'), secretName: 'Repo_App' }, 'secretName: must be a DNS-1123 subdomain'],
  ])('refuses %j', (props, message) => {
    const { platform } = newPlatform();
    expect(() => new ArgoRepository(platform, 'Repo', props)).toThrow(`[argocd/Repo] ${message}`);
  });

  test('must be created in the platform chart, not an environment chart', () => {
    const { platform } = newPlatform();
    expect(() => new ArgoRepository(platform.environment('dev'), 'Repo', { url: 'git@github.com:civica/app.git', sshPrivateKey: keyVault('k') }))
      .toThrow('[dev/Repo] scope: repository Secrets belong to the Argo CD namespace and are applied with the platform\'s own folder; create this construct inside the ArgoPlatform "argocd", not an environment chart (got "dev")');
  });
});
