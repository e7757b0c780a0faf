import { Duration } from 'cdk8s';
import {
  AppImageUpdater, ApplicationSource, ArgoPlatform, EnvironmentRootApps, IgnoreDifferences, ImageUpdateStrategy,
  TeamApplication, TeamProject,
} from '../../src';

/**
 * The seed's App of Apps: a root Application per environment (apps-dev, apps-staging, apps-prod)
 * and the teams' applications in every environment. Dev syncs by itself, staging is promoted by
 * PR to its overlay, prod by PR approval plus a manual sync.
 */
export function addApps(platform: ArgoPlatform, teams: { payments: TeamProject; orders: TeamProject }) {
  const rootApps = new EnvironmentRootApps(platform, 'RootApps');

  // Payments API: base + overlays in the GitOps repository; HPA-managed replicas; images from ACR.
  const paymentsApi = new TeamApplication(platform, 'PaymentsApi', {
    project: teams.payments,
    appName: 'payments-api',
    source: ApplicationSource.fromDirectory({
      repoUrl: platform.gitOps.repoUrl,
      targetRevision: 'main',
      pathPattern: 'apps/{app}/overlays/{env}',
    }),
    ignoreDifferences: [IgnoreDifferences.hpaManagedReplicas()],
    syncOptions: { pruneLast: true },
    retry: { limit: 5, backoffDuration: Duration.seconds(10), backoffMaxDuration: Duration.minutes(5) },
  });

  // CI pushes civica.azurecr.io/payments/api:<semver>; Image Updater commits the new tag to the dev
  // overlay. Staging (team lead) and prod (platform team) are promoted by PR.
  new AppImageUpdater(platform, 'PaymentsApiImages', {
    application: paymentsApi,
    images: [{
      alias: 'api',
      imageName: 'civica.azurecr.io/payments/api',
      updateStrategy: ImageUpdateStrategy.SEMVER,
      constraint: '~1.4',
      ignoreTags: ['*-rc*'],
    }],
  });

  // Orders service: a packaged Helm chart at an exact version, promoted environment by environment.
  const ordersService = new TeamApplication(platform, 'OrdersService', {
    project: teams.orders,
    appName: 'orders-service',
    source: ApplicationSource.fromHelmChart({
      repoUrl: 'civica.azurecr.io/helm',
      chart: 'orders-service',
      version: '2.3.1',
      versionPerEnvironment: { dev: '2.4.0' },
      values: { replicaCount: 2 },
      valuesPerEnvironment: { prod: { replicaCount: 3 } },
    }),
    ignoreDifferences: [IgnoreDifferences.hpaManagedReplicas()],
    syncOptions: { serverSideApply: true },
  });

  return { rootApps, paymentsApi, ordersService };
}
