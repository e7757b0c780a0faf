import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { ApplicationSource, ArgoPlatform, PlatformApp, TeamApplication, TeamContract } from '../../src';

const ROOT = path.resolve(__dirname, '..', '..');
const IN_CLUSTER = { server: 'https://kubernetes.default.svc' };

function exampleContractText(): string {
  const app = new PlatformApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'contract-')) });
  buildExamplePlatform(app);
  return app.render()['argocd.teams.json'];
}

describe('TeamContract', () => {
  let text: string;
  beforeAll(() => {
    text = exampleContractText();
  });

  test('the platform writes dist/<platform>.teams.json with each team\'s facts, the committed one included', () => {
    expect(fs.readFileSync(path.join(ROOT, 'dist', 'argocd.teams.json'), 'utf8')).toBe(text);
    const contract = TeamContract.fromJson(text);
    expect(contract.platform).toBe('argocd');
    expect(contract.teams.map(t => t.team)).toEqual(['orders', 'payments']);
    const payments = contract.team('payments');
    expect(payments).toEqual({
      team: 'payments',
      projectName: 'payments-team',
      productionProjectName: 'payments-team-prod',
      argoCdNamespace: 'argocd',
      applicationNamespace: 'payments-apps',
      productionApplicationNamespace: 'payments-apps-prod',
      teamRepository: { repoUrl: 'git@github.com:civica/payments-apps.git', targetRevision: 'main', pathPrefix: 'dist' },
      environments: [
        { name: 'dev', production: false, cluster: IN_CLUSTER, namespace: 'payments-dev', project: 'payments-team', applicationNamespace: 'payments-apps', sourceRepos: payments.sourceRepos },
        { name: 'staging', production: false, cluster: IN_CLUSTER, namespace: 'payments-staging', project: 'payments-team', applicationNamespace: 'payments-apps', sourceRepos: payments.sourceRepos },
        // The team's production project and production application namespace.
        { name: 'prod', production: true, cluster: { name: 'aks-prod' }, namespace: 'payments-prod', project: 'payments-team-prod', applicationNamespace: 'payments-apps-prod', sourceRepos: expect.any(Array) },
      ],
      clusters: [{ server: 'https://kubernetes.default.svc' }, { name: 'aks-prod' }],
      sourceRepos: expect.arrayContaining(['git@github.com:civica/gitops-config.git', 'git@github.com:civica/payments-apps.git']),
    });
    expect(contract.team('orders').environments.map(e => e.project)).toEqual(['orders-team', 'orders-team', 'orders-team-prod']);
    // Orders declares its Applications in the platform repository: no application namespace, no team repository.
    expect(contract.team('orders').applicationNamespace).toBeUndefined();
    expect(contract.team('orders').teamRepository).toBeUndefined();
  });

  test('a team repository builds its project from the contract: Applications in the team\'s namespace, project and clusters', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'contract-')), 'argocd.teams.json');
    fs.writeFileSync(file, text);
    const app = new App();
    const contract = TeamContract.fromFile(file);
    const payments = contract.teamProject(app, 'Payments', 'payments');
    new TeamApplication(payments, 'Worker', {
      project: payments,
      appName: 'payments-worker',
      source: ApplicationSource.fromDirectory({ repoUrl: 'git@github.com:civica/payments-apps.git', pathPattern: 'deploy/{app}/overlays/{env}' }),
    });
    const files = app.charts.map(c => [c.node.id, c.toJson()] as const);
    expect(files.map(([id]) => id)).toEqual(['dev', 'staging', 'prod']);
    for (const [env, objects] of files) {
      const application = objects.find((o: any) => o.kind === 'Application');
      // Not argocd: the namespace the platform's root Application payments-apps-<env> creates them in.
      expect(application.metadata.namespace).toBe(env === 'prod' ? 'payments-apps-prod' : 'payments-apps');
      expect(application.spec.project).toBe(contract.team('payments').environments.find(e => e.name === env)!.project);
      expect(application.spec.destination).toEqual(env === 'prod'
        ? { name: 'aks-prod', namespace: 'payments-prod' } : { server: 'https://kubernetes.default.svc', namespace: `payments-${env}` });
    }
  });

  test('an application from a repository the contract does not allow fails at synth, not at sync', () => {
    const app = new App();
    const payments = TeamContract.fromJson(text).teamProject(app, 'Payments', 'payments');
    expect(() => new TeamApplication(payments, 'Other', {
      project: payments,
      appName: 'other',
      source: ApplicationSource.fromDirectory({ repoUrl: 'https://github.com/elsewhere/other.git' }),
    })).toThrow(/\[Payments\] sourceRepos: the platform's project payments-team allows only .*; ask the platform team to add the repository \(got "https:\/\/github.com\/elsewhere\/other.git"\)/);
  });

  test('bad contracts are refused with the field and the value', () => {
    expect(() => TeamContract.fromFile('/no/such/argocd.teams.json'))
      .toThrow('[TeamContract] file: no such file; copy dist/<platform>.teams.json from the platform repository (got "/no/such/argocd.teams.json")');
    expect(() => TeamContract.fromJson('{"kind":"ConfigMap"}', 'x.json'))
      .toThrow('[TeamContract x.json] kind: must be argocd-platform/v1/TeamContract (the file the platform writes as dist/<platform>.teams.json) (got "undefined/ConfigMap")');
    expect(() => TeamContract.fromJson(text).team('billing')).toThrow('[TeamContract argocd] team: the platform has no such team; it has orders, payments (got "billing")');
    const broken = JSON.parse(text);
    delete broken.teams[1].environments[2].project;
    expect(() => TeamContract.fromJson(JSON.stringify(broken), 'c.json'))
      .toThrow('[TeamContract c.json] teams[1].environments[2].project: must be a non-empty string (got undefined)');
  });

  test('a platform without team projects writes no contract', () => {
    const app = new PlatformApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'contract-')) });
    new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }] });
    expect(Object.keys(app.render()).filter(f => f.endsWith('.teams.json'))).toEqual([]);
  });
});
