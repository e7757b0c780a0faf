import * as lib from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

const REPO = 'git@github.com:civica/gitops-config.git';

/** A second copy of the library, as a team repository that installs its own copy would load it. */
function secondCopy(): typeof lib {
  let copy: typeof lib | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    copy = require('../../src');
  });
  return copy!;
}

describe('Symbol.for markers instead of instanceof', () => {
  test('the second copy really has different classes', () => {
    const other = secondCopy();
    expect(other.ApplicationSource).not.toBe(lib.ApplicationSource);
    expect(other.ApplicationSource.fromDirectory({ repoUrl: REPO }) instanceof lib.ApplicationSource).toBe(false);
  });

  test('sources, ignore presets and secret sources from another copy are accepted', () => {
    const other = secondCopy();
    const { app, platform } = newPlatform();
    const project = new lib.TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO] });
    const application = new lib.TeamApplication(platform, 'Api', {
      project,
      appName: 'api',
      source: other.ApplicationSource.fromDirectory({ repoUrl: REPO }),
      ignoreDifferences: [other.IgnoreDifferences.hpaManagedReplicas()],
    });
    expect(renderParsed(app)['dev/application-payments-api-dev.yaml'].spec.ignoreDifferences).toBeDefined();
    expect(lib.SecretSource.isSecretSource(other.SecretSource.fromAzureKeyVault({ secretName: 'x' }))).toBe(true);
    expect(lib.SecretSource.isSecretSource('x')).toBe(false);
    expect(other.TeamApplication.isTeamApplication(application)).toBe(true);
    expect(other.TeamProject.isTeamProject(project)).toBe(true);
    expect(lib.TeamProject.isTeamProject(application)).toBe(false);
    expect(other.RbacSubject.isRbacSubject(lib.RbacSubject.group('84ce98d1-e359-4f3b-85af-985b458de3c6'))).toBe(true);
    expect(other.ClusterAuth.isClusterAuth(lib.ClusterAuth.bearerToken(lib.SecretSource.fromAzureKeyVault({ secretName: 't' })))).toBe(true);
  });

  test('a plain object shaped like a source is still refused', () => {
    const { platform } = newPlatform();
    const project = new lib.TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO] });
    expect(() => new lib.TeamApplication(platform, 'Api', { project, appName: 'api', source: { repoUrl: REPO } as any }))
      .toThrow('[argocd/Api] source: must be ApplicationSource.fromDirectory(...) or ApplicationSource.fromHelmChart(...)');
  });
});
