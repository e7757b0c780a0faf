import { App } from 'cdk8s';
import { addApps } from './apps';
import { addMonitoring } from './monitoring';
import { addNotifications } from './notifications';
import { addGuardrailExceptions } from './guardrails';
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
    gitOps: { repoUrl: 'git@github.com:civica/gitops-config.git', targetRevision: 'main', pathPrefix: 'dist' },
    environments: [
      { name: 'dev' },
      { name: 'staging' },
      { name: 'prod', production: true },
    ],
  });

  new ArgoSSO(platform, 'AzureAD', {
    tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f',
    clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
    clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'argocd-oidc-client-secret' }),
  });

  platform.rbac.bind(GROUPS.platformTeam, 'role:admin', { displayName: 'Platform team' });

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
