import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { platformStarter } from '../../src/cli/init-command';

const ROOT = path.resolve(__dirname, '..', '..');
const CI = path.join(ROOT, 'examples', 'ci');
const HOTFIX_GROUP = '7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

interface Step {
  readonly name: string;
  readonly script: string;
  /** Runs only on pull requests. */
  readonly pullRequestOnly: boolean;
  /** Runs only when the review summary exited 3. */
  readonly onWidening: boolean;
}

/**
 * The shell steps of a template, in order. Steps that call the CI host (actions, Azure tasks, the
 * pull-request comment through the host's API) cannot run here and are left out.
 */
function githubSteps(): Step[] {
  const doc = parse(fs.readFileSync(path.join(CI, 'github-actions.yml'), 'utf8'));
  return doc.jobs.synth.steps
    .filter((s: any) => s.run !== undefined && s.env?.GH_TOKEN === undefined)
    .map((s: any) => ({
      name: s.name,
      script: s.run,
      pullRequestOnly: /github.event_name == 'pull_request'/.test(s.if ?? ''),
      onWidening: /steps.diff.outputs.exit == '3'/.test(s.if ?? ''),
    }));
}

function azureSteps(): Step[] {
  const doc = parse(fs.readFileSync(path.join(CI, 'azure-pipelines.yml'), 'utf8'));
  return doc.steps
    .filter((s: any) => s.script !== undefined && s.env?.SYSTEM_ACCESSTOKEN === undefined)
    .map((s: any) => ({
      name: s.displayName,
      script: s.script,
      pullRequestOnly: /'PullRequest'/.test(s.condition ?? ''),
      onWidening: /diffExit'\], '3'/.test(s.condition ?? ''),
    }));
}

function git(cwd: string, ...args: string[]) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' });
}

describe('the CI templates (examples/ci), run locally step by step on a pull request that widens production access', () => {
  let repo: string;
  let bin: string;
  beforeAll(() => {
    // A pull request on a copy of this repository: the base branch, then a commit granting a group
    // sync on production, synthesized and committed as a developer would.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-templates-'));
    repo = path.join(work, 'repo');
    git(work, 'clone', '--quiet', ROOT, repo);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
    git(repo, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    const mainTs = path.join(repo, 'examples', 'platform', 'main.ts');
    fs.writeFileSync(mainTs, fs.readFileSync(mainTs, 'utf8').replace('buildExamplePlatform(app);', [
      'const platform = buildExamplePlatform(app);',
      'platform.rbac.addRole(\'hotfix\', [{ resource: \'applications\', action: \'sync\', object: \'payments-team-prod/*\' }]);',
      `platform.rbac.bind('${HOTFIX_GROUP}', 'role:hotfix', { displayName: 'Hotfix responders' });`,
    ].join('\n')));
    execFileSync('npm', ['run', 'synth'], { cwd: repo, stdio: 'pipe', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '-m', 'hotfix responders may sync production');
    // In a platform repository `npx argocd-platform` is the installed package's bin; here it is this checkout's CLI.
    bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'argocd-platform'), `#!/bin/sh\nexec "${path.join(ROOT, 'node_modules', '.bin', 'ts-node')}" --transpile-only "${path.join(ROOT, 'src', 'cli', 'main.ts')}" "$@"\n`, { mode: 0o755 });
  }, 300_000);

  test('the GitHub workflow is the one `init` writes', () => {
    expect(fs.readFileSync(path.join(CI, 'github-actions.yml'), 'utf8')).toBe(platformStarter('argocd')['.github/workflows/argocd-platform.yml']);
  });

  for (const [host, steps] of [['GitHub Actions', githubSteps], ['Azure Pipelines', azureSteps]] as const) {
    test(`${host}: synth, drift check, lint (SARIF), review summary, and the widening fails the run`, () => {
      const all = steps();
      expect(all.map(s => s.name)).toEqual([
        'Install', 'Synthesize', 'Drift check (commit the output of npm run synth)', 'Lint', 'Review summary', 'Production access widens',
      ]);
      const outputs = path.join(repo, '.ci-outputs');
      fs.writeFileSync(outputs, '');
      let widened = false;
      const ran: Array<[string, number | null]> = [];
      for (const step of all) {
        if (step.name === 'Install') continue; // npm ci: node_modules is this checkout's (linked)
        if (step.onWidening && !widened) continue;
        const script = step.script.replace(/npx argocd-platform/g, 'argocd-platform').replace(/\$\{\{ github.base_ref \}\}/g, 'main');
        const result = spawnSync('bash', ['-e', '-c', script], {
          cwd: repo,
          encoding: 'utf8',
          env: {
            ...process.env,
            PATH: `${bin}:${process.env.PATH}`,
            CDK8S_CHECK_UPGRADE: 'false',
            GITHUB_OUTPUT: outputs,
            SYSTEM_PULLREQUEST_TARGETBRANCH: 'refs/heads/main',
          },
        });
        ran.push([step.name, result.status]);
        if (step.name === 'Review summary') {
          widened = /^exit=3$/m.test(fs.readFileSync(outputs, 'utf8')) || result.stdout.includes('##vso[task.setvariable variable=diffExit]3');
        }
        if (!step.onWidening && result.status !== 0) throw new Error(`${host} step "${step.name}" failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
      }
      // Every step passed, and the last one fails the run because production access widens.
      expect(ran).toEqual([
        ['Synthesize', 0], ['Drift check (commit the output of npm run synth)', 0], ['Lint', 0], ['Review summary', 0], ['Production access widens', 3],
      ]);
      const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'argocd-platform.sarif'), 'utf8'));
      expect(sarif.version).toBe('2.1.0');
      const comment = fs.readFileSync(path.join(repo, 'argocd-platform-diff.md'), 'utf8');
      expect(comment).toContain('**Production access widens**: this change needs a second approval.');
      expect(comment).toContain(`- **gained** Hotfix responders (${HOTFIX_GROUP}) in project payments-team-prod, production`);
    }, 300_000);
  }
});
