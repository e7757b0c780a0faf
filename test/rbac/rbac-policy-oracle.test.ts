import { ArgoPlatform, PlatformApp, PolicyEffect, TeamProject } from '../../src';

/**
 * Names Argo CD would read as something else are refused (the property through kubectl kustomize,
 * go-yaml, is in rbac-policy-oracle.integ.test.ts).
 */

describe('argocd-rbac-cm as Argo CD reads it', () => {
  test.each([
    ['admin'], ['Admin'], ['ADMIN'], [' admin'], ['role:admin'], ['role:Admin'], ['readonly'], ['role:READONLY'], ['readonly '], ['ｒｅａｄｏｎｌｙ'],
  ])('a role named %j would write to a built-in role: refused', name => {
    const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }] });
    expect(() => platform.rbac.addRole(name, [{ resource: 'applications', action: 'sync', object: '*/*' }]))
      .toThrow(/^\[argocd\] rbac\.addRole\(role\): (must not be or resemble Argo CD's built-in role:(admin|readonly)|must not start or end with a space)/);
  });

  test('binding to the built-ins by their exact names is how admins are made; a look-alike is refused', () => {
    const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }] });
    platform.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11', 'role:admin');
    platform.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a12', 'readonly');
    expect(() => platform.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a13', 'Admin'))
      .toThrow('[argocd] rbac.bind(role): must not be or resemble Argo CD\'s built-in role:admin');
    // The platform's policy has no construct of its own: errors name the platform and the call.
    expect(() => platform.rbac.bind('role:readonly', 'role:team')).toThrow(new Error(
      '[argocd] rbac.bind(subject): must not be a built-in role: binding it would change what every holder of the built-in role may do (got "role:readonly")'));
    expect(() => platform.rbac.bind('group-*', 'role:team')).toThrow('[argocd] rbac.bind(subject): must not contain the glob character "*"');
    expect(() => platform.rbac.addRole('team', [{ resource: 'applications', action: 'fly', object: 'team/*' }]))
      .toThrow(/^\[argocd\] rbac\.addRole\(grants\[0\]\.action\): .* \(got "fly"\)/);
  });

  test.each([['admin'], ['readonly']])('a team project called %j is refused (its developer role would be the built-in)', name => {
    const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }] });
    expect(() => new TeamProject(platform, 'Team', {
      team: name, projectName: name, developerGroups: ['6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11'], sourceRepos: ['https://github.com/civica/x.git'],
    })).toThrow(`must not be or resemble Argo CD's built-in role:${name}`);
  });

  test('a display name can never end its comment early: every line break of every reader is refused', () => {
    const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }] });
    platform.rbac.addRole('team', [{ resource: 'applications', action: 'get', object: 'team/*', effect: PolicyEffect.ALLOW }]);
    for (const sep of ['\n', '\r', '\u0085', '\u2028', '\u2029', '\u000b', '\u000c']) {
      expect(() => platform.rbac.bind('g1', 'team', { displayName: `Payments${sep}g, evil, role:admin` })).toThrow(/^\[argocd\] rbac\.bind\(displayName\): must not contain/);
    }
  });
});
