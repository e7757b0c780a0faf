import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ArgoPlatform, PlatformApp } from '../../src';

/** Under `cdk8s synth`, the guardrail warnings reach the console: one line each, then a count. */
describe('guardrail warnings on the console', () => {
  const saved = process.env.CDK8S_OUTDIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = saved;
    jest.restoreAllMocks();
  });

  test('GIVEN a platform with warnings WHEN synthesized by cdk8s synth THEN one line per warning and a count on stderr', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'warnings-'));
    process.env.CDK8S_OUTDIR = outdir;
    const app = new PlatformApp({ outdir });
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }] });
    platform.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11', 'role:admin', { displayName: 'Platform team' });
    const written: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { written.push(String(chunk)); return true; });
    app.synth();
    const lines = written.join('').split('\n').filter(l => l !== '');
    expect(lines).toEqual([
      'warning ARGO-OPS1 [argocd] no construct provides the alerts capability',
      'warning ARGO-OPS2 [argocd] no construct provides the notifications capability',
      'warning ARGO-OPS3 [argocd] no construct provides the backup capability',
      'warning ARGO-STR1 [argocd] environment dev has no root Application (the platform has no GitOps repository to read it from)',
      '4 guardrail warnings in argocd (each rule explained in argocd.guardrails.md)',
    ]);
  });
});
