import { Duration } from 'cdk8s';
import { Acknowledgements, ArgoPlatform, PlatformApp, PolicyEffect, SyncWindowKind, TeamAccess, TeamProject, TeamProjectProps } from '../../src';
import { AccessAudit } from '../../src/rbac/access-audit';
import { ProjectRoles } from '../../src/rbac/project-roles';
import { RbacConfig } from '../../src/rbac/rbac-config';
import { RbacEvaluator } from '../../src/rbac/rbac-evaluator';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

const REPO = 'git@github.com:civica/gitops-config.git';
const DEVS = '1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01';
const LEADS = '2c7a1f3b-8d4e-4f6a-9b32-6a5d4c3b2e02';

function threeEnvironments(): { app: PlatformApp; platform: ArgoPlatform } {
  return newPlatform({
    environments: [
      { name: 'dev' },
      { name: 'staging' },
      { name: 'prod', production: true, cluster: { server: 'https://aks-prod.example.org:443' } },
    ],
  });
}

function payments(platform: ArgoPlatform, props: Partial<TeamProjectProps> = {}): TeamProject {
  return new TeamProject(platform, 'Payments', {
    team: 'payments',
    projectName: 'payments-team',
    sourceRepos: [REPO],
    developerGroups: [DEVS],
    roles: [{ name: 'team-lead', groups: [LEADS] }],
    ...props,
  });
}

describe('TeamProject', () => {
  test('two AppProjects: the team\'s namespaces outside production, and a production project with only the production namespace', () => {
    const { app, platform } = threeEnvironments();
    payments(platform);
    const files = renderParsed(app);
    const project = files['argocd/appproject-payments-team.yaml'];
    expect(project.metadata).toEqual({
      name: 'payments-team',
      namespace: 'argocd',
      labels: { 'argocd-platform/team': 'payments' },
      annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
    });
    const common = {
      sourceRepos: [REPO],
      clusterResourceWhitelist: [],
      namespaceResourceBlacklist: [
        { group: '', kind: 'ResourceQuota' },
        { group: '', kind: 'LimitRange' },
        { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
      ],
      orphanedResources: { warn: true },
    };
    expect(project.spec).toEqual({
      ...common,
      description: 'Applications of team payments',
      destinations: [
        { server: 'https://kubernetes.default.svc', namespace: 'payments-dev' },
        { server: 'https://kubernetes.default.svc', namespace: 'payments-staging' },
      ],
      // No name-based deny: the project cannot reach production under any name.
      roles: [{ name: 'team-lead', groups: [LEADS], policies: ['p, proj:payments-team:team-lead, applications, *, payments-team/*, allow'] }],
    });
    const production = files['argocd/appproject-payments-team-prod.yaml'];
    expect(production.metadata).toEqual({
      name: 'payments-team-prod',
      namespace: 'argocd',
      labels: { 'argocd-platform/team': 'payments' },
      annotations: { 'argocd.argoproj.io/sync-wave': '-1', 'argocd-platform/production-environments': 'prod' },
    });
    expect(production.spec).toEqual({
      ...common,
      description: 'Production applications of team payments: only its production namespaces',
      destinations: [{ server: 'https://aks-prod.example.org:443', namespace: 'payments-prod' }],
      // TeamAccess.teamLeadsDefault(): get and sync in production; create, update and delete are the admins'.
      roles: [{
        name: 'team-lead',
        groups: [LEADS],
        policies: [
          'p, proj:payments-team-prod:team-lead, applications, get, payments-team-prod/*, allow',
          'p, proj:payments-team-prod:team-lead, applications, sync, payments-team-prod/*, allow',
        ],
      }],
    });
  });

  test('the production project\'s name is configurable; a platform without production renders one project', () => {
    const { app, platform } = threeEnvironments();
    payments(platform, { productionProjectName: 'payments-production' });
    expect(renderParsed(app)['argocd/appproject-payments-production.yaml'].spec.destinations)
      .toEqual([{ server: 'https://aks-prod.example.org:443', namespace: 'payments-prod' }]);

    const single = newPlatform({ environments: [{ name: 'dev' }, { name: 'staging' }] });
    payments(single.platform);
    const files = renderParsed(single.app);
    expect(Object.keys(files).filter(f => f.includes('appproject-payments'))).toEqual(['argocd/appproject-payments-team.yaml']);
    expect(() => payments(newPlatform({ environments: [{ name: 'dev' }] }).platform, { productionProjectName: 'payments-production' }))
      .toThrow(/\[argocd\/Payments\] productionProjectName: the platform has no production environment \(got "payments-production"\)/);
  });

  test('refuses a production project name that is the team\'s project, the platform\'s, or another team\'s', () => {
    expect(() => payments(threeEnvironments().platform, { productionProjectName: 'payments-team' }))
      .toThrow(/\[argocd\/Payments\] productionProjectName: must be a project of its own, neither the team's project nor "default" \(got "payments-team"\)/);
    expect(() => payments(threeEnvironments().platform, { productionProjectName: 'platform' }))
      .toThrow(/\[argocd\/Payments\] productionProjectName: is the platform's own AppProject/);
    const { platform } = threeEnvironments();
    new TeamProject(platform, 'Orders', { team: 'orders', sourceRepos: [REPO] });
    expect(() => payments(platform, { productionProjectName: 'orders-prod' }))
      .toThrow(/\[argocd\/Payments\] productionProjectName: is also a project of \[argocd\/Orders\]/);
    expect(() => new TeamProject(platform, 'Billing', { team: 'billing', projectName: 'orders-prod', sourceRepos: [REPO] }))
      .toThrow(/\[argocd\/Billing\] projectName: is also the project of \[argocd\/Orders\]/);
  });

  test('developers get role:<project> in argocd-rbac-cm: sync and actions outside production, get in production, logs in both; nothing by name', () => {
    const { app, platform } = threeEnvironments();
    payments(platform, { groupDisplayNames: { [DEVS]: 'Payments developers' } });
    expect(renderParsed(app)['argocd/configmap-argocd-rbac-cm.yaml'].data['policy.csv']).toBe([
      '# role:payments-team: developers of team payments',
      'p, role:payments-team, applications, action/*, payments-team/*, allow',
      'p, role:payments-team, applications, get, payments-team-prod/*, allow',
      'p, role:payments-team, applications, get, payments-team/*, allow',
      'p, role:payments-team, applications, sync, payments-team/*, allow',
      'p, role:payments-team, logs, get, payments-team-prod/*, allow',
      'p, role:payments-team, logs, get, payments-team/*, allow',
      '# group: Payments developers',
      `g, "${DEVS}", role:payments-team`,
      '',
    ].join('\n'));
  });

  test('evaluated like the API server: developers sync outside production, leads sync production, nobody on the team writes production Applications', async () => {
    const { app, platform } = threeEnvironments();
    payments(platform);
    new TeamProject(platform, 'Orders', { team: 'orders', sourceRepos: [REPO], developerGroups: ['3d8b2a4c-9e5f-4a7b-8c43-7b6e5d4c3f03'] });
    const files = renderParsed(app);
    const config = RbacConfig.fromData(files['argocd/configmap-argocd-rbac-cm.yaml'].data);
    const projects = Object.values(files).filter((o: any) => o?.kind === 'AppProject').map(o => ProjectRoles.fromManifest(o));
    const evaluator = await RbacEvaluator.create(config, { projects });
    const can = (groups: string[], action: string, object: string) => evaluator.canWithGroups('user', groups, 'applications', action, object);
    expect(can([DEVS], 'sync', 'payments-team/payments-api-dev')).toBe(true);
    expect(can([DEVS], 'sync', 'payments-team/payments-apps/payments-api-staging')).toBe(true); // apps in any namespace
    expect(can([DEVS], 'action/apps/Deployment/restart', 'payments-team/payments-api-dev')).toBe(true);
    expect(can([DEVS], 'sync', 'payments-team-prod/payments-api-prod')).toBe(false);
    expect(can([DEVS], 'sync', 'payments-team-prod/payments-apps-prod/payments-api-prod')).toBe(false);
    expect(can([DEVS], 'action/apps/Deployment/restart', 'payments-team-prod/payments-api-prod')).toBe(false);
    expect(can([DEVS], 'get', 'payments-team-prod/payments-api-prod')).toBe(true);
    expect(can([DEVS], 'delete', 'payments-team/payments-api-dev')).toBe(false);
    expect(can([LEADS], 'delete', 'payments-team/payments-api-dev')).toBe(true);
    // Outside production any name is fine: the project cannot deploy to production.
    expect(can([LEADS], 'create', 'payments-team/payments-api-prod')).toBe(true);
    expect(can([LEADS], 'sync', 'payments-team-prod/payments-api-prod')).toBe(true);
    for (const name of ['payments-api-prod', 'anything', 'payments-apps-prod/x']) {
      for (const action of ['override', 'update/*', 'delete/apps/Deployment/payments-prod/api', 'action/apps/Deployment/restart', 'delete', 'create', 'update']) {
        expect([action, name, can([LEADS], action, `payments-team-prod/${name}`)]).toEqual([action, name, false]);
      }
    }
    expect(can([DEVS], 'sync', 'orders-prod/orders-service-prod')).toBe(false);
    expect(can([LEADS], 'sync', 'orders-prod/orders-service-prod')).toBe(false);
  });

  test('TeamAccess.platformSyncsProduction(): the seed\'s "only the platform team syncs production"', async () => {
    const { app, platform } = threeEnvironments();
    payments(platform, { roles: [{ name: 'team-lead', groups: [LEADS], access: TeamAccess.platformSyncsProduction() }] });
    const files = renderParsed(app);
    expect(files['argocd/appproject-payments-team-prod.yaml'].spec.roles[0].policies)
      .toEqual(['p, proj:payments-team-prod:team-lead, applications, get, payments-team-prod/*, allow']);
    const projects = Object.values(files).filter((o: any) => o?.kind === 'AppProject').map(o => ProjectRoles.fromManifest(o));
    const evaluator = await RbacEvaluator.create(RbacConfig.fromData(files['argocd/configmap-argocd-rbac-cm.yaml'].data), { projects });
    expect(evaluator.canWithGroups('user', [LEADS], 'applications', 'sync', 'payments-team-prod/payments-api-prod')).toBe(false);
    expect(evaluator.canWithGroups('user', [LEADS], 'applications', 'sync', 'payments-team/payments-api-staging')).toBe(true);
  });

  test('project roles with typed grants: on the team\'s project unless a grant names production; sync windows and namespaces', () => {
    const { app, platform } = threeEnvironments();
    payments(platform, {
      roles: [{
        name: 'release-manager',
        groups: [LEADS],
        description: 'Syncs prod, restarts deployments',
        grants: [
          { action: 'sync' },
          { action: 'action/apps/Deployment/restart', objectInProject: 'payments-*' },
          { resource: 'logs', action: 'get' },
          { action: 'delete', effect: PolicyEffect.DENY },
          { action: 'sync', production: true },
        ],
      }],
      syncWindows: [{
        kind: SyncWindowKind.DENY,
        schedule: '0 18 * * 5',
        duration: Duration.hours(63),
        environments: ['prod'],
        manualSync: true,
        timeZone: 'Europe/London',
      }],
      createNamespaces: true,
    });
    const files = renderParsed(app);
    const spec = files['argocd/appproject-payments-team.yaml'].spec;
    expect(spec.roles[0].policies).toEqual([
      'p, proj:payments-team:release-manager, applications, action/apps/Deployment/restart, payments-team/payments-*, allow',
      'p, proj:payments-team:release-manager, applications, delete, payments-team/*, deny',
      'p, proj:payments-team:release-manager, applications, sync, payments-team/*, allow',
      'p, proj:payments-team:release-manager, logs, get, payments-team/*, allow',
    ]);
    const production = files['argocd/appproject-payments-team-prod.yaml'].spec;
    expect(production.roles).toEqual([{
      name: 'release-manager',
      description: 'Syncs prod, restarts deployments',
      groups: [LEADS],
      policies: ['p, proj:payments-team-prod:release-manager, applications, sync, payments-team-prod/*, allow'],
    }]);
    // A prod-only window belongs to the production project; Argo CD matches a window by name OR
    // namespace, so it must not list applications: ['*'].
    expect(spec.syncWindows).toBeUndefined();
    expect(production.syncWindows).toEqual([{
      kind: 'deny',
      schedule: '0 18 * * 5',
      duration: '63h',
      namespaces: ['payments-prod'],
      manualSync: true,
      timeZone: 'Europe/London',
    }]);
    // prod is on another cluster: its Namespace goes to dist/prod-cluster/, applied there by cluster-prod.
    expect(files['prod/namespace-payments-prod.yaml']).toBeUndefined();
    expect(files['prod-cluster/namespace-payments-prod.yaml'].metadata.labels).toEqual({
      'argocd-platform/team': 'payments', 'argocd-platform/environment': 'prod', 'argocd-platform/production': 'true',
    });
    expect(ProjectRoles.validate(ProjectRoles.fromManifest(files['argocd/appproject-payments-team.yaml']))).toEqual([]);
    expect(ProjectRoles.validate(ProjectRoles.fromManifest(files['argocd/appproject-payments-team-prod.yaml']))).toEqual([]);
  });

  test('sync windows: every app, some apps, or some apps in some environments (andOperator), split by project', () => {
    const { app, platform } = threeEnvironments();
    payments(platform, {
      syncWindows: [
        { kind: SyncWindowKind.ALLOW, schedule: '0 8-17 * * MON-FRI', duration: Duration.hours(1) },
        { kind: SyncWindowKind.DENY, schedule: '*/30 * * * *', duration: Duration.minutes(10), applications: ['payments-db-*'] },
        { kind: SyncWindowKind.DENY, schedule: '0 0 1 DEC *', duration: Duration.days(31), applications: ['payments-api-*'], environments: ['staging', 'prod'] },
      ],
    });
    const files = renderParsed(app);
    const windowsOf = (file: string) => files[file].spec.syncWindows.map((w: any) => [w.applications, w.namespaces, w.andOperator]);
    expect(windowsOf('argocd/appproject-payments-team.yaml')).toEqual([
      [['*'], undefined, undefined],
      [['payments-db-*'], undefined, undefined],
      [['payments-api-*'], ['payments-staging'], true],
    ]);
    expect(windowsOf('argocd/appproject-payments-team-prod.yaml')).toEqual([
      [['*'], undefined, undefined],
      [['payments-db-*'], undefined, undefined],
      [['payments-api-*'], ['payments-prod'], true],
    ]);
  });

  test('display names of project-role groups reach the access audit through an AppProject annotation', () => {
    const { app, platform } = threeEnvironments();
    payments(platform, { groupDisplayNames: { [DEVS]: 'Payments developers', [LEADS]: 'Payments team leads' } });
    const files = renderParsed(app);
    const project = files['argocd/appproject-payments-team.yaml'];
    expect(project.metadata.annotations).toEqual({
      'argocd-platform/group-display-names': `{"${LEADS}":"Payments team leads"}`, 'argocd.argoproj.io/sync-wave': '-1',
    });
    const audit = AccessAudit.compile(RbacConfig.fromData(files['argocd/configmap-argocd-rbac-cm.yaml'].data), [ProjectRoles.fromManifest(project)]);
    expect(audit.render('md' as any)).toContain(`| Payments team leads (\`${LEADS}\`) | payments-team |`);

    const plain = threeEnvironments();
    payments(plain.platform);
    expect(renderParsed(plain.app)['argocd/appproject-payments-team.yaml'].metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });
  });

  test('sources can be added later, by applications', () => {
    const { app, platform } = threeEnvironments();
    const project = payments(platform, { sourceRepos: [] });
    expect(() => app.render()).toThrow(/\[argocd\/Payments\] sourceRepos: the project has no source repositories/);
    project.addSourceRepo('https://github.com/civica/payments.git');
    project.addSourceRepo('oci://civica.azurecr.io/helm');
    expect(renderParsed(app)['argocd/appproject-payments-team.yaml'].spec.sourceRepos)
      .toEqual(['https://github.com/civica/payments.git', 'oci://civica.azurecr.io/helm']);
  });

  test('a wildcard source repository fails the synth through the guardrail ARGO-PRJ1, unless acknowledged', () => {
    const { app, platform } = newPlatform();
    const project = payments(platform, { sourceRepos: ['*'] });
    expect(() => app.render()).toThrow(/\[argocd\/Payments\/Resource\] ARGO-PRJ1 An AppProject allows source repositories by wildcard: spec.sourceRepos has "\*"/);
    Acknowledgements.of(project).add('ARGO-PRJ1', 'sandbox project for the platform team\'s experiments');
    expect(renderParsed(app)['argocd.guardrails.md']).toMatch(/\| ARGO-PRJ1 \| error \| AppProject argocd\/payments-team `argocd\/Payments\/Resource` \| spec.sourceRepos has "\*" \| sandbox project for the platform team's experiments \| `argocd\/Payments` \|/);
  });

  describe('bad input fails with the construct path, the field and the value', () => {
    const cases: Array<[string, Partial<TeamProjectProps>, string | RegExp]> = [
      ['a team name with a comma and policy text', { team: 'x, applications, *, */*, allow' }, /\[argocd\/Payments\] team: must be a DNS-1123 label .*\(got "x, applications, \*, \*\/\*, allow"\)/],
      ['a team name with a newline', { team: 'payments\np, role:x, *, *, */*, allow' }, /\[argocd\/Payments\] team: must be a DNS-1123 label/],
      ['the default project', { projectName: 'default' }, /\[argocd\/Payments\] projectName: the "default" project has no restrictions/],
      ['a source that is not a URL', { sourceRepos: ['payments'] }, /\[argocd\/Payments\] sourceRepos: must be a Git repository URL .*\(got "payments"\)/],
      ['a developer group that is not a GUID', { developerGroups: ['payments-devs'] }, /\[argocd\/Payments\] developerGroups\[0\]: must be a GUID .*\(got "payments-devs"\)/],
      ['a role group that is not a GUID', { roles: [{ name: 'team-lead', groups: ['leads, role:admin'] }] }, /\[argocd\/Payments\] roles\[team-lead\].groups\[0\]: must be a GUID .*\(got "leads, role:admin"\)/],
      ['a role name Argo CD refuses', { roles: [{ name: 'team lead', groups: [LEADS] }] }, /\[argocd\/Payments\] roles\[team lead\].name: invalid role name 'team lead'/],
      ['a role grant on a resource projects cannot use', { roles: [{ name: 'ops', groups: [LEADS], grants: [{ resource: 'clusters-admin', action: 'get' }] }] },
        /\[argocd\/Payments\] roles\[ops\].grants\[0\]: invalid policy rule .*project resource must be/],
      ['a role grant on a resource with a trailing space (Casbin keeps it; the rule never matches)', { roles: [{ name: 'ops', groups: [LEADS], grants: [{ resource: 'applications ', action: 'get' }] }] },
        /\[argocd\/Payments\] roles\[ops\].grants\[0\]: invalid policy rule .*resource "applications " has a leading or trailing space/],
      ['a role grant with invoke', { roles: [{ name: 'ops', groups: [LEADS], grants: [{ action: 'invoke' }] }] }, /\[argocd\/Payments\] roles\[ops\].grants\[0\]: invalid policy rule .*invalid action 'invoke'/],
      ['a role object escaping the project', { roles: [{ name: 'ops', groups: [LEADS], grants: [{ action: 'get', objectInProject: '../orders/*' }] }] },
        /\[argocd\/Payments\] roles\[ops\].grants\[0\]: invalid policy rule .*object must be of form/],
      ['a display name with a newline', { groupDisplayNames: { [DEVS]: 'Devs\ng, x, role:admin' } }, /\[argocd\/Payments\] groupDisplayNames\[1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01\]: must not contain a newline/],
      ['a cron schedule out of range', { syncWindows: [{ kind: SyncWindowKind.ALLOW, schedule: '99 99 * * *', duration: Duration.hours(1) }] }, /\[argocd\/Payments\] syncWindows\[0\]\.schedule: must be a five-field cron expression .*\(got "99 99 \* \* \*"\)/],
      ['a duration in seconds', { syncWindows: [{ kind: SyncWindowKind.ALLOW, schedule: '0 22 * * *', duration: Duration.seconds(90) }] }, /\[argocd\/Payments\] syncWindows\[0\]\.duration: must be a whole number of minutes, at least one/],
      ['an unknown time zone', { syncWindows: [{ kind: SyncWindowKind.ALLOW, schedule: '0 22 * * *', duration: Duration.hours(1), timeZone: 'Mars/Olympus' }] }, /\[argocd\/Payments\] syncWindows\[0\]\.timeZone: must be an IANA time zone .*\(got "Mars\/Olympus"\)/],
      ['a cron schedule with six fields', { syncWindows: [{ kind: SyncWindowKind.ALLOW, schedule: '0 0 22 * * *', duration: Duration.hours(1) }] }, /\[argocd\/Payments\] syncWindows\[0\]\.schedule: must be a five-field cron expression/],
      ['a sync window for an unknown environment', { syncWindows: [{ kind: SyncWindowKind.ALLOW, schedule: '0 22 * * *', duration: Duration.hours(1), environments: ['qa'] }] }, /^\[argocd\/Payments\] syncWindows\[0\]\.environments\[0\]: no such environment; the platform has dev, staging, prod \(got "qa"\)$/],
      ['a sync window for a misspelt environment', { syncWindows: [{ kind: SyncWindowKind.ALLOW, schedule: '0 22 * * *', duration: Duration.hours(1), environments: ['prd'] }] }, /^\[argocd\/Payments\] syncWindows\[0\]\.environments\[0\]: no such environment; the platform has dev, staging, prod \(got "prd"\); did you mean "prod"\?$/],
      ['a time zone in the wrong case', { syncWindows: [{ kind: SyncWindowKind.ALLOW, schedule: '0 22 * * *', duration: Duration.hours(1), timeZone: 'europe/london' }] }, /^\[argocd\/Payments\] syncWindows\[0\]\.timeZone: must be an IANA time zone such as Europe\/London or Etc\/UTC; zone names are case-sensitive: did you mean "Europe\/London"\? \(got "europe\/london"\)$/],
      ['a time zone that does not exist', { syncWindows: [{ kind: SyncWindowKind.ALLOW, schedule: '0 22 * * *', duration: Duration.hours(1), timeZone: 'Mars/Olympus_Mons' }] }, /^\[argocd\/Payments\] syncWindows\[0\]\.timeZone: must be an IANA time zone such as Europe\/London or Etc\/UTC; no zone of this name exists \(got "Mars\/Olympus_Mons"\)$/],
      ['a cluster resource kind that is not a kind', { clusterResources: [{ group: 'rbac.authorization.k8s.io', kind: 'clusterroles' }] }, /\[argocd\/Payments\] clusterResources\[0\].kind: must be a Kubernetes kind/],
    ];
    test.each(cases)('%s', (_name, override, message) => {
      const { app, platform } = threeEnvironments();
      if (override.syncWindows === undefined) {
        expect(() => payments(platform, override)).toThrow(message);
      } else {
        // A sync window's problems are reported at the synth, every window of every team at once.
        payments(platform, override);
        let lines: string[] = [];
        try {
          app.render();
        } catch (e) {
          lines = (e as Error).message.split('\n').slice(1).map(l => l.trim());
        }
        expect(lines).toEqual([expect.stringMatching(message)]);
      }
    });

    test('a project or team name that another project or the platform already uses, or a system namespace', () => {
      const { platform } = threeEnvironments();
      payments(platform);
      expect(() => new TeamProject(platform, 'Again', { team: 'payments2', projectName: 'payments-team', sourceRepos: [REPO] }))
        .toThrow('[argocd/Again] projectName: is also the project of [argocd/Payments] (got "payments-team")');
      expect(() => new TeamProject(platform, 'Twin', { team: 'payments', projectName: 'payments-two', sourceRepos: [REPO] }))
        .toThrow('[argocd/Twin] team: is also the team of [argocd/Payments] (got "payments")');
      expect(() => new TeamProject(platform, 'Platform', { team: 'ops', projectName: 'platform', sourceRepos: [REPO] }))
        .toThrow('[argocd/Platform] projectName: is the platform\'s own AppProject (got "platform")');
      const kube = newPlatform({ environments: [{ name: 'system' }] });
      expect(() => new TeamProject(kube.platform, 'Kube', { team: 'kube', sourceRepos: [REPO] }))
        .toThrow('[argocd/Kube] team: gives the namespace kube-system in system, which belongs to Kubernetes (got "kube")');
    });
  });
});
