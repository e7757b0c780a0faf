import { parse } from 'yaml';
import {
  AppImageUpdater, ApplicationSource, ArgoEnvironmentOptions, ArgoPlatform, ExternalTeamProject, ExternalTeamProjectProps, ImageUpdateStrategy,
  PlatformApp, TeamApplication,
} from '../../src';

const TEAM_REPO = 'https://github.com/civica/payments-apps.git';

function teamRepo() {
  const app = new PlatformApp({ outdir: '.tmp/external-team-project' });
  const payments = new ExternalTeamProject(app, 'Payments', {
    team: 'payments',
    projectName: 'payments-team',
    environments: [{ name: 'dev' }, { name: 'prod', production: true, cluster: { name: 'aks-prod' } }],
    sourceRepos: [TEAM_REPO],
    copiedIntoPlatformRepository: true,
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
    expect(() => new ExternalTeamProject(app, 'X', { team: 'x', projectName: 'default', environments: [{ name: 'dev' }], sourceRepos: [TEAM_REPO], copiedIntoPlatformRepository: true }))
      .toThrow('[X] projectName: team applications never use the "default" project (got "default")');
  });
});

describe('ExternalTeamProject with an application namespace', () => {
  function withNamespace(props: Partial<ExternalTeamProjectProps> = {}) {
    const app = new PlatformApp({ outdir: '.tmp/external-team-project' });
    const payments = new ExternalTeamProject(app, 'Payments', {
      team: 'payments',
      projectName: 'payments-team',
      environments: [{ name: 'dev' }, { name: 'prod', production: true }],
      sourceRepos: [TEAM_REPO],
      applicationNamespace: 'payments-apps',
      ...props,
    });
    return { app, payments };
  }

  test('the team\'s Applications and their ImageUpdater resources go into the application namespace', () => {
    const { app, payments } = withNamespace();
    const worker = new TeamApplication(payments, 'Worker', { project: payments, appName: 'worker', source: ApplicationSource.fromDirectory({ repoUrl: TEAM_REPO }) });
    new AppImageUpdater(payments, 'Images', {
      application: worker,
      images: [{ alias: 'worker', imageName: 'civica.azurecr.io/payments/worker', updateStrategy: ImageUpdateStrategy.SEMVER, constraint: '^2' }],
      writeBack: { credentialsSecret: 'payments-git-writer' },
    });
    const files = Object.fromEntries(Object.entries(app.render()).map(([f, t]) => [f, parse(t)]));
    expect(payments.applicationNamespace).toBe('payments-apps');
    expect(payments.applicationObjectsNamespace).toBe('payments-apps');
    expect(payments.argoCdNamespace).toBe('argocd');
    expect(payments.productionProjectName).toBe('payments-team-prod');
    expect(payments.productionApplicationNamespace).toBe('payments-apps-prod');
    // Production Applications go into the production application namespace, in the production
    // project (as the platform's TeamProject declares them): only the production root Application writes there.
    for (const env of ['dev', 'prod']) {
      const application = files[`${env}/application-payments-worker-${env}.yaml`];
      expect(application.metadata.namespace).toBe(env === 'prod' ? 'payments-apps-prod' : 'payments-apps');
      expect(application.spec.project).toBe(env === 'prod' ? 'payments-team-prod' : 'payments-team');
    }
    // Image Updater looks for Applications in its resource's own namespace; the write-back Secret is there too.
    const updater = files['dev/imageupdater-payments-worker-dev.yaml'];
    expect(updater.metadata.namespace).toBe('payments-apps');
    expect(updater.spec.writeBackConfig.method).toBe('git:secret:payments-apps/payments-git-writer');
  });

  test('GIVEN a team repository without it (a new user\'s first try) THEN refused with the fix: nothing would create those Applications', () => {
    const app = new PlatformApp({ outdir: '.tmp/external-team-project' });
    expect(() => new ExternalTeamProject(app, 'Payments', { team: 'payments', projectName: 'payments-team', environments: [{ name: 'dev' }], sourceRepos: [TEAM_REPO] }))
      .toThrow('[Payments] applicationNamespace: is required in a team repository: the team\'s Applications would go into Argo CD\'s namespace "argocd", '
        + 'where the platform\'s root Application for the team\'s repository cannot create them (its project allows only the team\'s application namespace) (got undefined); '
        + 'set it to the namespace the platform\'s TeamProject declares (its applicationNamespace, "payments-apps" by default), or build the project from the contract '
        + '(TeamContract.fromFile(\'argocd.teams.json\').teamProject(...)); if CI copies dist/ into the platform\'s GitOps repository instead, set copiedIntoPlatformRepository: true');
  });

  test('both ways at once are refused', () => {
    expect(() => withNamespace({ copiedIntoPlatformRepository: true }))
      .toThrow('[Payments] copiedIntoPlatformRepository: the output is read from the team\'s repository, in applicationNamespace; set one of them, not both (got true)');
  });

  test('copied into the platform\'s repository, the Applications stay in Argo CD\'s namespace', () => {
    const { app, payments } = teamRepo();
    new TeamApplication(payments, 'Worker', { project: payments, appName: 'worker', source: ApplicationSource.fromDirectory({ repoUrl: TEAM_REPO }) });
    expect(parse(app.render()['dev/application-payments-worker-dev.yaml']).metadata.namespace).toBe('argocd');
    expect(payments.applicationNamespace).toBeUndefined();
    expect(payments.applicationObjectsNamespace).toBe('argocd');
  });

  test.each<[string, Partial<ExternalTeamProjectProps>, string]>([
    ['Argo CD\'s namespace', { applicationNamespace: 'argocd' },
      '[Payments] applicationNamespace: is Argo CD\'s own namespace; give the team\'s application namespace (the platform\'s TeamProject applicationNamespace, e.g. <team>-apps), or leave it out (got "argocd")'],
    ['not a DNS label', { applicationNamespace: 'payments apps' },
      '[Payments] applicationNamespace: must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters) (got "payments apps")'],
    ['a production application namespace that is the one outside production', { productionApplicationNamespace: 'payments-apps' },
      '[Payments] productionApplicationNamespace: must be a namespace of its own, neither Argo CD\'s nor the application namespace outside production (got "payments-apps")'],
    ['a production project that is the team\'s project', { productionProjectName: 'payments-team' },
      '[Payments] productionProjectName: must be a project of its own, neither the team\'s project nor "default" (got "payments-team")'],
  ])('refuses %s', (_name, props, message) => {
    expect(() => withNamespace(props)).toThrow(message);
  });
});

describe('ExternalTeamProject checks environments exactly as the platform does', () => {
  test.each<[string, ArgoEnvironmentOptions, string, RegExp]>([
    ['server and name', { name: 'prod', cluster: { server: 'https://aks.example.org', name: 'aks-prod' } },
      '[Payments] environments.prod.cluster: give either server or name, not both (got {"server":"https://aks.example.org","name":"aks-prod"})',
      /\[argocd\] environments\[0\]\.cluster: give either server or name, not both/],
    ['an http cluster', { name: 'prod', cluster: { server: 'http://10.0.0.1' } },
      '[Payments] environments.prod.cluster.server: must be the https:// URL of the cluster API server (got "http://10.0.0.1")',
      /\[argocd\] environments\[0\]\.cluster.server: must be the https:\/\/ URL of the cluster API server/],
    ['a cluster name that is not a DNS label', { name: 'prod', cluster: { name: 'AKS Prod' } },
      '[Payments] environments.prod.cluster.name: must be a DNS-1123 label',
      /\[argocd\] environments\[0\]\.cluster.name: must be a DNS-1123 label/],
    ['a namespace pattern without {team}', { name: 'prod', namespacePattern: 'shared-{env}' },
      '[Payments] environments.prod.namespacePattern: must contain {team}, or every team would share one namespace (got "shared-{env}")',
      /\[argocd\] environments\[0\]\.namespacePattern: must contain \{team\}, or every team would share one namespace/],
    ['a pattern that makes no DNS label', { name: 'prod', namespacePattern: '{team}_{env}' },
      '[Payments] environments.prod.namespacePattern: must be a DNS-1123 label',
      /\[argocd\] environments\[0\]\.namespacePattern: must be a DNS-1123 label/],
  ])('%s', (_name, env, externalMessage, platformMessage) => {
    const app = new PlatformApp({ outdir: '.tmp/external-team-project' });
    expect(() => new ExternalTeamProject(app, 'Payments', { team: 'payments', environments: [env], sourceRepos: [TEAM_REPO], copiedIntoPlatformRepository: true })).toThrow(externalMessage);
    expect(() => new ArgoPlatform(new PlatformApp({ outdir: '.tmp/external-team-project' }), 'argocd', { url: 'https://argocd.example.org', environments: [env] }))
      .toThrow(platformMessage);
  });
});
