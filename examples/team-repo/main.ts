import { Duration } from 'cdk8s';
import { ApplicationSource, IgnoreDifferences, PlatformApp, TeamApplication, TeamContract } from 'cdk8s-argocd-platform';

/**
 * The payments team's Applications. The platform repository owns the team's AppProject, roles and
 * namespaces and writes argocd.teams.json, the team contract: project, application namespace,
 * environments, clusters and allowed repositories come from there, never restated here (refresh
 * the copy when the platform changes). `npm run synth` writes dist/<env>/, which the platform's
 * root Applications read.
 */
const app = new PlatformApp();
// Read from the repository root, where `npm run synth` runs.
const contract = TeamContract.fromFile('argocd.teams.json');
const project = contract.teamProject(app, 'Payments', 'payments');

// One application per environment, from base + overlays in this repository.
new TeamApplication(project, 'Worker', {
  project,
  appName: 'payments-worker',
  source: ApplicationSource.fromDirectory({
    repoUrl: 'git@github.com:civica/payments-apps.git',
    targetRevision: 'main',
    pathPattern: 'deploy/{app}/overlays/{env}',
  }),
  ignoreDifferences: [IgnoreDifferences.hpaManagedReplicas()],
  retry: { limit: 3, backoffDuration: Duration.seconds(10) },
});

app.synth();
