import * as os from 'os';
import * as path from 'path';
import { Cron } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AccessAuditReport, Acknowledgements, AppImageUpdater, ApplicationSource, ArgoAlerts, ArgoBackup, ArgoCluster,
  ArgoDashboards, ArgoExposure, ArgoImageUpdater, ArgoNotifications, ArgoPlatform, ArgoRepository, ArgoScaleProfile,
  ArgoScraping, ArgoSSO, BootstrapDocument, ClusterAuth, DashboardDelivery, EnvironmentRootApps, FleetSize,
  ImageUpdateStrategy, NotificationSubscription, PlatformApp, RepositoryCredentialTemplate, RepositoryType,
  RestoreRunbook, SecretSource, SelfManagedArgo, SlackNotifier, SshKnownHosts, SshKnownHostsPreset, TeamAccess,
  TeamApplication, TeamChannelKind, TeamProject,
} from '../../src';
import { TEST_CA_DATA } from '../helpers/cluster-ca';

// Issue 16: constructors only check their own props and register; what depends on another capability
// is resolved once the platform is complete. So the order a platform repository declares its
// capabilities in (across files and functions) never changes a byte of the output.

const GITOPS = 'git@github.com:civica/gitops-config.git';
const TENANT = '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f';
const kv = (secretName: string) => SecretSource.fromAzureKeyVault({ secretName });

/** One capability (with whatever only it references), declared on the platform. */
type Step = (platform: ArgoPlatform) => void;

/** A small platform with every capability, as independent steps. */
const STEPS: Record<string, Step> = {
  sso: p => new ArgoSSO(p, 'AzureAD', { tenantId: TENANT, clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', clientSecret: kv('argocd-oidc-client-secret') }),
  admins: p => p.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11', 'role:admin', { displayName: 'Platform team' }),
  cluster: p => new ArgoCluster(p, 'AksProd', {
    name: 'aks-prod',
    server: 'https://aks-prod-civica-4f2a9c1e.hcp.uksouth.azmk8s.io:443',
    caData: TEST_CA_DATA,
    resourceGroup: 'rg-aks-prod',
    auth: ClusterAuth.azureWorkloadIdentity({ clientId: '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60', tenantId: TENANT }),
  }),
  payments: p => {
    const team = new TeamProject(p, 'Payments', {
      team: 'payments',
      projectName: 'payments-team',
      sourceRepos: [GITOPS],
      createNamespaces: true,
      developerGroups: ['1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01'],
      developerAccess: TeamAccess.developersDefault(),
      roles: [{ name: 'team-lead', groups: ['2c7a1f3b-8d4e-4f6a-9b32-6a5d4c3b2e02'], access: TeamAccess.teamLeadsDefault() }],
      notify: [{ kind: TeamChannelKind.SLACK, recipient: 'payments-deployments' }],
    });
    Acknowledgements.of(team).add('ARGO-ACC5', 'team leads are the incident escalation for their own services; override in prod is their break-glass');
    const api = new TeamApplication(p, 'PaymentsApi', {
      project: team,
      appName: 'payments-api',
      source: ApplicationSource.fromDirectory({ repoUrl: GITOPS, targetRevision: 'main', pathPattern: 'apps/{app}/overlays/{env}' }),
    });
    new AppImageUpdater(p, 'PaymentsApiImages', {
      application: api,
      images: [{ alias: 'api', imageName: 'civica.azurecr.io/payments/api', updateStrategy: ImageUpdateStrategy.SEMVER, constraint: '~1.4' }],
    });
  },
  orders: p => {
    const team = new TeamProject(p, 'Orders', {
      team: 'orders',
      projectName: 'orders-team',
      sourceRepos: [GITOPS],
      developerGroups: ['3d8b2a4c-9e5f-4a7b-8c43-7b6e5d4c3f03'],
      notify: [{ kind: TeamChannelKind.SLACK, recipient: 'orders-deployments' }],
    });
    new TeamApplication(p, 'OrdersService', {
      project: team,
      appName: 'orders-service',
      source: ApplicationSource.fromHelmChart({ repoUrl: 'civica.azurecr.io/helm', chart: 'orders-service', version: '2.3.1' }),
    });
  },
  rootApps: p => new EnvironmentRootApps(p, 'RootApps'),
  scraping: p => new ArgoScraping(p, 'Scraping', { labels: { release: 'kube-prometheus-stack' } }),
  // No `scraping` prop: the selector comes from the platform (SelfManagedArgo, declared anywhere).
  alerts: p => new ArgoAlerts(p, 'Alerts', { ruleLabels: { release: 'kube-prometheus-stack' }, teamLabel: 'owner' }),
  dashboards: p => new ArgoDashboards(p, 'Dashboards', { delivery: DashboardDelivery.GRAFANA_OPERATOR, folder: 'Argo CD' }),
  notifications: p => {
    const notifications = new ArgoNotifications(p, 'Notifications', { alertTeamLabel: 'owner' });
    new SlackNotifier(notifications, 'Slack', { token: kv('argocd-notifications-slack-token') });
    new NotificationSubscription(notifications, 'PlatformChannel', {
      recipients: [{ service: 'slack', recipient: 'platform-team' }],
      triggers: ['on-health-degraded', 'on-sync-failed'],
    });
  },
  backup: p => new ArgoBackup(p, 'Backup', {
    storage: { storageAccount: 'civicaargocdbackup', resourceGroup: 'rg-platform-backup', container: 'argocd-backup', clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d' },
    schedule: Cron.schedule({ minute: '30', hour: '1' }),
  }),
  restore: p => new RestoreRunbook(p, 'RestoreRunbook'),
  scale: p => new ArgoScaleProfile(p, 'HighAvailability', { fleetSize: FleetSize.SMALL }),
  selfManaged: p => new SelfManagedArgo(p, 'SelfManaged', { chartVersion: '10.1.1' }),
  repositories: p => {
    new SshKnownHosts(p, 'KnownHosts', { presets: [SshKnownHostsPreset.GITHUB] });
    new RepositoryCredentialTemplate(p, 'CivicaGitHub', { url: 'git@github.com:civica', sshPrivateKey: kv('argocd-github-civica-ssh-key') });
    new ArgoRepository(p, 'Charts', { url: 'civica.azurecr.io/helm', type: RepositoryType.HELM, username: 'pull', password: kv('acr-pull-token') });
  },
  accessAudit: p => new AccessAuditReport(p),
  exposure: p => new ArgoExposure(p, 'Exposure', { gateway: { parentRefs: [{ name: 'platform-gateway', namespace: 'gateway-system', sectionName: 'https' }] } }),
  imageUpdater: p => new ArgoImageUpdater(p, 'ImageUpdater', { azureWorkloadIdentity: { clientId: '5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e' } }),
  bootstrap: p => new BootstrapDocument(p, 'Bootstrap'),
};

/** Builds the platform with the steps in this order and renders every file in memory. */
function render(order: string[]): { [file: string]: string } {
  const app = new PlatformApp({ outdir: path.join(os.tmpdir(), 'argocd-platform-test-never-written') });
  const platform = new ArgoPlatform(app, 'argocd', {
    url: 'https://argocd.civica.internal',
    homeCluster: { name: 'aks-platform', resourceGroup: 'rg-platform' },
    gitOps: { repoUrl: GITOPS },
    environments: [{ name: 'dev' }, { name: 'prod', production: true, cluster: { name: 'aks-prod' } }],
  });
  for (const step of order) STEPS[step](platform);
  return app.render();
}

const NAMES = Object.keys(STEPS);
const REFERENCE = render(NAMES);

describe('declaration order', () => {
  test('the reference platform has every capability', () => {
    const files = Object.keys(REFERENCE);
    expect(files).toEqual(expect.arrayContaining([
      'argocd.runbook.md', 'argocd.values.yaml', 'argocd.access.md', 'argocd/prometheusrule-argocd-alerts.yaml',
      'argocd/application-argocd.yaml', 'argocd/cronjob-argocd-backup.yaml',
    ]));
  });

  test('reversed: byte-identical output', () => {
    expect(render([...NAMES].reverse())).toEqual(REFERENCE);
  });

  test('any order of capability declarations gives byte-identical output (property)', () => {
    fc.assert(fc.property(fc.shuffledSubarray(NAMES, { minLength: NAMES.length, maxLength: NAMES.length }), order => {
      expect(render(order)).toEqual(REFERENCE);
    }), { numRuns: 10, seed: 16 });
  });
});
