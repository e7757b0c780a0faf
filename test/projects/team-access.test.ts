import { PolicyEffect, TeamAccess, TeamProject } from '../../src';
import { AccessAudit, EnvironmentScope } from '../../src/rbac/access-audit';
import { ProjectRoles } from '../../src/rbac/project-roles';
import { RbacConfig } from '../../src/rbac/rbac-config';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

const REPO = 'git@github.com:civica/gitops-config.git';
const DEVS = '1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01';
const LEADS = '2c7a1f3b-8d4e-4f6a-9b32-6a5d4c3b2e02';

function auditOf(props: { developerAccess?: TeamAccess; leadAccess?: TeamAccess }) {
  const { app, platform } = newPlatform({ environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true }] });
  new TeamProject(platform, 'Payments', {
    team: 'payments',
    projectName: 'payments-team',
    sourceRepos: [REPO],
    developerGroups: [DEVS],
    developerAccess: props.developerAccess,
    roles: [{ name: 'team-lead', groups: [LEADS], access: props.leadAccess }],
  });
  const files = renderParsed(app);
  const config = RbacConfig.fromData(files['argocd/configmap-argocd-rbac-cm.yaml'].data);
  const projects = Object.values(files).filter((o: any) => o?.kind === 'AppProject').map(o => ProjectRoles.fromManifest(o));
  return AccessAudit.compile(config, projects, { productionEnvironments: ['prod'] });
}

const actionsOf = (audit: AccessAudit, group: string, production: boolean) =>
  (audit.rowFor(group, 'payments-team', production)?.access.applications ?? []).map(e => e.action);

describe('TeamAccess', () => {
  test('by default developers sync outside production only; team leads sync production, with nothing high-risk', () => {
    const audit = auditOf({});
    expect(actionsOf(audit, DEVS, false)).toEqual(['get', 'sync', 'action/*']);
    expect(actionsOf(audit, DEVS, true)).toEqual(['get']);
    expect(actionsOf(audit, LEADS, false)).toEqual(['get', 'create', 'update', 'delete', 'sync', 'override', 'action/*', 'update/*', 'delete/*']);
    expect(actionsOf(audit, LEADS, true)).toEqual(['get', 'sync']);
    expect(audit.rowFor(DEVS, 'payments-team', false)?.environments).toBe(EnvironmentScope.NON_PRODUCTION);
    expect(TeamAccess.developersDefault().highRiskInProduction()).toEqual([]);
    expect(TeamAccess.teamLeadsDefault().highRiskInProduction()).toEqual([]);
  });

  test("the seed's 'developers sync everything' is an explicit choice, and the audit lists it under who can change production", () => {
    const audit = auditOf({ developerAccess: TeamAccess.syncEverywhere() });
    expect(actionsOf(audit, DEVS, true)).toEqual(['get', 'sync', 'action/*']);
    expect(TeamAccess.syncEverywhere().highRiskInProduction()).toEqual(['action/*']);
    const production = audit.render().split('## Settings')[0];
    expect(production).toContain(`| \`${DEVS}\` | payments-team | sync, **action/*** (high risk) | \`argocd-rbac-cm: g, "${DEVS}", role:payments-team\``);
  });

  test('production-only actions are allowed on <project>/*-<env> only', () => {
    expect(TeamAccess.of({ nonProduction: ['get'], production: ['get', 'sync'] }).grantsFor(['prod'])).toEqual([
      { action: 'get', objectInProject: '*', effect: PolicyEffect.ALLOW },
      { action: 'sync', objectInProject: '*-prod', effect: PolicyEffect.ALLOW },
    ]);
    expect(TeamAccess.of({ nonProduction: ['sync'], production: [] }).grantsFor(['prod', 'prod-eu'])).toEqual([
      { action: 'sync', objectInProject: '*', effect: PolicyEffect.ALLOW },
      { action: 'sync', objectInProject: '*-prod', effect: PolicyEffect.DENY },
      { action: 'sync', objectInProject: '*-prod-eu', effect: PolicyEffect.DENY },
    ]);
    // No production environment: one line per action.
    expect(TeamAccess.developersDefault().grantsFor([]).map(g => g.action)).toEqual(['get', 'sync', 'action/*']);
  });

  test('refuses a split the policy cannot express, naming the field', () => {
    const { platform } = newPlatform({ environments: [{ name: 'dev' }, { name: 'prod', production: true }] });
    expect(() => new TeamProject(platform, 'Payments', {
      team: 'payments',
      sourceRepos: [REPO],
      developerAccess: TeamAccess.of({ nonProduction: ['action/*'], production: ['action/apps/Deployment/restart'] }),
    })).toThrow(/\[argocd\/Payments\] developerAccess: production action action\/apps\/Deployment\/restart falls under action\/\*, which is denied in production/);
    expect(() => new TeamProject(platform, 'Orders', {
      team: 'orders',
      sourceRepos: [REPO],
      roles: [{ name: 'lead', groups: [LEADS], grants: [{ action: 'sync' }], access: TeamAccess.readOnly() }],
    })).toThrow(/\[argocd\/Orders\] roles\[lead\].access: give either grants \(line by line\) or access \(per environment class\), not both/);
  });
});
