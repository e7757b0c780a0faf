import { ArgoExposure, ArgoImageUpdater, ArgoPlatform, ArgoRepository, BootstrapDocument, RepositoryCredentialTemplate, RepositoryType, SecretSource, SelfManagedArgo, SshKnownHosts, SshKnownHostsPreset } from '../../src';

/**
 * The seed's production operations, as code: Argo CD trusts GitHub's SSH host keys (instead of
 * `argocd cert add-ssh --batch github.com`), reaches every civica repository with one deploy key
 * from Key Vault (instead of `argocd repo add --ssh-private-key-path`), pulls the orders-service
 * chart from the private ACR chart registry with a pull-only token from Key Vault (the URL is
 * exactly the Application's Helm-OCI `repoURL`), and manages its own
 * release: the argo-cd chart 10.1.1 (not the seed's two-year-old 6.0.0) with values generated
 * from this platform.
 */
export function addOperations(platform: ArgoPlatform): SelfManagedArgo {
  new SshKnownHosts(platform, 'KnownHosts', { presets: [SshKnownHostsPreset.GITHUB] });

  new RepositoryCredentialTemplate(platform, 'CivicaGitHub', {
    url: 'git@github.com:civica',
    sshPrivateKey: SecretSource.fromAzureKeyVault({ secretName: 'argocd-github-civica-ssh-key' }),
  });

  // Helm charts in ACR, in Argo CD's Helm-OCI form: type helm, enableOCI, no oci:// scheme.
  // An ACR repository-scoped token (pull only) kept in Key Vault. `useAzureWorkloadIdentity: true`
  // avoids the token, at the price of a config-only repository Secret in Git (no secret value in it).
  new ArgoRepository(platform, 'CivicaAcrCharts', {
    url: 'civica.azurecr.io/helm',
    type: RepositoryType.HELM,
    username: 'argocd-charts-pull',
    password: SecretSource.fromAzureKeyVault({ secretName: 'acr-argocd-charts-pull-token' }),
  });

  const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });

  // https://argocd.civica.internal through the Gateway API: the AKS application routing add-on's
  // Gateway API implementation (managed NGINX is supported only until November 2026). The shared
  // Gateway `platform-gateway` terminates TLS with the Key Vault certificate; `argocd login` uses
  // --grpc-web through the same host.
  new ArgoExposure(platform, 'Exposure', {
    gateway: { parentRefs: [{ name: 'platform-gateway', namespace: 'gateway-system', sectionName: 'https' }] },
  });

  // Image Updater, installed by Argo CD, reads civica.azurecr.io tags with its own workload
  // identity (AcrPull on the registry): the registries configuration and the credentials script
  // are generated because an AppImageUpdater (apps.ts) watches an *.azurecr.io image.
  new ArgoImageUpdater(platform, 'ImageUpdater', {
    azureWorkloadIdentity: { clientId: '5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e' },
  });

  // dist/argocd.bootstrap.md: bringing this dist/ up on a new AKS cluster, step by step, on the
  // platform's home cluster (its homeCluster prop, which the restore and alert runbooks name too).
  new BootstrapDocument(platform, 'Bootstrap');

  return selfManaged;
}
