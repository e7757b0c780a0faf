import { App, Testing } from 'cdk8s';
import { ApplicationSource, ArgoPlatform, ExternalTeamProject, PlatformApp, SettingsConfigMap, TeamApplication, TeamProject, TeamProjectProps } from '../../src';
import { RbacConfig } from '../../src/rbac/rbac-config';
import { RbacEvaluator } from '../../src/rbac/rbac-evaluator';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

const PAYMENTS_REPO = 'https://github.com/civica/payments-apps.git';
const ORDERS_REPO = 'git@github.com:civica/orders-apps.git';
const GROUPS = {
  payments: '1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01',
  orders: '3d8b2a4c-9e5f-4a7b-8c43-7b6e5d4c3f03',
};

function platformWithEnvs(): { app: PlatformApp; platform: ArgoPlatform } {
  return newPlatform({
    environments: [
      { name: 'dev' },
      { name: 'prod', production: true, cluster: { server: 'https://aks-prod.example.org:443' } },
    ],
  });
}

function payments(platform: ArgoPlatform, props: Partial<TeamProjectProps> = {}): TeamProject {
  return new TeamProject(platform, 'Payments', {
    team: 'payments',
    projectName: 'payments-team',
    developerGroups: [GROUPS.payments],
    teamRepository: { repoUrl: PAYMENTS_REPO },
    ...props,
  });
}

function orders(platform: ArgoPlatform, props: Partial<TeamProjectProps> = {}): TeamProject {
  return new TeamProject(platform, 'Orders', {
    team: 'orders',
    projectName: 'orders-team',
    developerGroups: [GROUPS.orders],
    teamRepository: { repoUrl: ORDERS_REPO, targetRevision: 'release', pathPrefix: 'deploy/argocd/' },
    applicationNamespace: 'orders-argocd-apps',
    ...props,
  });
}

describe('TeamProject with a team repository (Applications in any namespace)', () => {
  test('one root Application per environment, in a contained project of its own, reading <pathPrefix>/<env> into the application namespace', () => {
    const { app, platform } = platformWithEnvs();
    const project = payments(platform);
    const files = renderParsed(app);

    expect(project.applicationNamespace).toBe('payments-apps');
    expect(project.teamRepository).toEqual({ repoUrl: PAYMENTS_REPO, targetRevision: 'main', pathPrefix: 'dist', enforceManualProductionSync: true });
    expect(['dev', 'prod'].map(env => project.rootAppNameFor(env))).toEqual(['payments-apps-dev', 'payments-apps-prod']);
    for (const env of ['dev', 'prod']) {
      // Production Applications come into a namespace of their own, through a contained project of their own.
      const namespace = env === 'prod' ? 'payments-apps-prod' : 'payments-apps';
      expect(files[`argocd/application-payments-apps-${env}.yaml`]).toEqual({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: `payments-apps-${env}`,
          namespace: 'argocd',
          labels: {
            'argocd-platform/root-app': 'true',
            'argocd-platform/team': 'payments',
            'argocd-platform/environment': env,
            'argocd-platform/production': String(env === 'prod'),
          },
        },
        spec: {
          project: namespace,
          source: { repoURL: PAYMENTS_REPO, targetRevision: 'main', path: `dist/${env}` },
          // The Application objects live on the Argo CD cluster, whatever cluster the environment deploys to.
          destination: { server: 'https://kubernetes.default.svc', namespace },
          syncPolicy: {
            // A merge never deletes a production Application: pruning it is a manual sync.
            automated: { prune: env !== 'prod', selfHeal: true },
            retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
          },
        },
      });
    }
    // No finalizer: deleting a root Application never deletes the team's Applications.
    expect(files['argocd/application-payments-apps-prod.yaml'].metadata.finalizers).toBeUndefined();
    // The platform's root apps are untouched: nothing of the team goes into the environment folders.
    expect(Object.keys(files).filter(f => f.startsWith('dev/') || f.startsWith('prod/'))).toEqual(['dev/kustomization.yaml', 'prod/kustomization.yaml']);

    expect(files['argocd/namespace-payments-apps.yaml']).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'payments-apps', labels: { 'argocd-platform/team': 'payments', 'argocd-platform/application-namespace': 'true' } },
    });
    expect(project.productionApplicationNamespace).toBe('payments-apps-prod');
    expect(files['argocd/namespace-payments-apps-prod.yaml'].metadata.name).toBe('payments-apps-prod');
    expect(files['argocd/role-argocd-server-payments-production-applications.yaml'].metadata.namespace).toBe('payments-apps-prod');
  });

  test('the team\'s AppProject accepts Applications from the application namespace and deploys only to the team\'s namespaces', () => {
    const { app, platform } = platformWithEnvs();
    payments(platform, { sourceRepos: ['git@github.com:civica/gitops-config.git'] });
    const files = renderParsed(app);
    const spec = files['argocd/appproject-payments-team.yaml'].spec;
    expect(spec.sourceNamespaces).toEqual(['payments-apps']);
    expect(spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'payments-dev' }]);
    expect(spec.sourceRepos).toEqual(['git@github.com:civica/gitops-config.git', PAYMENTS_REPO]);
    // Still no cluster-scoped resources: the team's repository cannot create any.
    expect(spec.clusterResourceWhitelist).toEqual([]);
    // The production project accepts Applications only from the production application namespace.
    const production = files['argocd/appproject-payments-team-prod.yaml'].spec;
    expect(production.sourceNamespaces).toEqual(['payments-apps-prod']);
    expect(production.destinations).toEqual([{ server: 'https://aks-prod.example.org:443', namespace: 'payments-prod' }]);
    expect(production.clusterResourceWhitelist).toEqual([]);
  });

  test('argocd-server may manage Applications in the application namespace only (a Role there, not a ClusterRole)', () => {
    const { app, platform } = platformWithEnvs();
    payments(platform);
    const files = renderParsed(app);
    expect(files['argocd/role-argocd-server-payments-applications.yaml']).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'argocd-server-payments-applications', namespace: 'payments-apps', labels: { 'argocd-platform/team': 'payments' } },
      rules: [{ apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }],
    });
    expect(files['argocd/rolebinding-argocd-server-payments-applications.yaml'].subjects)
      .toEqual([{ kind: 'ServiceAccount', name: 'argocd-server', namespace: 'argocd' }]);
    expect(Object.values(files).some((o: any) => o?.kind === 'ClusterRole' || o?.kind === 'ClusterRoleBinding')).toBe(false);
    // The platform folder, synced in the platform project, must be allowed to put the Role there.
    expect(files['argocd/appproject-platform.yaml'].spec.destinations)
      .toContainEqual({ server: 'https://kubernetes.default.svc', namespace: 'payments-apps' });
  });

  test('two teams contribute their namespaces to application.namespaces, sorted and joined with ","', () => {
    const { app, platform } = platformWithEnvs();
    payments(platform);
    orders(platform);
    const files = renderParsed(app);
    // (Besides the chart's presets, which the platform writes too: test/platform/chart-presets.test.ts.)
    expect(files['argocd/configmap-argocd-cmd-params-cm.yaml'].data['application.namespaces'])
      .toBe('orders-argocd-apps,orders-argocd-apps-prod,payments-apps,payments-apps-prod');
    expect(platform.settings.contributorsOf(SettingsConfigMap.CMD_PARAMS_CM, 'application.namespaces')).toEqual(['argocd/Payments', 'argocd/Orders']);

    const ordersApp = files['argocd/application-orders-apps-prod.yaml'];
    expect(ordersApp.spec.project).toBe('orders-argocd-apps-prod');
    expect(ordersApp.spec.source).toEqual({ repoURL: ORDERS_REPO, targetRevision: 'release', path: 'deploy/argocd/prod' });
    expect(ordersApp.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'orders-argocd-apps-prod' });
    expect(files['argocd/appproject-orders-team.yaml'].spec.sourceNamespaces).toEqual(['orders-argocd-apps']);
    expect(files['argocd/appproject-orders-team-prod.yaml'].spec.sourceNamespaces).toEqual(['orders-argocd-apps-prod']);
  });

  test('without a team repository nothing changes: no source namespaces, no root apps, no cmd-params entry', () => {
    const { app, platform } = platformWithEnvs();
    const project = new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [PAYMENTS_REPO] });
    const files = renderParsed(app);
    expect(files['argocd/appproject-payments.yaml'].spec.sourceNamespaces).toBeUndefined();
    expect(files['argocd/configmap-argocd-cmd-params-cm.yaml'].data['application.namespaces']).toBeUndefined();
    expect(files['argocd/configmap-argocd-cmd-params-cm.yaml'].data['applicationset.namespaces']).toBeUndefined();
    expect(Object.keys(files).filter(f => f.includes('application-') || f.includes('namespace-'))).toEqual([]);
    expect(project.applicationNamespace).toBeUndefined();
    expect(project.applicationObjectsNamespace).toBe('argocd');
    expect(() => project.rootAppNameFor('dev')).toThrow('[argocd/Payments] environment: the project has no team repository, so no root applications (got "dev")');
  });

  test('an empty pathPrefix reads the environment folders at the repository root', () => {
    const { app, platform } = platformWithEnvs();
    payments(platform, { teamRepository: { repoUrl: PAYMENTS_REPO, pathPrefix: '' } });
    expect(renderParsed(app)['argocd/application-payments-apps-dev.yaml'].spec.source.path).toBe('dev');
  });

  test('Applications of a TeamProject in the platform repository stay in Argo CD\'s namespace', () => {
    const { app, platform } = platformWithEnvs();
    const project = payments(platform);
    new TeamApplication(platform, 'Api', { project, appName: 'api', source: ApplicationSource.fromDirectory({ repoUrl: PAYMENTS_REPO }) });
    expect(renderParsed(app)['dev/application-payments-api-dev.yaml'].metadata.namespace).toBe('argocd');
  });

  describe('bad input fails with path, field and value', () => {
    test.each<[string, Partial<TeamProjectProps>, string]>([
      ['a repository URL that is not a Git URL', { teamRepository: { repoUrl: 'github.com/civica/payments-apps' } },
        '[argocd/Payments] teamRepository.repoUrl: must be a Git repository URL (https://host/org/repo, ssh://host/org/repo or git@host:org/repo) (got "github.com/civica/payments-apps")'],
      ['a wildcard repository', { teamRepository: { repoUrl: 'https://github.com/civica/*' } },
        '[argocd/Payments] teamRepository.repoUrl: must be a Git repository URL (https://host/org/repo, ssh://host/org/repo or git@host:org/repo) (got "https://github.com/civica/*")'],
      ['a repository URL with a newline', { teamRepository: { repoUrl: `${PAYMENTS_REPO}\n` } },
        '[argocd/Payments] teamRepository.repoUrl: must not contain a newline or carriage return (got "https://github.com/civica/payments-apps.git\\n")'],
      ['HEAD', { teamRepository: { repoUrl: PAYMENTS_REPO, targetRevision: 'HEAD' } },
        '[argocd/Payments] teamRepository.targetRevision: must be a branch name (HEAD floats with the remote default branch) (got "HEAD")'],
      ['an absolute path', { teamRepository: { repoUrl: PAYMENTS_REPO, pathPrefix: '/dist' } },
        '[argocd/Payments] teamRepository.pathPrefix: must be a relative path inside the repository (got "/dist")'],
      ['a path leaving the repository', { teamRepository: { repoUrl: PAYMENTS_REPO, pathPrefix: 'dist/../..' } },
        '[argocd/Payments] teamRepository.pathPrefix: must be a relative path inside the repository (got "dist/../..")'],
      ['a namespace that is not a DNS label', { applicationNamespace: 'Payments_Apps' },
        '[argocd/Payments] applicationNamespace: must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters) (got "Payments_Apps")'],
      ['Argo CD\'s namespace', { applicationNamespace: 'argocd' },
        '[argocd/Payments] applicationNamespace: is Argo CD\'s own namespace; whoever writes Applications there is an Argo CD admin (got "argocd")'],
      ['a system namespace', { applicationNamespace: 'kube-system' },
        '[argocd/Payments] applicationNamespace: is a system namespace; give the team a namespace of its own (got "kube-system")'],
      ['the team\'s own deployment namespace', { applicationNamespace: 'payments-dev' },
        '[argocd/Payments] applicationNamespace: is the team\'s deployment namespace in dev; Applications live in a namespace of their own (got "payments-dev")'],
      ['a production application namespace that is the one outside production', { productionApplicationNamespace: 'payments-apps' },
        '[argocd/Payments] productionApplicationNamespace: is the application namespace outside production; production Applications need a namespace of their own (got "payments-apps")'],
      ['a production application namespace that is Argo CD\'s', { productionApplicationNamespace: 'argocd' },
        '[argocd/Payments] productionApplicationNamespace: is Argo CD\'s own namespace; whoever writes Applications there is an Argo CD admin (got "argocd")'],
      ['a production application namespace without a team repository', { teamRepository: undefined, productionApplicationNamespace: 'payments-apps-prod', sourceRepos: [PAYMENTS_REPO] },
        '[argocd/Payments] productionApplicationNamespace: only applies with teamRepository (the namespace of the production Applications from the team\'s repository) (got "payments-apps-prod")'],
      ['an application namespace without a team repository', { teamRepository: undefined, applicationNamespace: 'payments-apps', sourceRepos: [PAYMENTS_REPO] },
        '[argocd/Payments] applicationNamespace: only applies with teamRepository (the namespace of the Applications from the team\'s repository) (got "payments-apps")'],
    ])('%s', (_name, props, message) => {
      const { platform } = platformWithEnvs();
      expect(() => payments(platform, props)).toThrow(message);
    });

    test('two teams cannot share an application namespace, nor use another team\'s deployment namespace', () => {
      const shared = platformWithEnvs();
      payments(shared.platform);
      orders(shared.platform, { applicationNamespace: 'payments-apps' });
      expect(() => shared.app.render()).toThrow(
        '[argocd/Payments] applicationNamespace: is also the application namespace of [argocd/Orders]; each team needs its own, or one team\'s repository could use the other\'s project (got "payments-apps")');

      const foreign = platformWithEnvs();
      payments(foreign.platform, { applicationNamespace: 'orders-prod' });
      orders(foreign.platform);
      expect(() => foreign.app.render()).toThrow('[argocd/Payments] applicationNamespace: is the deployment namespace of [argocd/Orders] in prod (got "orders-prod")');
    });

    test('a root Application name that another Application in Argo CD\'s namespace already has', () => {
      const { app, platform } = platformWithEnvs();
      const project = payments(platform);
      new TeamApplication(platform, 'Apps', { project, appName: 'apps', source: ApplicationSource.fromDirectory({ repoUrl: PAYMENTS_REPO }) });
      expect(() => app.render()).toThrow(
        '[argocd/Payments] teamRepository: the root Application of dev has the same name as [argocd/Apps] in Argo CD\'s namespace; rename that application (got "payments-apps-dev")');
      expect(() => app.render()).toThrow('[argocd/Apps] name: Application "payments-apps-dev" in namespace "argocd" is already declared by [argocd/Payments/TeamRepository]');
    });
  });

  test('the root applications\' project is contained: Applications only, only into <team>-apps on the Argo CD cluster, no source namespaces', () => {
    const { app, platform } = platformWithEnvs();
    const project = payments(platform);
    const files = renderParsed(app);
    expect(files['argocd/appproject-payments-apps.yaml']).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: {
        name: 'payments-apps',
        namespace: 'argocd',
        labels: { 'argocd-platform/team': 'payments', 'argocd-platform/root-project': 'true' },
        annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
      },
      spec: {
        description: 'Root applications of team payments: only Applications, only into payments-apps',
        sourceRepos: [PAYMENTS_REPO],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'payments-apps' }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'Application' }],
      },
    });
    expect(files['argocd/appproject-payments-apps.yaml'].spec.sourceNamespaces).toBeUndefined();
    expect(files['argocd/appproject-payments-apps-prod.yaml'].spec).toEqual({
      description: 'Production root applications of team payments: only Applications, only into payments-apps-prod',
      sourceRepos: [PAYMENTS_REPO],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'payments-apps-prod' }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'Application' }],
    });
    expect(project.node.findChild('TeamRepository')).toBeDefined();

    // The Applications the root apps bring in, as the team's repository synthesizes them, land in
    // the team's own projects: the team's project is the only AppProject that accepts Applications
    // from payments-apps, the production project the only one from payments-apps-prod, which only
    // the production root Application writes.
    const teamRepo = Testing.app();
    const external = new ExternalTeamProject(teamRepo as App, 'Payments', {
      team: 'payments',
      projectName: 'payments-team',
      applicationNamespace: 'payments-apps',
      environments: [{ name: 'dev' }, { name: 'prod', production: true }],
      sourceRepos: [PAYMENTS_REPO],
    });
    new TeamApplication(external, 'Worker', {
      project: external,
      appName: 'payments-worker',
      source: ApplicationSource.fromDirectory({ repoUrl: PAYMENTS_REPO, targetRevision: 'main', pathPattern: 'deploy/{app}/overlays/{env}' }),
    });
    const teamApps = teamRepo.charts.flatMap(c => c.toJson()).filter((o: any) => o.kind === 'Application');
    expect(teamApps.length).toBe(2);
    const projects = Object.values(files).filter((o: any) => o?.kind === 'AppProject');
    for (const teamApp of teamApps) {
      const accepting = projects.filter((p: any) => (p.spec.sourceNamespaces ?? []).includes(teamApp.metadata.namespace))
        .map((p: any) => p.metadata.name);
      expect([teamApp.metadata.name, accepting]).toEqual([teamApp.metadata.name, [teamApp.spec.project]]);
      const production = teamApp.metadata.name.endsWith('-prod');
      expect(teamApp.spec.project).toBe(production ? 'payments-team-prod' : 'payments-team');
      // and what the root project allows is exactly what it creates: Applications in its namespace
      expect(teamApp.metadata.namespace).toBe(production ? 'payments-apps-prod' : 'payments-apps');
      const rootProject = projects.find((p: any) => p.metadata.name === teamApp.metadata.namespace);
      expect(rootProject.spec.destinations.map((d: any) => d.namespace)).toEqual([teamApp.metadata.namespace]);
      const allowedDestinations = projects.find((p: any) => p.metadata.name === teamApp.spec.project).spec.destinations.map((d: any) => d.namespace);
      expect(allowedDestinations).toEqual([teamApp.spec.destination.namespace]);
    }
  });

  test('the root applications\' project may not share a name with a team project', () => {
    const { app, platform } = platformWithEnvs();
    payments(platform);
    new TeamProject(platform, 'Other', { team: 'other', projectName: 'payments-apps', sourceRepos: [PAYMENTS_REPO] });
    expect(() => app.render()).toThrow(/\[argocd\/Payments\] applicationNamespace: names the root applications' project, which is also the project of \[argocd\/Other\]/);
  });

  test('RBAC: a team developer can sync the team\'s Applications in its application namespace, not another team\'s', async () => {
    const { app, platform } = platformWithEnvs();
    payments(platform);
    orders(platform);
    const rbacCm = renderParsed(app)['argocd/configmap-argocd-rbac-cm.yaml'];
    const evaluator = await RbacEvaluator.create(RbacConfig.fromData(rbacCm.data));
    // Outside the control-plane namespace the object is <project>/<app-namespace>/<app>.
    const paymentsWorker = 'payments-team/payments-apps/payments-worker-dev';
    expect(evaluator.canWithGroups('alice', [GROUPS.payments], 'applications', 'sync', paymentsWorker)).toBe(true);
    expect(evaluator.canWithGroups('alice', [GROUPS.payments], 'applications', 'get', paymentsWorker)).toBe(true);
    expect(evaluator.canWithGroups('alice', [GROUPS.payments], 'applications', 'delete', paymentsWorker)).toBe(false);
    expect(evaluator.canWithGroups('bob', [GROUPS.orders], 'applications', 'sync', paymentsWorker)).toBe(false);
    expect(evaluator.canWithGroups('alice', [GROUPS.payments], 'applications', 'sync', 'orders-team/orders-argocd-apps/orders-worker-dev')).toBe(false);
    expect(evaluator.canWithGroups('bob', [GROUPS.orders], 'applications', 'sync', 'orders-team/orders-argocd-apps/orders-worker-dev')).toBe(true);
  });

  test('production Applications from the team repository never sync automatically: an always-open deny window with manual sync', () => {
    const { app, platform } = platformWithEnvs();
    payments(platform);
    const windows = renderParsed(app)['argocd/appproject-payments-team-prod.yaml'].spec.syncWindows;
    expect(windows).toEqual([{
      kind: 'deny',
      schedule: '0 0 * * *',
      duration: '24h',
      namespaces: ['payments-prod'],
      manualSync: true,
      timeZone: 'UTC',
      description: 'Production syncs by hand only (team repository); automated sync is always denied',
    }]);

    const off = platformWithEnvs();
    payments(off.platform, { teamRepository: { repoUrl: PAYMENTS_REPO, enforceManualProductionSync: false } });
    expect(renderParsed(off.app)['argocd/appproject-payments-team-prod.yaml'].spec.syncWindows).toBeUndefined();
  });
});
