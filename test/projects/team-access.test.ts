import { PolicyEffect, TeamAccess, TeamProject, TeamProjectClass } from '../../src';
import { AccessAudit, EnvironmentScope } from '../../src/rbac/access-audit';
import { accessAuditInputs } from '../../src/rbac/access-audit-manifests';
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
  const inputs = accessAuditInputs(Object.entries(files).filter(([f]) => f.startsWith('argocd/')).map(([, o]) => o));
  return AccessAudit.compile(inputs.config, inputs.projects, inputs.options);
}

/** The actions a group has on the team's applications outside production (the team's project) or in it (the production project). */
const actionsOf = (audit: AccessAudit, group: string, production: boolean) =>
  (audit.rowFor(group, production ? 'payments-team-prod' : 'payments-team', production)?.access.applications ?? []).map(e => e.action);

describe('TeamAccess', () => {
  test('by default developers sync outside production only; team leads sync production, with nothing high-risk', () => {
    const audit = auditOf({});
    expect(actionsOf(audit, DEVS, false)).toEqual(['get', 'sync', 'action/*']);
    expect(actionsOf(audit, DEVS, true)).toEqual(['get']);
    expect(actionsOf(audit, LEADS, false)).toEqual(['get', 'create', 'update', 'delete', 'sync', 'override', 'action/*', 'update/*', 'delete/*']);
    expect(actionsOf(audit, LEADS, true)).toEqual(['get', 'sync']);
    expect(audit.rowFor(DEVS, 'payments-team', false)?.environments).toBe(EnvironmentScope.NON_PRODUCTION);
    expect(audit.rowFor(DEVS, 'payments-team-prod', true)?.environments).toBe(EnvironmentScope.PRODUCTION);
    expect(audit.isProductionProject('payments-team-prod')).toBe(true);
    expect(audit.isProductionProject('payments-team')).toBe(false);
    expect(TeamAccess.developersDefault().highRiskInProduction()).toEqual([]);
    expect(TeamAccess.teamLeadsDefault().highRiskInProduction()).toEqual([]);
    expect(TeamAccess.teamLeadsDefault().writesInProduction()).toEqual([]);
    expect(TeamAccess.platformSyncsProduction().production).toEqual(['get']);
  });

  test("the seed's 'developers sync everything' is an explicit choice, and the audit lists it under who can change production", () => {
    const audit = auditOf({ developerAccess: TeamAccess.syncEverywhere() });
    expect(actionsOf(audit, DEVS, true)).toEqual(['get', 'sync', 'action/*']);
    expect(TeamAccess.syncEverywhere().highRiskInProduction()).toEqual(['action/*']);
    const production = audit.render().split('## Settings')[0];
    expect(production).toContain(`| \`${DEVS}\` | payments-team-prod | sync, **action/*** (high risk) | \`argocd-rbac-cm: g, "${DEVS}", role:payments-team\``);
  });

  test('the grants of each project class are plain allows on <project>/*, never tied to a name', () => {
    const access = TeamAccess.of({ nonProduction: ['get', 'sync'], production: ['get'] });
    expect(access.grantsFor(TeamProjectClass.NON_PRODUCTION)).toEqual([
      { action: 'get', objectInProject: '*', effect: PolicyEffect.ALLOW },
      { action: 'sync', objectInProject: '*', effect: PolicyEffect.ALLOW },
    ]);
    expect(access.grantsFor(TeamProjectClass.PRODUCTION)).toEqual([{ action: 'get', objectInProject: '*', effect: PolicyEffect.ALLOW }]);
    // No production environment: one project with the union.
    expect(TeamAccess.of({ nonProduction: ['sync'], production: ['get'] }).grantsFor(TeamProjectClass.ALL).map(g => g.action)).toEqual(['sync', 'get']);
    expect(TeamAccess.of({ nonProduction: [], production: ['*'] }).writesInProduction()).toEqual(['create', 'update', 'delete']);
  });

  test('refuses what is not a TeamAccess, and grants together with access, naming the field', () => {
    const { platform } = newPlatform({ environments: [{ name: 'dev' }, { name: 'prod', production: true }] });
    expect(() => new TeamProject(platform, 'Payments', {
      team: 'payments',
      sourceRepos: [REPO],
      developerAccess: { nonProduction: ['get'], production: ['get'] } as any,
    })).toThrow(/\[argocd\/Payments\] developerAccess: must be a TeamAccess, e.g. TeamAccess.developersDefault\(\)/);
    expect(() => new TeamProject(platform, 'Orders', {
      team: 'orders',
      sourceRepos: [REPO],
      roles: [{ name: 'lead', groups: [LEADS], grants: [{ action: 'sync' }], access: TeamAccess.readOnly() }],
    })).toThrow(/\[argocd\/Orders\] roles\[lead\].access: give either grants \(line by line\) or access \(per environment class\), not both/);
    expect(() => new TeamProject(platform, 'Billing', {
      team: 'billing',
      sourceRepos: [REPO],
      roles: [{ name: 'lead', groups: [LEADS], access: TeamAccess.of({ nonProduction: ['invoke'], production: [] }) }],
    })).toThrow(/\[argocd\/Billing\] roles\[lead\].access: invalid policy rule .*invalid action 'invoke'/);
  });
});
