import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubeDeployment } from 'cdk8s-plus-28/lib/imports/k8s';
import * as fc from 'fast-check';
import {
  ApplicationSource, ArgoEnvironmentOptions, ArgoPlatform, EnvironmentRootApps, Guardrails, PlatformApp, TeamApplication, TeamProject,
} from '../../src';
import { lintCommand } from '../../src/cli/lint-command';

/**
 * One verdict: over generated platforms, the synth passes exactly when `argocd-platform lint` of
 * its output reports no error. The output linted is the same platform synthesized with the
 * guardrails off (the synth with them on writes nothing when it fails), in-process.
 */

const GITOPS = 'git@github.com:civica/gitops-config.git';

interface AppSpec {
  readonly team: number;
  readonly path: string;
  readonly revision: string;
  readonly environments: number[];
  readonly autoSyncInProduction: boolean;
}

/** A workload a team adds to an environment's folder by hand (any Kubernetes object lint can read). */
interface WorkloadSpec {
  readonly environment: number;
  readonly image: string;
}

interface PlatformSpec {
  readonly environments: ArgoEnvironmentOptions[];
  readonly rootApps: boolean;
  readonly apps: AppSpec[];
  readonly workloads: WorkloadSpec[];
}

const ENVIRONMENTS: ArgoEnvironmentOptions[] = [
  { name: 'dev' }, { name: 'qa' }, { name: 'staging' }, { name: 'prod', production: true }, { name: 'live-eu', production: true },
];

const platformSpec: fc.Arbitrary<PlatformSpec> = fc.record({
  environments: fc.subarray(ENVIRONMENTS, { minLength: 1 }),
  rootApps: fc.boolean(),
  apps: fc.array(fc.record({
    team: fc.integer({ min: 0, max: 1 }),
    path: fc.constantFrom('apps/api', 'apps/{app}/overlays/{env}', 'apps/web'),
    revision: fc.constantFrom('main', 'release', 'v1.4.2'),
    environments: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
    autoSyncInProduction: fc.boolean(),
  }), { minLength: 1, maxLength: 4 }),
  workloads: fc.array(fc.record({
    environment: fc.integer({ min: 0, max: 4 }),
    image: fc.constantFrom('nginx:1.27.3', 'nginx:latest', 'nginx@sha256:' + 'a'.repeat(64), 'nginx'),
  }), { maxLength: 2 }),
});

/** Builds the platform; undefined when a construct refuses the generated props (not a platform). */
function build(spec: PlatformSpec, outdir: string, guardrails: boolean): PlatformApp | undefined {
  const app = new PlatformApp({ outdir });
  try {
    const platform = new ArgoPlatform(app, 'argocd', {
      url: 'https://argocd.example.com', gitOps: { repoUrl: GITOPS }, environments: spec.environments,
    });
    platform.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11', 'role:admin', { displayName: 'Platform team' });
    if (!guardrails) Guardrails.disable(platform, 'the property test lints this output instead');
    if (spec.rootApps) new EnvironmentRootApps(platform, 'RootApps');
    const teams = ['payments', 'orders'].map(team => new TeamProject(platform, team, { team, sourceRepos: [GITOPS] }));
    const names = spec.environments.map(e => e.name);
    spec.apps.forEach((a, i) => {
      const environments = [...new Set(a.environments.map(e => names[e % names.length]))];
      new TeamApplication(platform, `App${i}`, {
        project: teams[a.team],
        appName: `app${i}`,
        environments,
        source: ApplicationSource.fromDirectory({ repoUrl: GITOPS, targetRevision: a.revision, pathPattern: a.path }),
        ...(a.autoSyncInProduction ? { productionAutoSync: { reason: 'stateless, rollback is a revert' } } : {}),
      });
    });
    spec.workloads.forEach((w, i) => {
      const env = platform.environment(names[w.environment % names.length]);
      new KubeDeployment(env, `Workload${i}`, {
        metadata: { name: `web${i}`, namespace: env.namespaceFor('payments') },
        spec: {
          selector: { matchLabels: { app: `web${i}` } },
          template: { metadata: { labels: { app: `web${i}` } }, spec: { containers: [{ name: 'web', image: w.image }] } },
        },
      });
    });
  } catch {
    return undefined;
  }
  return app;
}

async function lintErrors(dir: string): Promise<number> {
  let out = '';
  const code = await lintCommand([dir, '--format', 'json'], { out: t => { out += t; }, err: () => undefined });
  expect(code).not.toBe(2);
  return JSON.parse(out).errors;
}

describe('synth and lint agree', () => {
  test('on generated platforms: the synth passes exactly when lint of its output reports no error', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agreement-'));
    let run = 0;
    let compared = 0;
    const outcomes = new Set<boolean>();
    await fc.assert(fc.asyncProperty(platformSpec, async spec => {
      const dir = path.join(root, String(run++));
      const strict = build(spec, path.join(dir, 'strict'), true);
      const relaxed = build(spec, path.join(dir, 'dist'), false);
      fc.pre(strict !== undefined && relaxed !== undefined);
      let files: Record<string, string>;
      try {
        files = relaxed!.render();
      } catch {
        fc.pre(false); // fails without guardrails too: a construct's own check, not the guardrails' verdict
        return;
      }
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, 'dist', file)), { recursive: true });
        fs.writeFileSync(path.join(dir, 'dist', file), content);
      }
      let synthPasses = true;
      try {
        strict!.render();
      } catch {
        synthPasses = false;
      }
      compared++;
      outcomes.add(synthPasses);
      expect({ synthPasses, lintErrors: await lintErrors(path.join(dir, 'dist')) > 0 }).toEqual({ synthPasses, lintErrors: !synthPasses });
    }), { numRuns: 12, seed: 17 });
    fs.rmSync(root, { recursive: true, force: true });
    expect(compared).toBeGreaterThan(0);
    expect([...outcomes].sort()).toEqual([false, true]); // both verdicts were compared
  }, 300_000);

  test('the committed example: synth passes and lint of dist/ reports no error', async () => {
    expect(await lintErrors(path.join(__dirname, '..', '..', 'dist'))).toBe(0);
  }, 120_000);
});
