import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('README', () => {
  test('the "platform in about 30 lines" example synthesizes as written', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /```ts\n(import \{[^`]*?from 'cdk8s-argocd-platform';[\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    // The snippet imports the package by name; here it runs against the sources.
    const code = block![1].replace("from 'cdk8s-argocd-platform'", `from ${JSON.stringify(path.join(ROOT, 'src'))}`);
    // In a folder of its own (the checkout is never changed), resolving packages from the checkout's node_modules.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-snippet-'));
    const file = path.join(work, 'snippet.ts');
    fs.writeFileSync(file, code);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({ extends: path.join(ROOT, 'examples', 'tsconfig.json'), compilerOptions: { rootDir: '/' }, include: ['snippet.ts'] }));
    try {
      execFileSync(path.join(ROOT, 'node_modules', '.bin', 'ts-node'), ['--project', path.join(work, 'tsconfig.json'), file], {
        cwd: work, env: { ...process.env, CDK8S_OUTDIR: out }, stdio: 'pipe',
      });
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    expect(fs.readFileSync(path.join(out, 'argocd', 'configmap-argocd-rbac-cm.yaml'), 'utf8'))
      .toContain('g, "6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11", role:admin');
    expect(fs.existsSync(path.join(out, 'argocd', 'appproject-payments-team.yaml'))).toBe(true);
    // It deploys: a root Application per environment reads the environment's folder of the GitOps repository.
    for (const env of ['dev', 'staging', 'prod']) {
      const root = fs.readFileSync(path.join(out, 'argocd', `application-apps-${env}.yaml`), 'utf8');
      expect(root).toContain(`path: dist/${env}`);
      expect(root).toContain('repoURL: git@github.com:civica/gitops-config.git');
    }
    expect(fs.readFileSync(path.join(out, 'argocd.guardrails.md'), 'utf8')).not.toContain('ARGO-STR1');
    expect(fs.readdirSync(out).sort()).toEqual(['argocd', 'argocd.guardrails.md', 'argocd.teams.json', 'dev', 'prod', 'staging']);
  }, 60_000);
});
