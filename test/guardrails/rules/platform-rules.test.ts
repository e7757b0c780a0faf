import { GuardrailOptions } from '../../../src';
import { GuardedObject, IPlatformRule, PlatformView } from '../../../src/guardrails/guardrail-rule';
import { NoRbac } from '../../../src/guardrails/rules/access/NoRbac';
import { ProductionProjectWriters } from '../../../src/guardrails/rules/access/ProductionProjectWriters';
import { platformRules } from '../../../src/guardrails/rules/index';
import { NoAlerts } from '../../../src/guardrails/rules/operations/NoAlerts';
import { NoBackup } from '../../../src/guardrails/rules/operations/NoBackup';
import { NoSyncFailureNotifications } from '../../../src/guardrails/rules/operations/NoSyncFailureNotifications';
import { RepositoryWithoutCredential, normalizeRepoUrl } from '../../../src/guardrails/rules/repositories/RepositoryWithoutCredential';
import { ChartValuesSecretLiteral } from '../../../src/guardrails/rules/secrets/ChartValuesSecretLiteral';
import { BranchPerEnvironment } from '../../../src/guardrails/rules/structure/BranchPerEnvironment';
import { EnvironmentWithoutRootApp } from '../../../src/guardrails/rules/structure/EnvironmentWithoutRootApp';

const options: GuardrailOptions = { maxSourcesPerApplication: 5, productionEnvironments: ['prod'] };
const object = (path: string, manifest: any, environment?: string): GuardedObject =>
  ({ path, manifest, context: { production: environment === 'prod', environment, options } });
const configMap = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'argocd' }, data });
const app = (name: string, path: string, targetRevision: string, extra: object = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name, namespace: 'argocd' },
  spec: { project: 'platform', source: { repoURL: 'git@github.com:civica/gitops-config.git', path, targetRevision, ...extra } },
});
const GITOPS = 'git@github.com:civica/gitops-config.git';
const project = (name: string, destinations: any[], policies: string[] = [], annotations: Record<string, string> = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name, namespace: 'argocd', annotations },
  spec: { destinations, roles: policies.length ? [{ name: 'lead', policies, groups: ['lead-group'] }] : undefined },
});
const productionProject = (policies: string[]) =>
  project('shop-prod', [{ name: 'aks-prod', namespace: 'shop-prod' }], policies, { 'argocd-platform/production-environments': 'prod' });
const view = (objects: GuardedObject[], capabilities: string[] = [], environments = [{ name: 'dev', production: false, outputPath: 'dist/dev', repoUrl: GITOPS }, { name: 'prod', production: true, outputPath: 'dist/prod', repoUrl: GITOPS }]): PlatformView =>
  ({ platformName: 'argocd', path: 'argocd', objects, environments, capabilities, options });

// Repository credentials as the platform renders them: ExternalSecrets whose target template carries the label and url.
const repoCreds = (name: string, url: string, type = 'repo-creds') => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name, namespace: 'argocd' },
  spec: { target: { name, template: { data: { type: 'git', url }, metadata: { labels: { 'argocd.argoproj.io/secret-type': type } } } } },
});
const teamApp = (repoURL: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'payments-apps-dev', namespace: 'argocd' },
  spec: { project: 'payments-team', source: { repoURL, path: 'dist/dev', targetRevision: 'main' } },
});
const sshCreds = object('argocd/Repos/GitHub', repoCreds('repo-creds-github-com-civica', 'git@github.com:civica'));

const CASES: Array<[IPlatformRule, { compliant: Array<[string, PlatformView]>; nonCompliant: Array<[string, PlatformView, RegExp]> }]> = [
  [ChartValuesSecretLiteral, {
    compliant: [
      ['settings and an existing Secret', { ...view([]), chartValues: { configs: { cm: { create: false } }, externalRedis: { existingSecret: 'redis-auth' } } }],
      ['no chart values (no SelfManagedArgo)', view([])],
    ],
    nonCompliant: [
      ['a literal Redis password', { ...view([]), chartValues: { externalRedis: { password: 'hunter2hunter2' } } }, /^chart value externalRedis.password holds a literal client secret or password/],
      ['a Slack token in a list', { ...view([]), chartValues: { notifications: { extraEnv: [{ name: 'SLACK', value: 'xoxb-1234567890-abcdefghij' }] } } }, /chart value notifications.extraEnv\[0\].value holds a Slack token/],
    ],
  }],
  [NoRbac, {
    compliant: [
      ['bindings in argocd-rbac-cm', view([object('argocd/cm', configMap('argocd-cm', {})), object('argocd/rbac', configMap('argocd-rbac-cm', { 'policy.csv': 'g, admins, role:admin\n' }))])],
      ['no Argo CD settings at all (nothing to judge)', view([])],
    ],
    nonCompliant: [
      ['an empty policy', view([object('argocd/cm', configMap('argocd-cm', {})), object('argocd/rbac', configMap('argocd-rbac-cm', { 'policy.csv': '', 'policy.default': '' }))]), /argocd-rbac-cm has no policy lines and no policy.default/],
      ['no argocd-rbac-cm', view([object('argocd/cm', configMap('argocd-cm', {}))]), /there is an argocd-cm but no argocd-rbac-cm/],
    ],
  }],
  [ProductionProjectWriters, {
    compliant: [
      ['leads sync the production project; admins write it', view([
        object('argocd/rbac', configMap('argocd-rbac-cm', { 'policy.csv': 'g, platform-team, role:admin\np, role:devs, applications, create, shop/*, allow\ng, devs, role:devs\n' })),
        object('argocd/shop-prod', productionProject(['p, proj:shop-prod:lead, applications, sync, shop-prod/*, allow'])),
        object('argocd/shop', project('shop', [{ server: 'https://kubernetes.default.svc', namespace: 'shop-dev' }])),
      ])],
      ['no production project (nothing declares production)', view([object('argocd/rbac', configMap('argocd-rbac-cm', { 'policy.csv': 'p, role:devs, applications, create, */*, allow\ng, devs, role:devs\n' }))])],
    ],
    nonCompliant: [
      ['a project role creating Applications in the production project', view([
        object('argocd/rbac', configMap('argocd-rbac-cm', { 'policy.csv': 'g, platform-team, role:admin\n' })),
        object('argocd/shop-prod', productionProject(['p, proj:shop-prod:lead, applications, create, shop-prod/*, allow'])),
      ]), /^lead-group may create Applications in production project shop-prod \(shop-prod on aks-prod\), through AppProject shop-prod: g, lead-group, proj:shop-prod:lead \| AppProject shop-prod: p, proj:shop-prod:lead, applications, create, shop-prod\/\*, allow$/],
      ['a hand-written project reaching the production namespace, updated by a global role', view([
        object('argocd/rbac', configMap('argocd-rbac-cm', { 'policy.csv': 'p, role:ci, applications, update, tools/*, allow\ng, ci, role:ci\n' })),
        object('argocd/shop-prod', productionProject([])),
        object('argocd/tools', project('tools', [{ name: 'aks-prod', namespace: '*' }])),
      ]), /^ci may update Applications in production project tools \(\* on aks-prod\)/],
    ],
  }],
  [EnvironmentWithoutRootApp, {
    compliant: [['a root app per environment', view([object('argocd/a', app('apps-dev', 'dist/dev', 'main')), object('argocd/b', app('apps-prod', 'dist/prod/', 'main'))])]],
    nonCompliant: [
      ['prod without a root app', view([object('argocd/a', app('apps-dev', 'dist/dev', 'main'))]), /^environment prod has no root Application reading dist\/prod of git@github.com:civica\/gitops-config.git$/],
      // A team repository's root apps read dist/<env> of the team's repository: they apply nothing of the platform's folder.
      ['root apps of a team repository only', view([
        object('argocd/a', app('apps-dev', 'dist/dev', 'main', { repoURL: 'https://github.com/civica/payments-apps.git' })),
        object('argocd/b', app('apps-prod', 'dist/prod', 'main', { repoURL: 'https://github.com/civica/payments-apps.git' })),
      ]), /^environment dev has no root Application reading dist\/dev of git@github.com:civica\/gitops-config.git$/],
      ['no GitOps repository', view([], [], [{ name: 'dev', production: false, outputPath: undefined as any, repoUrl: undefined as any }]), /environment dev has no root Application \(the platform has no GitOps repository/],
    ],
  }],
  [BranchPerEnvironment, {
    compliant: [
      ['one branch, a folder per environment', view([object('dev/a', app('api-dev', 'apps/api/overlays/dev', 'main'), 'dev'), object('prod/a', app('api-prod', 'apps/api/overlays/prod', 'main'), 'prod')])],
      ['one path from one branch in every environment', view([object('dev/a', app('api-dev', 'apps/api', 'main'), 'dev'), object('prod/a', app('api-prod', 'apps/api', 'main'), 'prod')])],
      ['a chart at different versions', view([object('dev/a', app('api-dev', 'x', '1.2.0', { chart: 'api' }), 'dev'), object('prod/a', app('api-prod', 'x', '1.1.0', { chart: 'api' }), 'prod')])],
    ],
    nonCompliant: [[
      'one path, a branch per environment',
      view([object('dev/a', app('api-dev', 'apps/api', 'develop'), 'dev'), object('prod/a', app('api-prod', 'apps/api', 'release'), 'prod')]),
      /git@github.com:civica\/gitops-config.git path "apps\/api" is deployed from develop in dev, release in prod/,
    ]],
  }],
  [RepositoryWithoutCredential, {
    compliant: [
      ['the SSH URL under the SSH repo-creds prefix', view([sshCreds, object('argocd/Team/Root', teamApp('git@github.com:civica/payments-apps.git'))])],
      ['an https URL with an https repository Secret (exact URL, any case, .git or not)', view([
        object('argocd/Repos/A', repoCreds('repo-a', 'https://github.com/civica/payments-apps', 'repository')), object('argocd/Team/Root', teamApp('https://GitHub.com/civica/payments-apps.git')),
      ])],
      ['a public repository of another owner on the same host (argoproj)', view([sshCreds, object('argocd/Crds', teamApp('https://github.com/argoproj/argo-cd.git'))])],
      ['no credentials at all (public repositories)', view([object('argocd/Team/Root', teamApp('https://github.com/civica/payments-apps.git'))])],
    ],
    nonCompliant: [
      ['the https URL while the only credential for github.com/civica is SSH', view([sshCreds, object('argocd/Team/Root', teamApp('https://github.com/civica/payments-apps.git'))]),
        /^Application argocd\/payments-apps-dev spec.source.repoURL is https:\/\/github.com\/civica\/payments-apps.git, which no repository credential matches; the credentials for github.com\/civica are git@github.com:civica \(repo-creds, ExternalSecret argocd\/repo-creds-github-com-civica\): use git@github.com:civica\/payments-apps.git, or add a credential for https:\/\/github.com\/civica\/payments-apps.git \(a public repository needs none\)$/],
      ['an AppProject source repository', view([sshCreds, object('argocd/Team', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'payments-team', namespace: 'argocd' },
        spec: { sourceRepos: ['git@github.com:civica/gitops-config.git', 'https://github.com/civica/payments-apps.git'] },
      })]), /^AppProject argocd\/payments-team spec.sourceRepos\[1\] is https:\/\/github.com\/civica\/payments-apps.git/],
    ],
  }],
  [NoAlerts, { compliant: [['alerts provided', view([], ['alerts'])]], nonCompliant: [['no alerts', view([], ['sso']), /no construct provides the alerts capability/]] }],
  [NoSyncFailureNotifications, { compliant: [['notifications provided', view([], ['notifications'])]], nonCompliant: [['no notifications', view([]), /notifications capability/]] }],
  [NoBackup, { compliant: [['backup provided', view([], ['backup'])]], nonCompliant: [['no backup', view([], ['alerts', 'notifications']), /backup capability/]] }],
];

describe('platform rules: each has a compliant and a non-compliant case', () => {
  test('every platform rule of the pack is covered here', () => {
    expect(CASES.map(([rule]) => rule.id).sort()).toEqual(platformRules().map(r => r.id).sort());
  });

  describe.each(CASES.map(([rule, c]) => [`${rule.id} ${rule.name}`, rule, c] as const))('%s', (_name, rule, c) => {
    test.each(c.compliant)('compliant: %s', (_what, platform) => {
      expect(rule.evaluate(platform)).toEqual([]);
    });
    test.each(c.nonCompliant)('non-compliant: %s', (_what, platform, detail) => {
      const violations = rule.evaluate(platform);
      expect(violations.length).toBeGreaterThan(0);
      expect(violations.some(v => detail.test(v.detail))).toBe(true);
    });
  });

  test('repository without credential: names the construct path, compares URLs as Argo CD does (argo-cd v3.5.1 util/git/git.go NormalizeGitURL; util/db/repository_secrets.go prefix match)', () => {
    const violations = RepositoryWithoutCredential.evaluate(view([sshCreds, object('argocd/Team/Root', teamApp('https://github.com/civica/payments-apps.git'))]));
    expect(violations.map(v => v.path)).toEqual(['argocd/Team/Root']);
    expect(normalizeRepoUrl('git@github.com:Civica/Payments-Apps.git')).toBe('ssh://git@github.com/civica/payments-apps');
    expect(normalizeRepoUrl('https://github.com/civica/payments-apps.git/')).toBe('https://github.com/civica/payments-apps');
    // An SSH repo-creds prefix never matches the https form of the same repository.
    expect(normalizeRepoUrl('https://github.com/civica/payments-apps.git').startsWith(normalizeRepoUrl('git@github.com:civica'))).toBe(false);
    // A plain Secret with base64 data (as `kubectl get -o yaml` shows it) counts too.
    const secret = object('argocd/Repos/Plain', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'repo', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'repo-creds' } },
      data: { url: Buffer.from('https://github.com/civica').toString('base64') },
    });
    expect(RepositoryWithoutCredential.evaluate(view([secret, object('argocd/Team/Root', teamApp('https://github.com/civica/payments-apps.git'))]))).toEqual([]);
    expect(RepositoryWithoutCredential.evaluate(view([secret, object('argocd/Team/Root', teamApp('git@github.com:civica/payments-apps.git'))]))[0].detail)
      .toMatch(/use https:\/\/github.com\/civica\/payments-apps.git, or add a credential/);
  });

  test('branch per environment points at every Application involved', () => {
    const violations = BranchPerEnvironment.evaluate(view([object('dev/a', app('api-dev', 'apps/api', 'develop'), 'dev'), object('prod/a', app('api-prod', 'apps/api', 'release'), 'prod')]));
    expect(violations.map(v => v.path)).toEqual(['dev/a', 'prod/a']);
  });
});
