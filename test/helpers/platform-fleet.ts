import { Cron, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { guid } from './fleet';
import {
  AccessAuditReport, Acknowledgements, ApplicationSource, ArgoAlerts, ArgoBackup, ArgoDashboards, ArgoNotifications,
  ArgoPlatform, ArgoScaleProfile, ArgoScraping, ArgoSSO, DashboardDelivery, EnvironmentRootApps, FleetSize,
  IgnoreDifferences, NotificationSubscription, RestoreRunbook, SecretSource, SelfManagedArgo, SlackNotifier,
  TeamAccess, TeamApplication, TeamChannelKind, TeamProject,
} from '../../src';

/** Fleet sizes of `npm run bench` (teams × 3 environments × apps per team). */
export const FLEET_SIZES: { [size: string]: { teams: number; apps: number } } = {
  small: { teams: 10, apps: 10 },
  large: { teams: 100, apps: 10 },
  xlarge: { teams: 300, apps: 10 },
};

/**
 * An organisation's whole platform, written with the public API as a platform team would: one Argo CD
 * deploying to dev, staging and prod; Azure AD SSO; per team an AppProject with its namespaces, developer
 * and team-lead access, a Slack channel for its deployments and alerts, and `apps` applications in every
 * environment; and every platform capability: scraping, alerts, dashboards, notifications, backup, the
 * restore runbook, the HA profile, self-management and the access audit.
 */
export function buildPlatformFleet(scope: Construct, teams: number, apps = 10): ArgoPlatform {
  const platform = new ArgoPlatform(scope, 'argocd', {
    url: 'https://argocd.fleet.example.org',
    gitOps: { repoUrl: 'git@github.com:fleet/gitops-config.git' },
    environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true }],
  });
  new ArgoSSO(platform, 'AzureAD', {
    tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f',
    clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
    clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'argocd-oidc-client-secret' }),
  });
  platform.rbac.bind(guid(9, 0), 'role:admin', { displayName: 'Platform team' });
  new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
  new EnvironmentRootApps(platform, 'RootApps');

  const prometheusSelects = { release: 'kube-prometheus-stack' };
  const scraping = new ArgoScraping(platform, 'Scraping', { labels: prometheusSelects });
  const alerts = new ArgoAlerts(platform, 'Alerts', { scraping, ruleLabels: prometheusSelects });
  new ArgoDashboards(platform, 'Dashboards', { alerts, delivery: DashboardDelivery.GRAFANA_OPERATOR, folder: 'Argo CD' });
  const notifications = new ArgoNotifications(platform, 'Notifications');
  new SlackNotifier(notifications, 'Slack', { token: SecretSource.fromAzureKeyVault({ secretName: 'argocd-notifications-slack-token' }) });
  new NotificationSubscription(notifications, 'PlatformChannel', {
    recipients: [{ service: 'slack', recipient: 'platform-team' }],
    triggers: ['on-health-degraded', 'on-sync-failed'],
  });
  new ArgoBackup(platform, 'Backup', {
    storage: {
      storageAccount: 'fleetargocdbackup',
      resourceGroup: 'rg-platform-backup',
      container: 'argocd-backup',
      clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d',
      retention: Duration.days(30),
    },
    schedule: Cron.schedule({ minute: '30', hour: '1' }),
  });
  new RestoreRunbook(platform, 'RestoreRunbook');
  new ArgoScaleProfile(platform, 'HighAvailability', { fleetSize: teams * apps * 3 > 1000 ? FleetSize.LARGE : FleetSize.SMALL });
  new AccessAuditReport(platform);

  for (let t = 0; t < teams; t++) {
    const team = `team-${String(t).padStart(3, '0')}`;
    const project = new TeamProject(platform, `Team-${team}`, {
      team,
      sourceRepos: [platform.gitOps.repoUrl],
      createNamespaces: true,
      developerGroups: [guid(1, t)],
      developerAccess: TeamAccess.developersDefault(),
      groupDisplayNames: { [guid(1, t)]: `${team} developers`, [guid(2, t)]: `${team} team leads` },
      roles: [{ name: 'team-lead', groups: [guid(2, t)], access: TeamAccess.teamLeadsDefault() }],
      notify: [{ kind: TeamChannelKind.SLACK, recipient: `${team}-deployments` }],
    });
    Acknowledgements.of(project).add('ARGO-ACC5', 'team leads are the escalation for their own services; Argo CD audits every use');
    for (let a = 0; a < apps; a++) {
      new TeamApplication(platform, `App-${team}-${a}`, {
        project,
        appName: `${team}-svc-${String(a).padStart(2, '0')}`,
        source: ApplicationSource.fromDirectory({
          repoUrl: platform.gitOps.repoUrl,
          targetRevision: 'main',
          pathPattern: 'apps/{app}/overlays/{env}',
        }),
        ignoreDifferences: [IgnoreDifferences.hpaManagedReplicas()],
      });
    }
  }
  return platform;
}
