import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { readTree } from '../helpers/file-tree';

const ROOT = path.join(__dirname, '..', '..');
const ENV = { ...process.env, npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false' };

function run(command: string, args: string[], cwd: string): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: ENV, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

/** Installs from the local npm cache; falls back to the registry when the cache lacks something. */
function npm(cwd: string, ...args: string[]) {
  try {
    return run('npm', [...args, '--offline'], cwd);
  } catch {
    return run('npm', [...args, '--prefer-offline'], cwd);
  }
}

/**
 * What a new user does: clone the repository (the committed state, not this working tree), `npm ci`,
 * `npm pack` (prepack compiles lib/), make a team repository with `init team` from the platform's
 * contract, install the tarball there and `npm run synth`.
 */
describe('a fresh clone packs, installs into a team repository made by init team, and synthesizes', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-platform-fresh-'));
  });
  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  let clone: string;
  let tarball: string;

  test('clone, npm ci, npm pack, init team, npm install, npm run synth', () => {
    clone = path.join(work, 'clone');
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], { stdio: 'pipe' });
    expect(fs.existsSync(path.join(clone, 'lib'))).toBe(false);
    npm(clone, 'ci', '--no-audit', '--no-fund');

    // prepack (jsii) prints before npm's JSON.
    const packOutput = run('npm', ['pack', '--json', '--pack-destination', work], clone).stdout;
    const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[$/m)));
    tarball = path.join(work, packed[0].filename);
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files).toEqual(expect.arrayContaining(['lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', '.jsii', 'README.md', 'package.json']));
    expect(files.some(f => f.startsWith('node_modules/casbin/'))).toBe(true);
    expect(files.some(f => /^(src|test|dist|examples)\//.test(f))).toBe(false);

    const team = path.join(work, 'payments-apps');
    run(process.execPath, [path.join(clone, 'lib', 'cli', 'main.js'), 'init', 'team', team,
      '--contract', path.join(clone, 'dist', 'argocd.teams.json'), '--team', 'payments', '--library', `file:${tarball}`], work);
    npm(team, 'install', '--no-audit', '--no-fund');
    expect(fs.existsSync(path.join(team, 'node_modules', '.bin', 'cdk8s'))).toBe(true);

    const synth = run('npm', ['run', 'synth'], team);
    // Quiet: no upgrade check, no stack trace.
    expect(`${synth.stdout}${synth.stderr}`).not.toMatch(/\n\s+at |A new version|EOL|end of life/i);
    const out = path.join(team, 'dist');
    expect(fs.readdirSync(out).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const env of ['dev', 'staging', 'prod']) {
      const application = parse(fs.readFileSync(path.join(out, env, `application-payments-worker-${env}.yaml`), 'utf8'));
      // From the contract: the team's (production) application namespace and project.
      expect(application.metadata.namespace).toBe(env === 'prod' ? 'payments-apps-prod' : 'payments-apps');
      expect(application.spec.project).toBe(env === 'prod' ? 'payments-team-prod' : 'payments-team');
      expect(application.spec.destination.namespace).toBe(`payments-${env}`);
    }

    // Fail-closed: a failing program leaves the committed dist/ as it was.
    const before = readTree(out);
    // (an application from a repository the platform does not allow the team)
    const program = path.join(team, 'main.ts');
    const source = fs.readFileSync(program, 'utf8');
    const broken = source.replace("repoUrl: 'git@github.com:civica/payments-apps.git'", "repoUrl: 'https://github.com/elsewhere/apps.git'");
    expect(broken).not.toBe(source); // the mistake was really made
    fs.writeFileSync(program, broken);
    const failed = spawnSync('npm', ['run', 'synth'], { cwd: team, encoding: 'utf8', env: ENV });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('ask the platform team to add the repository (got "https://github.com/elsewhere/apps.git")');
    expect(failed.stderr).not.toMatch(/^\s+at /m);
    // The starter's cdk8s.yaml stops cdk8s-cli before it adds a line of its own: only the program's error (and npm's).
    expect(failed.stderr + failed.stdout).not.toContain('app expected to create');
    expect(readTree(out)).toEqual(before);
  }, 600_000);

  /**
   * The README's Install block, run as written after its clone and pack lines (done above, on the
   * committed state): `cd ..`, the tarball's path, `npx -y --package "$TGZ" argocd-platform init platform`,
   * then `npm install && npm run synth` in the new platform repository.
   */
  test('the README\'s Install lines make a platform repository from the tarball that synthesizes', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('\n## ', readme.indexOf('## Install') + 1));
    const block = [...install.matchAll(/```sh\n([\s\S]*?)```/g)].map(m => m[1]).find(b => b.includes('npm pack'));
    expect(block).toBeDefined();
    const lines = block!.split('\n').map(l => l.replace(/\s+#.*$/, '')).filter(l => l.trim() !== '' && !l.startsWith('#'));
    // The lines this test does not run again: the clone and the pack, done by the test above.
    expect(lines[0]).toMatch(/^git clone \S+ && cd cdk8s-argocd-platform$/);
    expect(lines[1]).toBe('npm ci && npm pack');
    const packedName = path.basename(tarball);
    expect(lines[2]).toContain(`/cdk8s-argocd-platform/${packedName}`);
    // The clone, laid out as the README's: cdk8s-argocd-platform/ holding its tarball.
    const side = path.join(work, 'readme');
    fs.mkdirSync(side);
    fs.symlinkSync(clone, path.join(side, 'cdk8s-argocd-platform'));
    fs.copyFileSync(tarball, path.join(clone, packedName));
    const script = ['set -euo pipefail', ...lines.slice(2)].join('\n');
    // PWD as a shell that did `cd cdk8s-argocd-platform` has it (bash keeps a logical PWD through the symlink).
    const cwd = path.join(side, 'cdk8s-argocd-platform');
    const result = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', env: { ...ENV, PWD: cwd }, maxBuffer: 64 * 1024 * 1024 });
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at |A new version|EOL|end of life/i);
    expect({ status: result.status, output: result.status === 0 ? '' : `${result.stdout}\n${result.stderr}` }).toEqual({ status: 0, output: '' });
    const platform = path.join(side, 'my-platform');
    expect(JSON.parse(fs.readFileSync(path.join(platform, 'package.json'), 'utf8')).dependencies['cdk8s-argocd-platform']).toBe(`file:${path.join(side, 'cdk8s-argocd-platform', packedName)}`);
    expect(fs.existsSync(path.join(platform, 'dist', 'argocd', 'kustomization.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(platform, 'dist', 'argocd.teams.json'))).toBe(true);
  }, 600_000);
});
