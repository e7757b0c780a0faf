import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../src/cli/main';
import { readTree } from '../helpers/file-tree';

const ROOT = path.resolve(__dirname, '..', '..');

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: t => { out += t; }, err: t => { err += t; } });
  return { code, out, err };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'init-'));
}

/**
 * Runs a starter's main.ts as `cdk8s synth` would (cdk8s.yaml's app, in the repository folder), with
 * the library resolved to this checkout's src/ instead of the npm package.
 */
function synthStarter(dir: string) {
  const cdk8sYaml = parse(fs.readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8'));
  // Fail-closed, as the root cdk8s.yaml: a failing program creates no staging folder, and the `test`
  // stops cdk8s-cli before it adds its own "app expected to create" line.
  expect(cdk8sYaml).toEqual({
    language: 'typescript', app: 'CDK8S_PLATFORM_OUTDIR=dist npx ts-node main.ts; test -d .cdk8s-staging || kill -INT $PPID', output: '.cdk8s-staging',
  });
  const program = fs.readFileSync(path.join(dir, 'main.ts'), 'utf8');
  // The starter's dependencies (cdk8s, constructs), as `npm install` would provide them.
  if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'main.local.ts'), program.replace("from 'cdk8s-argocd-platform'", `from ${JSON.stringify(path.join(ROOT, 'src'))}`));
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'ts-node'), ['--transpile-only', '--project', path.join(ROOT, 'examples', 'tsconfig.json'), 'main.local.ts'], {
    cwd: dir, env: { ...process.env, CDK8S_PLATFORM_OUTDIR: 'dist', CDK8S_OUTDIR: '.cdk8s-staging' }, stdio: 'pipe',
  });
  fs.rmSync(path.join(dir, 'main.local.ts'));
}

/**
 * Runs `cdk8s synth` (this checkout's cdk8s-cli) in a starter with its own cdk8s.yaml, only the
 * program swapped for main.local.ts (the library resolved to src/): the fail-closed tail of `app` is kept.
 */
function cdk8sSynth(dir: string) {
  const config = fs.readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8');
  const local = config.replace(/^app: [^;\n]*/m, `app: CDK8S_PLATFORM_OUTDIR=dist ${path.join(ROOT, 'node_modules', '.bin', 'ts-node')} --transpile-only --project ${path.join(ROOT, 'examples', 'tsconfig.json')} main.local.ts`);
  expect(local).toMatch(/main\.local\.ts; test -d \.cdk8s-staging \|\| kill -INT \$PPID$/m);
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), local);
  const program = fs.readFileSync(path.join(dir, 'main.ts'), 'utf8');
  fs.writeFileSync(path.join(dir, 'main.local.ts'), program.replace("from 'cdk8s-argocd-platform'", `from ${JSON.stringify(path.join(ROOT, 'src'))}`));
  try {
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade'], {
      cwd: dir, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, encoding: 'utf8', timeout: 120_000,
    });
    return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
  } finally {
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), config);
    fs.rmSync(path.join(dir, 'main.local.ts'));
  }
}

describe('argocd-platform init (subprocess)', () => {
  test('a platform starter synthesizes, writes the team contract, and a team starter made from it synthesizes the team\'s Applications', async () => {
    const platformDir = tmp();
    expect((await run('init', 'platform', platformDir, '--name', 'argocd')).code).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(platformDir, 'package.json'), 'utf8'));
    // cdk8s-cli is a devDependency (a clean clone has `cdk8s`), and the upgrade check is off.
    expect(pkg.devDependencies['cdk8s-cli']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.scripts.synth).toBe('cdk8s synth --no-check-upgrade');
    expect(fs.readFileSync(path.join(platformDir, '.gitignore'), 'utf8')).toContain('/.cdk8s-staging/');
    synthStarter(platformDir);
    expect(fs.existsSync(path.join(platformDir, 'dist', 'argocd', 'appproject-example.yaml'))).toBe(true);
    const contractFile = path.join(platformDir, 'dist', 'argocd.teams.json');

    const teamDir = tmp();
    const team = await run('init', 'team', teamDir, '--contract', contractFile, '--team', 'example');
    expect(team.code).toBe(0);
    expect(fs.readFileSync(path.join(teamDir, 'argocd.teams.json'), 'utf8')).toBe(fs.readFileSync(contractFile, 'utf8'));
    synthStarter(teamDir);
    const out = path.join(teamDir, 'dist');
    expect(fs.readdirSync(out).sort()).toEqual(['dev', 'prod']);
    for (const env of ['dev', 'prod']) {
      const application = parse(fs.readFileSync(path.join(out, env, `application-example-worker-${env}.yaml`), 'utf8'));
      // The platform's defaults, read from the contract: application namespace example-apps (production: example-apps-prod) and the project per environment.
      expect(application.metadata.namespace).toBe(env === 'prod' ? 'example-apps-prod' : 'example-apps');
      expect(application.spec.project).toBe(JSON.parse(fs.readFileSync(contractFile, 'utf8')).teams[0].environments.find((e: any) => e.name === env).project);
      expect(application.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: `example-${env}` });
      expect(application.spec.source.repoURL).toBe('https://github.com/example-org/example-apps.git');
    }
  }, 120_000);

  test('under cdk8s synth, a team starter fails closed with only the program\'s error line, and succeeds again once fixed', async () => {
    const teamDir = tmp();
    expect((await run('init', 'team', teamDir, '--contract', path.join(ROOT, 'dist', 'argocd.teams.json'), '--team', 'payments')).code).toBe(0);
    if (!fs.existsSync(path.join(teamDir, 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(teamDir, 'node_modules'));
    const ok = cdk8sSynth(teamDir);
    expect(ok.code).toBe(0);
    const committed = readTree(path.join(teamDir, 'dist'));
    expect(Object.keys(committed)).toEqual(expect.arrayContaining(['prod/application-payments-worker-prod.yaml', 'prod/kustomization.yaml']));

    // An application from a repository the platform does not allow the team.
    const program = path.join(teamDir, 'main.ts');
    const source = fs.readFileSync(program, 'utf8');
    const broken = source.replace("repoUrl: 'git@github.com:civica/payments-apps.git'", "repoUrl: 'https://github.com/elsewhere/apps.git'");
    expect(broken).not.toBe(source);
    fs.writeFileSync(program, broken);
    const failed = cdk8sSynth(teamDir);
    // cdk8s.yaml's `test -d .cdk8s-staging || kill -INT $PPID` stops cdk8s-cli (a shell reports 130) before its own line.
    expect({ code: failed.code, signal: failed.signal }).toEqual({ code: null, signal: 'SIGINT' });
    const lines = failed.stderr.split('\n').filter(l => l !== '');
    expect(lines).toEqual([
      '[Payments] sourceRepos: the platform\'s project payments-team allows only git@github.com:civica/gitops-config.git, git@github.com:civica/payments-apps.git; '
      + 'ask the platform team to add the repository (got "https://github.com/elsewhere/apps.git")',
    ]);
    expect(failed.stderr + failed.stdout).not.toContain('app expected to create');
    expect(failed.stderr).not.toMatch(/^\s+at /m);
    expect(readTree(path.join(teamDir, 'dist'))).toEqual(committed);

    fs.writeFileSync(program, source);
    const again = cdk8sSynth(teamDir);
    expect(again.code).toBe(0);
    expect(readTree(path.join(teamDir, 'dist'))).toEqual(committed);
  }, 240_000);
});
