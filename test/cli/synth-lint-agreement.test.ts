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

/**
 * Environment names, some that say production and some that do not, each with a production flag drawn
 * independently of its name (unset, true or false): which environments are production is the platform's
 * declaration, and lint must read the same declaration from the output (`prod` declared non-production,
 * `staging` declared production). A name that says production without the flag is refused by the synth.
 */
const ENVIRONMENT_NAMES = ['dev', 'qa', 'staging', 'prod', 'live-eu'];

const environmentOptions: fc.Arbitrary<ArgoEnvironmentOptions[]> = fc.subarray(ENVIRONMENT_NAMES, { minLength: 1 }).chain(names =>
  fc.tuple(...names.map(name => fc.constantFrom<boolean | undefined>(undefined, true, false)
    .map(production => (production === undefined ? { name } : { name, production }))))).map(envs => [...envs]);

const platformSpec: fc.Arbitrary<PlatformSpec> = fc.record({
  environments: environmentOptions,
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
    }), { numRuns: 16, seed: 17 });
    fs.rmSync(root, { recursive: true, force: true });
    expect(compared).toBeGreaterThan(0);
    expect([...outcomes].sort()).toEqual([false, true]); // both verdicts were compared
  }, 300_000);

  test('an environment named prod declared non-production: the synth auto-syncs into it, and lint of its output agrees', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agreement-prod-'));
    const spec: PlatformSpec = {
      environments: [{ name: 'dev' }, { name: 'prod', production: false }, { name: 'staging', production: true }],
      rootApps: true,
      apps: [{ team: 0, path: 'apps/{app}/overlays/{env}', revision: 'v1.4.2', environments: [0, 1, 2], autoSyncInProduction: true }],
      workloads: [],
    };
    const strict = build(spec, path.join(dir, 'strict'), true)!;
    const files = strict.render(); // the synth with the guardrails on passes
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, 'dist', file)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'dist', file), content);
    }
    // The platform's declaration is in the output, on each Application of the environment.
    expect(files['prod/application-payments-app0-prod.yaml']).toContain('argocd-platform/production: "false"');
    expect(files['prod/application-payments-app0-prod.yaml']).toContain('automated:');
    expect(files['staging/application-payments-app0-staging.yaml']).toContain('argocd-platform/production: "true"');
    let out = '';
    const code = await lintCommand([path.join(dir, 'dist')], { out: t => { out += t; }, err: () => undefined });
    expect(out.split('\n').filter(line => / (error|warning) ARGO-/.test(line) && !line.includes('acknowledged'))).toEqual([]);
    expect(code).toBe(0);
    // staging, declared production, is judged as production: its auto-sync is the acknowledged exception.
    expect(out).toContain('acknowledged error ARGO-SYN1 Application argocd/payments-app0-staging: A production Application syncs automatically');
    expect(out).not.toContain('payments-app0-prod:');
    // Without the declaration (another tool's output), lint falls back to the name: prod is production.
    const prod = path.join(dir, 'dist', 'prod', 'application-payments-app0-prod.yaml');
    fs.writeFileSync(prod, fs.readFileSync(prod, 'utf8').replace('    argocd-platform/production: "false"\n', ''));
    out = '';
    expect(await lintCommand([path.join(dir, 'dist', 'prod')], { out: t => { out += t; }, err: () => undefined })).toBe(1);
    expect(out).toContain('error ARGO-SYN1 Application argocd/payments-app0-prod: A production Application syncs automatically (syncPolicy.automated): spec.syncPolicy.automated is set');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  test('the committed example: synth passes and lint of dist/ reports no error', async () => {
    expect(await lintErrors(path.join(__dirname, '..', '..', 'dist'))).toBe(0);
  }, 120_000);
});
