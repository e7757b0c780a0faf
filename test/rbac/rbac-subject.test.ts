import { ArgoSSO, GroupOverageStrategy, RbacSubject, RbacSubjectKind, SecretSource, TeamProject } from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

const REPO = 'git@github.com:civica/gitops-config.git';
const GROUP = '84ce98d1-e359-4f3b-85af-985b458de3c6';
const TENANT = '0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c';
const CLIENT = '6c1f4e2a-3b5d-4c7e-9f80-1a2b3c4d5e6f';

function sso(platform: any, groupOverage?: GroupOverageStrategy) {
  return new ArgoSSO(platform, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'argocd-oidc' }), groupOverage });
}

describe('RbacSubject', () => {
  test('typed subjects and what plain strings stand for', () => {
    expect(RbacSubject.group(GROUP)).toMatchObject({ kind: RbacSubjectKind.GROUP, value: GROUP });
    expect(RbacSubject.appRole('payments.developer')).toMatchObject({ kind: RbacSubjectKind.APP_ROLE, value: 'payments.developer' });
    expect(RbacSubject.user('alice@civica.example')).toMatchObject({ kind: RbacSubjectKind.USER });
    expect(RbacSubject.kindOf(GROUP)).toBe(RbacSubjectKind.GROUP);
    expect(RbacSubject.kindOf('role:payments')).toBe(RbacSubjectKind.ROLE);
    expect(RbacSubject.kindOf('alice@civica.example')).toBe(RbacSubjectKind.USER);
    expect(RbacSubject.kindOf('Platform Admins')).toBeUndefined();
    expect(() => RbacSubject.group('Platform Admins')).toThrow('[RbacSubject.group] objectId: must be the group\'s object ID, a GUID such as 84ce98d1-e359-4f3b-85af-985b458de3c6 (Entra sends object IDs, never display names) (got "Platform Admins")');
    expect(() => RbacSubject.appRole('payments developer')).toThrow('[RbacSubject.appRole] value: an app role value has no spaces, commas or "#" (got "payments developer")');
    expect(() => RbacSubject.user('alice')).toThrow('[RbacSubject.user] email: must be an e-mail address (got "alice")');
    expect(RbacSubject.isRbacSubject(RbacSubject.group(GROUP))).toBe(true);
    expect(RbacSubject.isRbacSubject({ kind: 'group', value: GROUP })).toBe(false);
  });

  test('platform.rbac.bind: a display name in place of an object ID is refused; a GUID string still works', () => {
    const { app, platform } = newPlatform({ rbac: { policyDefault: 'role:readonly' } });
    platform.rbac.bind(GROUP, 'role:admin');
    platform.rbac.bind(RbacSubject.group('11111111-2222-4333-8444-555555555555'), 'role:admin');
    platform.rbac.bind('Platform Admins', 'role:admin');
    expect(() => app.render()).toThrow('[argocd] rbac.bind: "Platform Admins" is not an Entra group object ID, and a display name never matches (Entra sends object IDs); bind the group\'s object ID (RbacSubject.group), or with GroupOverageStrategy.APPLICATION_ROLES an app role (RbacSubject.appRole) (got "Platform Admins")');
  });

  test('app-role subjects need GroupOverageStrategy.APPLICATION_ROLES and the roles claim', () => {
    const without = newPlatform();
    without.platform.rbac.bind(RbacSubject.appRole('argocd.admin'), 'role:admin');
    expect(() => without.app.render()).toThrow('[argocd] rbac.bind: an app-role subject matches only when groups arrive as app roles; set GroupOverageStrategy.APPLICATION_ROLES on ArgoSSO, or bind the group\'s object ID (got "argocd.admin")');

    const withRoles = newPlatform({ rbac: { scopes: ['roles'] } });
    sso(withRoles.platform, GroupOverageStrategy.APPLICATION_ROLES);
    withRoles.platform.rbac.bind(RbacSubject.appRole('argocd.admin'), 'role:admin');
    const csv = renderParsed(withRoles.app)['argocd/configmap-argocd-rbac-cm.yaml'].data['policy.csv'];
    expect(csv).toContain('g, "argocd.admin", role:admin');
  });

  test('TeamProject takes app roles for developers and project roles with APPLICATION_ROLES', () => {
    const { app, platform } = newPlatform({ rbac: { scopes: ['roles'] } });
    sso(platform, GroupOverageStrategy.APPLICATION_ROLES);
    new TeamProject(platform, 'Payments', {
      team: 'payments',
      sourceRepos: [REPO],
      developerGroups: [RbacSubject.appRole('payments.developer'), GROUP],
      roles: [{ name: 'team-lead', groups: [RbacSubject.appRole('payments.lead')] }],
    });
    const files = renderParsed(app);
    const csv = files['argocd/configmap-argocd-rbac-cm.yaml'].data['policy.csv'];
    expect(csv).toContain('g, "payments.developer", role:payments');
    expect(csv).toContain(`g, "${GROUP}", role:payments`);
    expect(files['argocd/appproject-payments.yaml'].spec.roles[0].groups).toEqual(['payments.lead']);
  });

  test('TeamProject app roles without APPLICATION_ROLES fail the synth, whatever the declaration order', () => {
    const { app, platform } = newPlatform();
    new TeamProject(platform, 'Payments', {
      team: 'payments',
      sourceRepos: [REPO],
      roles: [{ name: 'team-lead', groups: [RbacSubject.appRole('payments.lead')] }],
    });
    sso(platform, GroupOverageStrategy.APPLICATION_GROUPS);
    expect(() => app.render()).toThrow('[argocd/Payments] roles[team-lead].groups[0]: an app-role subject matches only when groups arrive as app roles; set GroupOverageStrategy.APPLICATION_ROLES on ArgoSSO, or bind the group\'s object ID (got "payments.lead")');
  });

  test('a plain string group on a TeamProject must still be a GUID', () => {
    const { platform } = newPlatform();
    expect(() => new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO], developerGroups: ['Payments Devs'] }))
      .toThrow('[argocd/Payments] developerGroups[0]: must be a GUID such as 84ce98d1-e359-4f3b-85af-985b458de3c6 (got "Payments Devs")');
  });
});
