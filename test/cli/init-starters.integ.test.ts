import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../src/cli/main';

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

});
