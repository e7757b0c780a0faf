import { Duration } from 'cdk8s';
import {
  AppImageUpdater, ApplicationSource, ApplicationSubscription, ExternalTeamProject, IgnoreDifferences, ImageUpdateStrategy, PlatformApp, TeamApplication,
} from 'cdk8s-argocd-platform';

/**
 * The payments team's own repository. The platform repository owns the AppProject `payments-team`,
 * its roles and namespaces; here the team only declares its applications. ExternalTeamProject
 * restates the platform facts the team relies on (they are checked: an application from a
 * repository the project does not allow fails here, not at sync time). The Applications go into
 * the team's application namespace, payments-apps, not into Argo CD's; the production ones into
 * payments-apps-prod, in the production project payments-team-prod.
 */
const app = new PlatformApp();

const payments = new ExternalTeamProject(app, 'Payments', {
  team: 'payments',
  projectName: 'payments-team',
  argoCdNamespace: 'argocd',
  // The platform's TeamProject has teamRepository set: its root Applications payments-apps-<env>
  // read dist/<env>/ of this repository into this namespace, which only payments-team may use;
  // payments-apps-prod reads dist/prod/ into payments-apps-prod, which only payments-team-prod may use.
  applicationNamespace: 'payments-apps',
  productionProjectName: 'payments-team-prod',
  productionApplicationNamespace: 'payments-apps-prod',
  environments: [
    { name: 'dev' },
    { name: 'staging' },
    { name: 'prod', production: true },
  ],
  sourceRepos: [
    'git@github.com:civica/gitops-config.git',
    'git@github.com:civica/payments-apps.git',
  ],
});

// The worker's manifests live in this repository: base + an overlay per environment.
const worker = new TeamApplication(payments, 'Worker', {
  project: payments,
  appName: 'payments-worker',
  source: ApplicationSource.fromDirectory({
    repoUrl: 'git@github.com:civica/payments-apps.git',
    targetRevision: 'main',
    pathPattern: 'deploy/{app}/overlays/{env}',
  }),
  ignoreDifferences: [IgnoreDifferences.hpaManagedReplicas()],
  retry: { limit: 3, backoffDuration: Duration.seconds(10) },
  // The platform defines the on-sync-failed trigger and the slack service (examples/platform/notifications.ts);
  // the team's channel already gets every failure through its AppProject, this adds the worker's own channel.
  annotations: ApplicationSubscription.annotations({
    triggers: ['on-sync-failed'],
    recipients: [{ service: 'slack', recipient: 'payments-worker' }],
  }),
});

new AppImageUpdater(payments, 'WorkerImages', {
  application: worker,
  images: [{
    alias: 'worker',
    imageName: 'civica.azurecr.io/payments/worker',
    updateStrategy: ImageUpdateStrategy.SEMVER,
    constraint: '^2',
  }],
});

app.synth();
