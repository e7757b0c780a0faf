import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { PlatformApp } from '../../src';
import { OutputDrift } from '../../src/platform/output-drift';
import { hasKubectl } from '../helpers/go-oracle';

// The example platform through other programs: a synth in a subprocess under another locale, and
// the committed dist/ read by kubectl kustomize (go-yaml), as Argo CD reads it.

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

function renderExample(): Record<string, string> {
  const app = new PlatformApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'example-')) });
  buildExamplePlatform(app);
  return app.render();
}

describe('the example platform (examples/platform) through other programs', () => {
  test('the output does not depend on the machine\'s locale', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'locale-'));
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'ts-node'), ['--transpile-only', '--project', 'examples/tsconfig.json', 'examples/platform/main.ts'], {
      cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: out, LC_ALL: 'lt_LT.UTF-8', LANG: 'lt_LT.UTF-8' }, stdio: 'pipe',
    });
    expect(OutputDrift.compare(renderExample(), out)).toEqual([]);
  }, 60_000);

  (hasKubectl() || process.env.ARGOCD_PLATFORM_REQUIRE_KUBECTL === '1' ? test : test.skip)(
    'kubectl kustomize renders every folder of dist/', () => {
      const folders = fs.readdirSync(DIST, { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name);
      expect(folders).toEqual(expect.arrayContaining(['argocd', 'dev', 'staging', 'prod', 'prod-cluster']));
      for (const folder of folders) {
        const rendered = execFileSync('kubectl', ['kustomize', path.join(DIST, folder)], { encoding: 'utf8' });
        const kustomization = fs.readFileSync(path.join(DIST, folder, 'kustomization.yaml'), 'utf8');
        const expected = (kustomization.match(/^ {2}- /gm) ?? []).length;
        expect({ folder, objects: (rendered.match(/^kind: /gm) ?? []).length }).toEqual({ folder, objects: expected });
      }
    });
});

if (!hasKubectl()) {
  // eslint-disable-next-line no-console
  console.warn('SKIPPED "kubectl kustomize renders every folder of dist/": kubectl is not installed');
}
