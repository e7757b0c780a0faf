import { Node } from 'constructs';
import { ApplicationSource, ArgoPlatform, ExternalTeamProject, TeamApplication, TeamProject } from '../../src';
import { guid } from '../helpers/fleet';
import { newPlatform } from '../helpers/platform-fixture';

const REPO = 'git@github.com:civica/gitops-config.git';

/** Builds a fleet of `teams` teams (each with a team repository and two applications), in the given order. */
function buildPlatformFleet(teams: number, order: 'forward' | 'reverse' | 'interleaved') {
  const { app, platform } = newPlatform({
    environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true, cluster: { server: 'https://aks-prod.example.org:443' } }],
  });
  const indexes = [...Array(teams).keys()];
  const sequence = order === 'forward' ? indexes : order === 'reverse' ? [...indexes].reverse()
    : indexes.map((_, i) => (i % 2 === 0 ? i / 2 : teams - 1 - (i - 1) / 2));
  for (const t of sequence) {
    const team = `team-${String(t).padStart(3, '0')}`;
    const project = new TeamProject(platform, `Team-${team}`, {
      team,
      sourceRepos: [REPO],
      developerGroups: [guid(1, t)],
      roles: [{ name: 'lead', groups: [guid(2, t)] }],
      teamRepository: { repoUrl: `https://github.com/civica/${team}-apps.git` },
    });
    for (const name of ['api', 'worker']) {
      new TeamApplication(platform, `${team}-${name}`, { project, appName: name, source: ApplicationSource.fromDirectory({ repoUrl: REPO, pathPattern: `apps/${name}/{env}` }) });
    }
  }
  return { app, platform };
}

/** Counts construct-tree scans (`findAll`) and registry lookups while building and validating a fleet. */
function measure(teams: number, order: 'forward' | 'reverse' | 'interleaved') {
  const findAll = jest.spyOn(Node.prototype, 'findAll');
  try {
    const { platform } = buildPlatformFleet(teams, order);
    const scansDuringConstruction = findAll.mock.calls.length;
    const problems = platform.node.validate();
    for (const env of platform.environments) problems.push(...env.node.validate());
    for (const team of platform.teams.all) problems.push(...team.construct.node.validate());
    const lookups = platform.teams.lookups + platform.applications.lookups + platform.namespaces.lookups;
    return { scansDuringConstruction, lookups, problems, registered: platform.teams.all.length, apps: platform.applications.all.length };
  } finally {
    findAll.mockRestore();
  }
}

describe('registries instead of tree scans', () => {
  test('building 100 and 300 teams never scans the construct tree, and registry lookups grow linearly, whatever the order', () => {
    const small = measure(100, 'forward');
    const large = measure(300, 'forward');
    expect(small.problems).toEqual([]);
    expect(large.problems).toEqual([]);
    expect(small.scansDuringConstruction).toBe(0);
    expect(large.scansDuringConstruction).toBe(0);
    expect(small.registered).toBe(100);
    expect(large.registered).toBe(300);
    // 3 root apps + 6 team Applications per team.
    expect(large.apps).toBe(300 * 9);
    // Linear: exactly three times the lookups for three times the teams.
    expect(large.lookups).toBe(3 * small.lookups);
    // Order-independent: the same work in any declaration order.
    expect(measure(300, 'reverse').lookups).toBe(large.lookups);
    expect(measure(300, 'interleaved').lookups).toBe(large.lookups);
  });

  test('a team and a project are unique per platform, named from the registry', () => {
    const { platform } = newPlatform();
    new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO] });
    expect(() => new TeamProject(platform, 'Again', { team: 'orders', projectName: 'payments', sourceRepos: [REPO] }))
      .toThrow('[argocd/Again] projectName: is also the project of [argocd/Payments] (got "payments")');
    expect(platform.teams.tryGet('payments')?.construct.node.path).toBe('argocd/Payments');
    expect(platform.teams.byProject('payments')?.team).toBe('payments');
  });

  test('an ExternalTeamProject inside a platform registers its team; a duplicate is reported naming both', () => {
    const { app, platform } = newPlatform();
    new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO] });
    new ExternalTeamProject(platform, 'External', { team: 'payments', projectName: 'payments-ext', environments: [{ name: 'dev' }], sourceRepos: [REPO] });
    expect(() => app.render()).toThrow('[argocd/External] team: "payments" is already declared by [argocd/Payments]; team names must be unique');
  });

  test('Applications register with the platform; TeamApplication of a team repository (no platform) does not need one', () => {
    const { platform } = newPlatform();
    const project = new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO] });
    new TeamApplication(platform, 'Api', { project, appName: 'api', source: ApplicationSource.fromDirectory({ repoUrl: REPO }) });
    expect(platform.applications.tryGet('argocd', 'payments-api-dev')).toMatchObject({ environment: 'dev', projectName: 'payments', team: 'payments' });
    expect(platform.applications.ofProject('payments').map(a => a.name)).toEqual(['payments-api-dev']);
    expect(ArgoPlatform.tryPlatformOf(project)).toBe(platform);
  });

  test('two environments resolving to one cluster and namespace for a team are refused', () => {
    const { app, platform } = newPlatform({
      environments: [{ name: 'dev', namespacePattern: '{team}' }, { name: 'qa', namespacePattern: '{team}' }],
    });
    new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO] });
    expect(() => app.render()).toThrow('[argocd/Payments] namespace: environments dev and qa both resolve to namespace "payments" on cluster https://kubernetes.default.svc for team payments; give each environment on a shared cluster its own namespace (a namespacePattern with {env}) or its own cluster');
  });

  test('the same pattern on two different clusters is fine', () => {
    const { app, platform } = newPlatform({
      environments: [{ name: 'dev', namespacePattern: '{team}' }, { name: 'prod', production: false, namespacePattern: '{team}', cluster: { server: 'https://aks-prod.example.org:443' } }],
    });
    new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO] });
    expect(() => app.render()).not.toThrow();
  });

  test('two teams resolving to one namespace of one cluster are refused', () => {
    const { app, platform } = newPlatform({
      environments: [{ name: 'dev', namespacePattern: '{team}-x' }, { name: 'x', namespacePattern: '{team}' }],
    });
    new TeamProject(platform, 'Pay', { team: 'pay', sourceRepos: [REPO] });
    new TeamProject(platform, 'PayX', { team: 'pay-x', sourceRepos: [REPO] });
    expect(() => app.render()).toThrow('[argocd/PayX] namespace: namespace "pay-x" on cluster https://kubernetes.default.svc is the x namespace of team pay-x and the dev namespace of team pay [argocd/Pay]; give each environment on a shared cluster its own namespace (a namespacePattern with {env}) or its own cluster');
  });
});
