import { Testing } from 'cdk8s';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { AccessAuditReport, Acknowledgements, ArgoPlatform, PlatformApp, TeamAccess, TeamProject } from '../../src';
import { AccessAudit, PrincipalKind } from '../../src/rbac/access-audit';
import { accessAuditInputs } from '../../src/rbac/access-audit-manifests';
import { RbacConfig } from '../../src/rbac/rbac-config';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

const REPO = 'git@github.com:civica/gitops-config.git';
const DEVS = '1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01';
const LEADS = '2c7a1f3b-8d4e-4f6a-9b32-6a5d4c3b2e02';
const PLATFORM_TEAM = '6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11';

/** The audit of a platform as its report reads it: the objects of the platform folder. */
function auditOf(app: PlatformApp): AccessAudit {
  const files = renderParsed(app);
  const inputs = accessAuditInputs(Object.entries(files).filter(([f]) => f.startsWith('argocd/')).map(([, o]) => o));
  return AccessAudit.compile(inputs.config, inputs.projects, inputs.options);
}

/** A platform whose production environment is called `live`, on a cluster of its own. */
function livePlatform() {
  const { app, platform } = newPlatform({
    environments: [{ name: 'dev' }, { name: 'live', production: true, cluster: { server: 'https://aks-live.example.org:443' } }],
  });
  platform.rbac.bind(PLATFORM_TEAM, 'role:admin', { displayName: 'Platform team' });
  return { app, platform };
}

describe('who can change production, from the projects\' destinations', () => {
  test('the example: the teams\' production projects, the platform project and the team repository\'s contained project; leads sync', () => {
    const app = new PlatformApp({ outdir: Testing.app().outdir });
    buildExamplePlatform(app);
    const audit = auditOf(app);
    const access = audit.productionAccess();
    expect(access.map(p => [p.destination.project, p.destination.productionDestinations])).toEqual([
      ['orders-team-prod', ['orders-prod on aks-prod']],
      ['payments-apps-prod', ['payments-apps-prod (Applications of payments-team-prod)']],
      ['payments-team-prod', ['payments-prod on aks-prod']],
      ['platform', ['argocd (Argo CD\'s namespace: Applications of any project)', 'cluster-scoped resources on aks-prod', 'payments-apps-prod (Applications of payments-team-prod)']],
    ]);
    // Outside production the team's projects deploy nowhere near production, under any name.
    expect(audit.isProductionProject('payments-team')).toBe(false);
    expect(audit.isProductionProject('payments-apps')).toBe(false);
    // Nobody but the admins writes Applications there; the leads sync their own team's production.
    for (const { destination, changers } of access) {
      const writers = changers.filter(c => (c.access.applications ?? []).some(e => ['create', 'update', 'delete'].includes(e.action)));
      expect([destination.project, writers.map(w => [w.subject, w.admin])]).toEqual([destination.project, [[PLATFORM_TEAM, true], ['admin', true]]]);
    }
    const payments = access.find(p => p.destination.project === 'payments-team-prod')!;
    expect(payments.changers.filter(c => !c.admin).map(c => [c.subject, c.access.applications.map(e => e.action)])).toEqual([
      [LEADS, ['sync']],
      ['proj:payments-team-prod:team-lead', ['sync']],
    ]);
    // The team repository reaches production only through its production root Application, which never prunes.
    expect(payments.destination.teamRepositories).toEqual([{
      application: 'payments-apps-prod',
      applicationProject: 'payments-apps-prod',
      repoUrl: 'git@github.com:civica/payments-apps.git',
      path: 'dist/prod',
      namespace: 'payments-apps-prod',
      prune: false,
    }]);
  });

  test('the rows read project by project say exactly what the API server decides (exec aside: off in argocd-cm)', () => {
    const app = new PlatformApp({ outdir: Testing.app().outdir });
    buildExamplePlatform(app);
    const audit = auditOf(app);
    const projects = [...audit.projectNames, 'unlisted'];
    const mismatches: string[] = [];
    for (const subject of audit.principals) {
      for (const project of projects) {
        for (const name of ['x', 'payments-api-prod', 'payments-apps-prod/worker-prod', 'orders-service-dev']) {
          for (const [resource, actions] of [['applications', ['get', 'create', 'update', 'delete', 'sync', 'override', 'action/apps/Deployment/restart']], ['logs', ['get']]] as const) {
            for (const action of actions) {
              const object = `${project}/${name}`;
              if (audit.rowsAllow(subject, resource, action, object) !== audit.isAllowed(subject, resource, action, object)) {
                mismatches.push(`${subject} ${action} ${resource} ${object}`);
              }
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('production is whatever the platform declares, not `prod`: a `live` environment', () => {
    const { app, platform } = livePlatform();
    new TeamProject(platform, 'Shop', { team: 'shop', sourceRepos: [REPO], developerGroups: [DEVS], roles: [{ name: 'lead', groups: [LEADS] }] });
    new AccessAuditReport(platform);
    const md = renderParsed(app)['argocd.access.md'];
    expect(md).toContain('| shop-prod | `shop-live on https://aks-live.example.org:443` |');
    expect(md).toContain('- production environments: `live` (declared on the production AppProjects; production is read from destinations)');
    expect(md).toContain(`| \`${LEADS}\` | shop-prod | sync |`);
    expect(md).not.toContain('*-prod');
  });

  test('a hand-written project whose destinations cover a production namespace is production, whatever its name', () => {
    const { app, platform } = livePlatform();
    new TeamProject(platform, 'Shop', { team: 'shop', sourceRepos: [REPO] });
    const files = renderParsed(app);
    const manifests = Object.entries(files).filter(([f]) => f.startsWith('argocd/')).map(([, o]) => o);
    const handWritten = (name: string, destinations: any[], clusterResourceWhitelist: any[] = []) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name, namespace: 'argocd' },
      spec: { destinations, clusterResourceWhitelist, roles: [{ name: 'ci', policies: [`p, proj:${name}:ci, applications, update, ${name}/*, allow`], groups: ['ci-group'] }] },
    });
    const inputs = accessAuditInputs([...manifests,
      handWritten('tools', [{ server: 'https://aks-live.example.org:443', namespace: 'shop-*' }]),
      handWritten('anything', [{ server: '*', namespace: '*' }]),
      handWritten('infra', [{ server: 'https://aks-live.example.org:443', namespace: 'monitoring' }], [{ group: '*', kind: '*' }]),
      handWritten('sandbox', [{ server: 'https://aks-live.example.org:443', namespace: 'sandbox' }])]);
    const audit = AccessAudit.compile(inputs.config, inputs.projects, inputs.options);
    expect(audit.productionAccess().map(p => [p.destination.project, p.destination.productionDestinations])).toEqual([
      ['anything', ['* on *', 'argocd (Argo CD\'s namespace: Applications of any project)']],
      ['infra', ['cluster-scoped resources on https://aks-live.example.org:443']],
      ['platform', ['argocd (Argo CD\'s namespace: Applications of any project)']],
      ['shop-prod', ['shop-live on https://aks-live.example.org:443']],
      ['tools', ['shop-* on https://aks-live.example.org:443']],
    ]);
    const tools = audit.productionAccess().find(p => p.destination.project === 'tools')!;
    expect(tools.changers.map(c => [c.subject, c.kind, c.admin, c.access.applications.map(e => e.action)])).toEqual([
      [PLATFORM_TEAM, PrincipalKind.GROUP, true, ['create', 'update', 'delete', 'sync', 'override', 'action/*', 'update/*', 'delete/*']],
      ['admin', PrincipalKind.LOCAL_ACCOUNT, true, ['create', 'update', 'delete', 'sync', 'override', 'action/*', 'update/*', 'delete/*']],
      ['ci-group', PrincipalKind.GROUP, false, ['update']],
      ['proj:tools:ci', PrincipalKind.ROLE, false, ['update']],
    ]);
    expect(audit.render()).toContain('| `ci-group` | tools | **update** (not an admin) | `AppProject tools: g, ci-group, proj:tools:ci`');
    expect(audit.render()).toContain('| `ci-group` | sandbox | non-production | update |');
  });

  test('exec grants are left out while argocd-cm leaves exec off, and listed when it is on', () => {
    const config = RbacConfig.fromData({ 'policy.csv': 'p, role:ops, exec, create, shop-prod/*, allow\ng, ops-group, role:ops' });
    const destinations = [{ project: 'shop-prod', productionDestinations: ['shop-prod on aks'] }];
    const off = AccessAudit.compile(config, [{ name: 'shop-prod' }], { productionDestinations: destinations, execEnabled: false });
    expect(off.render()).not.toContain('exec create');
    expect(off.render()).toContain('- exec.enabled: off (exec grants have no effect and are left out)');
    const on = AccessAudit.compile(config, [{ name: 'shop-prod' }], { productionDestinations: destinations, execEnabled: true });
    expect(on.render()).toContain('| `ops-group` | shop-prod | **exec create** (high risk) |');
  });

  test('without production destinations (a policy file alone) production is still read from names', () => {
    const config = RbacConfig.fromData({ 'policy.csv': 'p, role:d, applications, sync, shop/*, allow\ng, d-group, role:d' });
    const md = AccessAudit.compile(config, [], { productionEnvironments: ['prod'] }).render();
    expect(md).toContain('Production applications are those named `*-prod`');
    expect(md).toContain('(read from Application names)');
  });
});

describe('ARGO-ACC7: only the platform\'s admins create or update Applications in a production project', () => {
  test('a project role granted create in production fails the synth, naming the project and the line', () => {
    const { app, platform } = livePlatform();
    new TeamProject(platform, 'Shop', {
      team: 'shop',
      sourceRepos: [REPO],
      roles: [{ name: 'lead', groups: [LEADS], grants: [{ action: 'sync' }, { action: 'create', production: true }] }],
    });
    expect(() => app.render()).toThrow(
      `[argocd/Shop/ProductionProject] ARGO-ACC7 Someone other than the platform's admins may create or update Applications in a production project: ${LEADS} may create Applications in production project shop-prod (shop-live on https://aks-live.example.org:443), through AppProject shop-prod: g, ${LEADS}, proj:shop-prod:lead | AppProject shop-prod: p, proj:shop-prod:lead, applications, create, shop-prod/*, allow`);
  });

  test('developers with every action in production fail it; TeamAccess defaults and the "platform syncs production" preset pass', () => {
    const failing = livePlatform();
    new TeamProject(failing.platform, 'Shop', { team: 'shop', sourceRepos: [REPO], developerGroups: [DEVS], developerAccess: TeamAccess.of({ nonProduction: ['*'], production: ['*'] }) });
    expect(() => failing.app.render()).toThrow(new RegExp(`ARGO-ACC7 .*: ${DEVS} may create and update Applications in production project shop-prod`));

    const passing = livePlatform();
    new TeamProject(passing.platform, 'Shop', {
      team: 'shop',
      sourceRepos: [REPO],
      developerGroups: [DEVS],
      roles: [{ name: 'lead', groups: [LEADS] }, { name: 'release', groups: [LEADS], access: TeamAccess.platformSyncsProduction() }],
    });
    expect(() => passing.app.render()).not.toThrow();
  });

  test('a global role that writes every project fails it for every production project; an acknowledgement with a reason accepts it', () => {
    const { app, platform } = livePlatform();
    const shop = new TeamProject(platform, 'Shop', { team: 'shop', sourceRepos: [REPO] });
    platform.rbac.addRole('deployer', [{ resource: 'applications', action: 'update', object: '*/*' }]);
    platform.rbac.bind(DEVS, 'role:deployer', { displayName: 'Deployers' });
    expect(() => app.render()).toThrow(/\[argocd\/Shop\/ProductionProject\] ARGO-ACC7 [^\n]*: Deployers \(1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01\) may update Applications in production project shop-prod/);
    expect(() => app.render()).toThrow(/\[argocd\/Platform[^\]]*\] ARGO-ACC7 [^\n]*production project platform/);
    Acknowledgements.of(shop).add('ARGO-ACC7', 'the release bot updates image tags of production Applications; audited monthly');
    Acknowledgements.of(platform).add('ARGO-ACC7', 'the release bot updates image tags of production Applications; audited monthly');
    expect(() => app.render()).not.toThrow();
  });

  test('a platform without teams has no production project and nothing to flag', () => {
    const app = new PlatformApp({ outdir: Testing.app().outdir });
    const argo = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.internal', environments: [{ name: 'dev' }, { name: 'prod', production: true }] });
    argo.rbac.addRole('writers', [{ resource: 'applications', action: 'create', object: '*/*' }]);
    argo.rbac.bind(DEVS, 'writers', { displayName: 'Writers' });
    new AccessAuditReport(argo);
    const md = app.render()['argocd.access.md'];
    // Not "nobody can change production": the admins still can, and the section says who they are.
    expect(md).toContain('No AppProject deploys to a production namespace yet, so no project is a production project (a `TeamProject` on a platform\n'
      + 'with a production environment adds the team\'s production project).\n'
      + 'Whoever has `role:admin` (`admin`) can change anything, production included.\n');
  });
});
