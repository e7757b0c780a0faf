import { find, GITOPS, objectsIn, platformWithTeam } from './fixtures';
import { ArgoPlatform, EnvironmentRootApps, PlatformApp } from '../../src';

describe('EnvironmentRootApps', () => {
  test('one root Application per environment in the platform folder, platform project, Argo CD namespace', () => {
    const { app, platform, payments } = platformWithTeam();
    payments.addSourceRepo(GITOPS);
    const roots = new EnvironmentRootApps(platform, 'RootApps');
    const objects = objectsIn(app, 'argocd');
    for (const env of ['dev', 'staging', 'prod']) {
      const root = find(objects, 'Application', `apps-${env}`);
      expect(root.metadata.namespace).toBe('argocd');
      expect(root.spec.project).toBe('platform');
      expect(root.spec.source).toEqual({ repoURL: GITOPS, targetRevision: 'main', path: `dist/${env}` });
      expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
      // Decision: root apps sync themselves everywhere; the children carry their own policy.
      expect(root.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(root.metadata.finalizers).toBeUndefined();
    }
    expect(roots.rootAppNameFor('prod')).toBe('apps-prod');
    const project = find(objects, 'AppProject', 'platform');
    expect(project.spec.sourceRepos).toEqual([GITOPS]);
    expect(project.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }]);
  });

  test('a subset of environments, and a custom path prefix', () => {
    const app = new PlatformApp({ outdir: '.tmp/root-apps' });
    const platform = new ArgoPlatform(app, 'argocd', {
      url: 'https://argocd.example.org',
      gitOps: { repoUrl: GITOPS, targetRevision: 'release', pathPrefix: 'clusters/aks' },
      environments: [{ name: 'dev' }, { name: 'prod', production: true }],
    });
    new EnvironmentRootApps(platform, 'RootApps', { environments: ['prod'], managePlatformFolder: false });
    const objects = objectsIn(app, 'argocd').filter(o => o.kind === 'Application');
    expect(objects.map(o => o.metadata.name)).toEqual(['apps-prod']);
    expect(objects[0].spec.source).toEqual({ repoURL: GITOPS, targetRevision: 'release', path: 'clusters/aks/prod' });
  });

  test('errors name the path, field and value', () => {
    const app = new PlatformApp({ outdir: '.tmp/root-apps' });
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.org', environments: [{ name: 'dev' }] });
    expect(() => new EnvironmentRootApps(platform, 'RootApps'))
      .toThrow(/^\[argocd\/RootApps\] platform.gitOps: root applications read the platform's GitOps repository/);
    const { platform: withGitOps } = platformWithTeam();
    expect(() => new EnvironmentRootApps(withGitOps, 'RootApps', { environments: ['qa'] }))
      .toThrow('[argocd/RootApps] environments: no such environment; the platform has dev, staging, prod (got "qa")');
  });

  test('the platform folder is kept in sync by <platform>-config, self-healing but not pruning', () => {
    const { app, platform, payments } = platformWithTeam();
    payments.addSourceRepo(GITOPS);
    const roots = new EnvironmentRootApps(platform, 'RootApps');
    expect(roots.platformAppName).toBe('argocd-config');
    const config = find(objectsIn(app, 'argocd'), 'Application', 'argocd-config');
    expect(config.spec.project).toBe('platform');
    expect(config.spec.source).toEqual({ repoURL: GITOPS, targetRevision: 'main', path: 'dist/argocd' });
    expect(config.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
    expect(config.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
    expect(config.metadata.finalizers).toBeUndefined();
  });
});
