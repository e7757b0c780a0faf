import { App } from 'cdk8s';
import { addApps } from './apps';
import { addClusters } from './clusters';
import { addGuardrailExceptions } from './guardrails';
import { addMonitoring } from './monitoring';
import { addNotifications } from './notifications';
import { addOperations } from './operations';
import { addResilience } from './resilience';
import { addTeams } from './teams';
import { AccessAuditReport, ArgoPlatform, ArgoSSO, SecretSource } from '../../src';

/** Azure AD group object IDs of the example organisation (Civica). */
export const GROUPS = {
  platformTeam: '6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11',
} as const;

/**
 * The seed's organisation: one Argo CD at https://argocd.civica.internal deploying to dev,
 * staging and prod, Azure AD single sign-on with the client secret in Key Vault, and the platform
 * team as Argo CD admins. Later sections (teams, apps, alerts, notifications, DR) extend it.
 */
export function buildExamplePlatform(app: App): ArgoPlatform {
  const platform = new ArgoPlatform(app, 'argocd', {
    url: 'https://argocd.civica.internal',
    // The AKS cluster Argo CD runs on (dev and staging deploy there too); the runbooks switch to its kube context.
    homeCluster: {
      name: 'aks-platform',
      resourceGroup: 'rg-aks-platform',
      server: 'https://aks-platform-civica-7b3e1d2f.hcp.uksouth.azmk8s.io:443',
      oidcIssuerUrl: 'https://uksouth.oic.prod-aks.azure.com/3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f/8e1c2d3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f/',
    },
    // The managed identity the ClusterSecretStore azure-key-vault signs in with (external-secrets' own service
    // account): the bootstrap creates its federated credential, the restore runbook recreates it after a rebuild.
    secretStoreIdentity: { clientId: '3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f', serviceAccount: { namespace: 'external-secrets', name: 'external-secrets' } },
    gitOps: { repoUrl: 'git@github.com:civica/gitops-config.git', targetRevision: 'main', pathPrefix: 'dist' },
    environments: [
      { name: 'dev' },
      { name: 'staging' },
      // prod runs on its own AKS cluster (examples/platform/clusters.ts).
      { name: 'prod', production: true, cluster: { name: 'aks-prod' } },
    ],
  });

  new ArgoSSO(platform, 'AzureAD', {
    tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f',
    clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
    clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'argocd-oidc-client-secret' }),
  });

  platform.rbac.bind(GROUPS.platformTeam, 'role:admin', { displayName: 'Platform team' });

  addClusters(platform);
  const teams = addTeams(platform);
  addApps(platform, teams);
  addOperations(platform);
  addResilience(platform);
  addMonitoring(platform);
  addNotifications(platform);
  addGuardrailExceptions(platform, teams);

  // dist/argocd.access.md: who can do what, reviewed as a diff in every pull request.
  new AccessAuditReport(platform);

  return platform;
}
