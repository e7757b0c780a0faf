import { ApplicationSource, ExternalTeamProject, PlatformApp, TeamApplication } from '../../src';

const TEAM_REPO = 'https://github.com/civica/payments-apps.git';

function teamRepo() {
  const app = new PlatformApp({ outdir: '.tmp/external-team-project' });
  const payments = new ExternalTeamProject(app, 'Payments', {
    team: 'payments',
    projectName: 'payments-team',
    environments: [{ name: 'dev' }, { name: 'prod', production: true, cluster: { name: 'aks-prod' } }],
    sourceRepos: [TEAM_REPO],
  });
  return { app, payments };
}

describe('ExternalTeamProject', () => {
  test('applications render into one folder per environment, and nothing else is written', () => {
    const { app, payments } = teamRepo();
    new TeamApplication(payments, 'Worker', { project: payments, appName: 'worker', source: ApplicationSource.fromDirectory({ repoUrl: TEAM_REPO }) });
    const files = Object.keys(app.render());
    expect(files).toEqual([
      'dev/application-payments-worker-dev.yaml', 'dev/kustomization.yaml',
      'prod/application-payments-worker-prod.yaml', 'prod/kustomization.yaml',
    ]);
    expect(payments.deploymentTargets().map(t => [t.environmentName, t.namespace, t.cluster])).toEqual([
      ['dev', 'payments-dev', { server: 'https://kubernetes.default.svc' }],
      ['prod', 'payments-prod', { name: 'aks-prod' }],
    ]);
  });

  test('a repository the platform does not allow fails here, not at sync', () => {
    const { payments } = teamRepo();
    expect(() => new TeamApplication(payments, 'Other', {
      project: payments, appName: 'other', source: ApplicationSource.fromDirectory({ repoUrl: 'https://github.com/civica/other.git' }),
    })).toThrow('[Payments] sourceRepos: the platform\'s project payments-team allows only https://github.com/civica/payments-apps.git; ask the platform team to add the repository (got "https://github.com/civica/other.git")');
  });

  test('the default project is refused', () => {
    const app = new PlatformApp({ outdir: '.tmp/external-team-project' });
    expect(() => new ExternalTeamProject(app, 'X', { team: 'x', projectName: 'default', environments: [{ name: 'dev' }], sourceRepos: [TEAM_REPO] }))
      .toThrow('[X] projectName: team applications never use the "default" project (got "default")');
  });
});
