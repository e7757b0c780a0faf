import * as fs from 'fs';
import * as path from 'path';
import { cdk8s, javascript, JsonFile, release } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-argocd-platform',
  description: 'A whole Argo CD platform as typed cdk8s code: SSO, RBAC, team projects, App of Apps, self-management.',
  author: 'cdk8s-argocd-platform maintainers',
  authorAddress: 'maintainers@users.noreply.cdk8s-argocd-platform.example',
  repositoryUrl: 'https://github.com/maintainers/cdk8s-argocd-platform.git',
  defaultReleaseBranch: 'main',
  keywords: ['cdk8s', 'argocd', 'gitops', 'rbac', 'azure-ad'],

  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',
  minNodeVersion: '20.19.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // dist/ is the synthesized platform (the cdk8s output); package artifacts go elsewhere.
  artifactsDirectory: 'dist-pkg',

  bin: { 'argocd-platform': 'lib/cli/main.js' },
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  bundledDeps: [
    'yaml@2.9.1', 'casbin@5.51.1',
    '@prometheus-io/lezer-promql@0.315.0', '@lezer/lr@1.4.12', '@lezer/highlight@1.2.5',
    '@grafana/grafana-foundation-sdk@0.0.21',
  ],
  devDeps: ['cdk8s-cli@2.207.60', 'fast-check@^4', 'ajv@8.20.0', 'ajv-formats@^3', 'kubernetes-models@4.5.1'],

  // Releases like a construct library: conventional commits on main bump the version and write
  // CHANGELOG.md (commit-and-tag-version), the release workflow builds, packs and publishes to npm
  // (needs the NPM_TOKEN secret; configured, never run from here).
  github: true,
  githubOptions: { mergify: false, pullRequestLint: false },
  depsUpgradeOptions: { workflow: false },
  pullRequestTemplate: false,
  release: true,
  // A maintainer starts a release (Actions → release → Run workflow); nothing publishes on push.
  releaseTrigger: release.ReleaseTrigger.workflowDispatch(),
  releaseToNpm: true,
  npmAccess: javascript.NpmAccess.PUBLIC,
  // The release tooling (commit-and-tag-version 13) needs Node 22; the library itself runs on 20.19+.
  workflowNodeVersion: '22.x',
  docgen: true,
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Coverage over 90k lines of generated CRD types is slow and noisy; run `npx jest --coverage` when wanted.
      collectCoverage: false,
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/'],
      // `npm test` runs the unit and in-process tests; the suites that run other programs (a real
      // `cdk8s synth`, npm pack, promtool, Go, kubectl, ts-node) are `*.integ.test.ts`, run by `npm run test:integ`.
      testPathIgnorePatterns: ['/node_modules/', '/test/fixtures/', '\\.integ\\.test\\.ts$'],
      // Two cores: both run tests (jest's default keeps one for itself).
      maxWorkers: 2,
    },
  },
  tsconfig: {
    compilerOptions: {},
    exclude: ['src/**/*.test.ts'],
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', 'benchmarks'],
    ignorePatterns: ['src/imports/**', 'dist/**', 'lib/**', 'node_modules/**', 'examples/team-repo/**'],
    // `npm test` runs eslint and must never rewrite files; `npm run lint:fix` applies the fixes.
    commandOptions: { fix: false },
  },
  gitignore: ['/dist-pkg/', '/.tmp/', '/examples/.readme-snippet-*', '/.cdk8s-staging/', '/dist.next-*', '/dist.old-*'],
});

// Layers that hold: util ← engines (rbac, guardrails: know nothing about constructs) ← core
// (src/platform: contracts, registries, facts; src/secrets: the secret delivery every capability
// uses; the guardrails' attachment) ← capabilities (one folder each, none imports another) ←
// index and the CLI. `npm test`'s eslint step fails when an import crosses a layer or closes a cycle.
// Every folder of src/ is a capability unless it is one of the lower layers (or the top, the CLI).
const NOT_CAPABILITIES = ['util', 'imports', 'rbac', 'guardrails', 'platform', 'secrets', 'cli'];
const CAPABILITIES = fs.readdirSync(path.join(__dirname, 'src'), { withFileTypes: true })
  .filter(entry => entry.isDirectory() && !NOT_CAPABILITIES.includes(entry.name))
  .map(entry => entry.name)
  .sort();
const TOP = ['./src/index.ts', './src/cli'];
const ENGINES = ['./src/rbac', './src/guardrails/!(guardrails).ts', './src/guardrails/rules'];
const CORE = ['./src/platform', './src/secrets', './src/guardrails/guardrails.ts'];
const capability = (name: string) => `./src/${name}`;
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    'import/no-cycle': ['error', { ignoreExternal: true }],
    'import/no-restricted-paths': ['error', {
      zones: [
        { target: './src/util', from: './src', except: ['./util', './imports'], message: 'util is the lowest layer: it imports nothing else of the library' },
        { target: ENGINES, from: [...CORE, ...CAPABILITIES.map(capability), ...TOP], message: 'the engines (rbac, guardrails) know nothing about constructs: they import only util' },
        { target: CORE, from: [...CAPABILITIES.map(capability), ...TOP], message: 'the core (platform) never imports a capability: move what it needs into the core' },
        ...CAPABILITIES.map(name => ({
          target: capability(name),
          from: [...CAPABILITIES.filter(other => other !== name).map(capability), ...TOP],
          message: 'a capability never imports another capability: move what two share into the core (src/platform)',
        })),
      ],
    }],
  },
});

// jsii never cleans lib/: stale .js files from deleted sources would be packaged.
project.preCompileTask.exec('rm -rf lib');

// Test files (and examples) are type-checked before jest runs; ts-jest only transpiles under isolatedModules.
const testTsconfig = project.tryFindObjectFile('test/tsconfig.json') as JsonFile;
testTsconfig.addOverride('include', ['**/*.ts', '../examples/**/*.ts', '../scripts/**/*.ts', '../benchmarks/**/*.ts']);
// The team-repo example imports the library by package name; test/apps/pack-consume.test.ts type-checks
// and runs it against the packed tarball, as a team would.
testTsconfig.addOverride('exclude', ['node_modules', '../examples/team-repo/**']);
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json');

// The subprocess suites: a real `cdk8s synth`, pack-and-consume, promtool, the Go oracles, kubectl kustomize,
// the CRD import regeneration, ts-node. CI (.ci/run) runs them after `npm test`; their report is test-reports/junit-integ.xml.
project.addTask('test:integ', {
  description: 'Run the integration tests (suites that run other programs: cdk8s synth, npm pack, promtool, go, kubectl)',
  env: { JEST_JUNIT_OUTPUT_NAME: 'junit-integ.xml' },
  // (the array options first: a file filter after them would be read as one more pattern)
  exec: "jest --testMatch='<rootDir>/test/**/*.integ.test.ts' --testPathIgnorePatterns='/(node_modules|test/fixtures)/' --ci",
  receiveArgs: true,
});

// The synthesized example platform in dist/ is committed and reviewed as a diff.
project.gitignore.include('/dist/');
project.gitignore.removePatterns('/dist/');

// Applies eslint's fixes (the eslint step of `npm test` only reports).
project.addTask('lint:fix', {
  description: 'Runs eslint with --fix (rewrites files)',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  exec: 'eslint --ext .ts,.tsx --fix --no-error-on-unmatched-pattern src test examples scripts benchmarks .projenrc.ts',
});

// Regenerate the typed CRD imports from the pinned CRD files (see cdk8s.yaml for the upstream URLs).
project.addTask('import', {
  description: 'Regenerate src/imports from the pinned CRDs in ../shared/reference/crds',
  exec: 'bash scripts/import-crds.sh',
});
project.addTask('bench:rbac', {
  description: 'Benchmark the access audit at 100 and 300 teams × 3 environments (time, rule checks, peak memory; sampled answers checked against casbin)',
  exec: 'ts-node --transpile-only --project test/tsconfig.json benchmarks/rbac-audit.ts',
});
// `npm run bench [small|large|xlarge] [-- --runs 5 --json]`: the platform fleet against the floor (benchmarks/platform.ts).
// The library runs compiled, as a platform repository runs the package: src/ and benchmarks/ are compiled into .tmp/bench.
const bench = project.addTask('bench', {
  description: 'Benchmark a whole platform fleet (small: 10 teams, large: 100, xlarge: 300; × 3 environments × 10 apps) against the floor (the same objects written with yaml)',
  exec: 'tsc -p benchmarks/tsconfig.json --noEmit false --declaration false --outDir .tmp/bench --incremental --tsBuildInfoFile .tmp/bench/tsbuildinfo',
});
bench.exec('node .tmp/bench/benchmarks/platform.js', { receiveArgs: true });
project.addTask('synth', {
  description: 'Synthesize the example platform into dist/',
  exec: 'cdk8s synth --no-check-upgrade',
});

for (const pattern of ['/dist/', '/examples/', '/scripts/', '/cdk8s.yaml', '/.ci/', '/dist-pkg/', '/benchmarks/']) {
  project.npmignore?.exclude(pattern);
}

// ---- Release and package (consumers) ----
// `npm pack`/`npm publish` (and installing from git) build lib/ first, so a fresh clone packs a working
// package. The release build has just compiled: its package step (jsii-pacmak runs npm pack) skips it.
const prepack = project.addTask('prepack', {
  description: 'Compiles lib/ before npm packs the library (npm pack, npm publish, git installs)',
  condition: 'node -e "if (process.env.ARGOCD_PLATFORM_PREBUILT === \'1\') process.exit(1)"',
});
prepack.spawn(project.preCompileTask);
prepack.spawn(project.compileTask);
project.package.setScript('prepack', 'projen prepack');
project.tasks.tryFind('package:js')?.env('ARGOCD_PLATFORM_PREBUILT', '1');
// The bump runs commit-and-tag-version through npx in the release workflow (Node 22): not a devDependency,
// so `npm ci` on Node 20 prints no EBADENGINE warnings.
project.deps.removeDependency('commit-and-tag-version');
// Node 20.19+ (these machines and CI) and the current LTS lines.
project.package.addEngine('node', '^20.19.0 || ^22.12.0 || >=24.0.0');
// jsii prints an end-of-life banner on Node 20, cdk8s-cli an upgrade check (a stack trace offline).
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
project.tasks.addEnvironment('CDK8S_CHECK_UPGRADE', 'false');

project.synth();
