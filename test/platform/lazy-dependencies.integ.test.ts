import { execFileSync } from 'child_process';
import * as path from 'path';

// Optional capabilities' dependencies load only when a capability uses them: a platform without
// dashboards never loads the Grafana SDK, without alerts never the PromQL grammar, and a synth never
// loads casbin (only the CLI's evaluator does). Checked in a fresh process, whose module cache is Node's own.

const ROOT = path.resolve(__dirname, '..', '..');
const OPTIONAL = /node_modules\/(@grafana\/grafana-foundation-sdk|@prometheus-io\/lezer-promql|casbin)\//;

function loadedOptionalModules(program: string): string[] {
  const script = `${program}
const loaded = Object.keys(require("module")._cache).filter(f => ${OPTIONAL}.test(f)).map(f => f.match(${OPTIONAL})[1]);
process.stdout.write(JSON.stringify([...new Set(loaded)].sort()));`;
  const out = execFileSync(path.join(ROOT, 'node_modules', '.bin', 'ts-node'), ['--transpile-only', '--project', path.join(ROOT, 'test', 'tsconfig.json'), '-e', script], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
  });
  return JSON.parse(out);
}

describe('optional dependencies load on first use', () => {
  test('importing the library and synthesizing a platform without alerts or dashboards loads none of them', () => {
    expect(loadedOptionalModules(`
const { ArgoPlatform, PlatformApp } = require(${JSON.stringify(path.join(ROOT, 'src'))});
const app = new PlatformApp({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'lazy-')) });
new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }], gitOps: { repoUrl: 'git@github.com:example/gitops.git' } });
app.synth();`)).toEqual([]);
  }, 120_000);

  test('alerts load the PromQL grammar, dashboards the Grafana SDK; a synth still never loads casbin', () => {
    expect(loadedOptionalModules(`
const { ArgoAlerts, ArgoDashboards, ArgoPlatform, ArgoScraping, PlatformApp, SelfManagedArgo } = require(${JSON.stringify(path.join(ROOT, 'src'))});
const app = new PlatformApp({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'lazy-')) });
const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }], gitOps: { repoUrl: 'git@github.com:example/gitops.git' } });
new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
const alerts = new ArgoAlerts(platform, 'Alerts', { scraping: new ArgoScraping(platform, 'Scraping') });
new ArgoDashboards(platform, 'Dashboards', { alerts });
app.synth();`)).toEqual(['@grafana/grafana-foundation-sdk', '@prometheus-io/lezer-promql']);
  }, 120_000);
});
