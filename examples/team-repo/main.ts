import { Duration } from 'cdk8s';
import {
  AppImageUpdater, ApplicationSource, ExternalTeamProject, IgnoreDifferences, ImageUpdateStrategy, PlatformApp, TeamApplication,
} from 'cdk8s-argocd-platform';

/**
 * The payments team's own repository. The platform repository owns the AppProject `payments-team`,
 * its roles and namespaces; here the team only declares its applications. ExternalTeamProject
 * restates the platform facts the team relies on (they are checked: an application from a
 * repository the project does not allow fails here, not at sync time).
 */
const app = new PlatformApp();

const payments = new ExternalTeamProject(app, 'Payments', {
  team: 'payments',
  projectName: 'payments-team',
  argoCdNamespace: 'argocd',
  environments: [
    { name: 'dev' },
    { name: 'staging' },
    { name: 'prod', production: true },
  ],
  sourceRepos: [
    'git@github.com:civica/gitops-config.git',
    'https://github.com/civica/payments-apps.git',
  ],
});

// The worker's manifests live in this repository: base + an overlay per environment.
const worker = new TeamApplication(payments, 'Worker', {
  project: payments,
  appName: 'payments-worker',
  source: ApplicationSource.fromDirectory({
    repoUrl: 'https://github.com/civica/payments-apps.git',
    targetRevision: 'main',
    pathPattern: 'deploy/{app}/overlays/{env}',
  }),
  ignoreDifferences: [IgnoreDifferences.hpaManagedReplicas()],
  retry: { limit: 3, backoffDuration: Duration.seconds(10) },
  annotations: { 'notifications.argoproj.io/subscribe.on-sync-failed.teams': 'payments-deployments' },
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
