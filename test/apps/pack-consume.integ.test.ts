import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..', '..');
const TEAM_REPO = path.join(ROOT, 'examples', 'team-repo');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', npm_config_yes: 'true', ...env },
    });
  } catch (e: any) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Installs from the local npm cache; falls back to the registry when the cache lacks something. */
function npmInstall(cwd: string, packages: string[]) {
  const base = ['install', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts'];
  try {
    run('npm', [...base, '--offline', ...packages], cwd);
  } catch {
    run('npm', [...base, '--prefer-offline', ...packages], cwd);
  }
}

/** What `npm pack` reads, copied from the checkout (node_modules linked): the package, its sources and projen's tasks. */
function copyOfLibrary(to: string): string {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of ['package.json', 'tsconfig.json', '.npmignore', 'README.md', 'LICENSE', 'API.md', '.projen', 'src']) {
    if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(to, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(to, 'node_modules'), 'dir');
  return to;
}

describe('pack and consume', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-platform-pack-'));
  });
  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('a team repository installs the packed library by name and synthesizes its Applications', () => {
    // GIVEN the library packed as npm would publish it (prepack compiles lib/ with jsii), from a copy of
    // the checkout (compiling empties lib/ first: the checkout itself is never changed)
    const library = copyOfLibrary(path.join(work, 'library'));
    // prepack (jsii) prints before npm's JSON.
    const packOutput = run('npm', ['pack', '--json', '--pack-destination', work], library);
    const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[$/m)));
    const tarball = path.join(work, packed[0].filename);
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files).toEqual(expect.arrayContaining(['lib/index.js', 'lib/index.d.ts', '.jsii']));
    expect(files.some(f => f.startsWith('node_modules/casbin/'))).toBe(true);
    expect(files.some(f => f.startsWith('node_modules/yaml/'))).toBe(true);
    expect(files.some(f => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('dist/') || f.startsWith('examples/'))).toBe(false);

    // WHEN a fresh consumer project (the team-repo example, made by `init team` from the platform's contract) installs it and synthesizes
    const consumer = path.join(work, 'payments-team-apps');
    fs.mkdirSync(consumer);
    for (const file of ['main.ts', 'tsconfig.json', 'cdk8s.yaml', 'argocd.teams.json']) fs.copyFileSync(path.join(TEAM_REPO, file), path.join(consumer, file));
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'payments-team-apps', private: true }, null, 2));
    const peers = JSON.parse(fs.readFileSync(path.join(TEAM_REPO, 'package.json'), 'utf8')).dependencies;
    npmInstall(consumer, [tarball, `cdk8s@${peers.cdk8s}`, `constructs@${peers.constructs}`, `cdk8s-plus-28@${peers['cdk8s-plus-28']}`]);
    expect(fs.existsSync(path.join(consumer, 'node_modules', 'cdk8s-argocd-platform', 'node_modules', 'casbin'))).toBe(true);
    // Type-check and compile main.ts against the installed package's typings, then run it.
    run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--outDir', 'build'], consumer);
    run(process.execPath, [path.join('build', 'main.js')], consumer, { CDK8S_OUTDIR: 'dist' });

    // THEN it writes one Application per environment into dist/<env>/, pinned to the team's project,
    // in the namespace the platform's TeamProject set up for the team's repository
    const out = path.join(consumer, 'dist');
    expect(fs.readdirSync(out).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const env of ['dev', 'staging', 'prod']) {
      const application = parse(fs.readFileSync(path.join(out, env, `application-payments-worker-${env}.yaml`), 'utf8'));
      expect(application.kind).toBe('Application');
      // In the team's (production) application namespace, where the platform's root Application payments-apps-<env> creates it.
      expect(application.metadata.namespace).toBe(env === 'prod' ? 'payments-apps-prod' : 'payments-apps');
      expect(application.spec.project).toBe(env === 'prod' ? 'payments-team-prod' : 'payments-team');
      // From the contract: prod runs on the aks-prod cluster (a hand-written team repository had it wrong).
      expect(application.spec.destination).toEqual(env === 'prod'
        ? { name: 'aks-prod', namespace: 'payments-prod' } : { server: 'https://kubernetes.default.svc', namespace: `payments-${env}` });
      expect(application.spec.source).toEqual({
        repoURL: 'git@github.com:civica/payments-apps.git', targetRevision: 'main', path: `deploy/payments-worker/overlays/${env}`,
      });
      expect(application.spec.syncPolicy.automated).toEqual(env === 'prod' ? undefined : { prune: true, selfHeal: true });
    }
    // The platform example (dist/argocd, committed) brings exactly these folders in: its root
    // Application per environment reads this repository's dist/<env> into payments-apps (production:
    // payments-apps-prod), in the contained project of that namespace (only that destination, only
    // kind Application); the Applications it creates there land in the team's project (production:
    // the production project), whose sourceNamespaces accept that namespace.
    const platformDist = path.join(ROOT, 'dist', 'argocd');
    const project = parse(fs.readFileSync(path.join(platformDist, 'appproject-payments-team.yaml'), 'utf8'));
    expect(project.spec.sourceNamespaces).toEqual(['payments-apps']);
    const production = parse(fs.readFileSync(path.join(platformDist, 'appproject-payments-team-prod.yaml'), 'utf8'));
    expect(production.spec.sourceNamespaces).toEqual(['payments-apps-prod']);
    for (const namespace of ['payments-apps', 'payments-apps-prod']) {
      const contained = parse(fs.readFileSync(path.join(platformDist, `appproject-${namespace}.yaml`), 'utf8'));
      expect(contained.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace }]);
      expect(contained.spec.namespaceResourceWhitelist).toEqual([{ group: 'argoproj.io', kind: 'Application' }]);
    }
    for (const env of ['dev', 'staging', 'prod']) {
      const namespace = env === 'prod' ? 'payments-apps-prod' : 'payments-apps';
      const root = parse(fs.readFileSync(path.join(platformDist, `application-payments-apps-${env}.yaml`), 'utf8'));
      expect(root.spec.project).toBe(namespace);
      expect(root.spec.source).toEqual({ repoURL: 'https://github.com/civica/payments-apps.git', targetRevision: 'main', path: `dist/${env}` });
      expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace });
    }
    // Nothing of the platform's own objects is written by a team repository.
    expect(fs.existsSync(path.join(out, 'argocd'))).toBe(false);
  }, 240_000);
});
