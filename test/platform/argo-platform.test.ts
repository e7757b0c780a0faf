import { Construct } from 'constructs';
import { ArgoPlatform, PolicyMatchMode, SettingsConfigMap } from '../../src';
import { findObject, renderObjects, testApp } from '../helpers/synth';

const ENVIRONMENTS = [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true }];

describe('ArgoPlatform', () => {
  test('owns argocd-cm, argocd-rbac-cm and argocd-cmd-params-cm, labelled and in its namespace', () => {
    const app = testApp();
    new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: ENVIRONMENTS, namespace: 'gitops' });

    for (const name of ['argocd-cm', 'argocd-rbac-cm', 'argocd-cmd-params-cm']) {
      const cm = findObject(app, 'ConfigMap', name);
      expect(cm.metadata).toEqual({
        name,
        namespace: 'gitops',
        labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'argocd' },
      });
    }
    const argocdCm = findObject(app, 'ConfigMap', 'argocd-cm').data;
    // The chart's configs.cm defaults stay (test/platform/chart-presets.test.ts compares them with the pinned chart).
    expect(Object.keys(argocdCm)).toEqual(expect.arrayContaining(['resource.exclusions', 'url', 'resource.customizations.ignoreResourceUpdates.all', 'timeout.reconciliation']));
    expect(argocdCm.url).toBe('https://argocd.example.com');
  });

  test('a commandParameters value the output cannot carry is refused at the prop, not at argocd-cmd-params-cm', () => {
    expect(() => new ArgoPlatform(testApp(), 'argocd', {
      url: 'https://argocd.example.com', environments: ENVIRONMENTS, commandParameters: { 'server.log.level': 'debug\u0007' },
    })).toThrow(new Error('[argocd] commandParameters.server.log.level: must not contain U+0007 (got "debug\\u0007")'));
  });

  test('argocd-rbac-cm defaults to least privilege with scopes as a list literal', () => {
    const app = testApp();
    new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: ENVIRONMENTS });
    expect(findObject(app, 'ConfigMap', 'argocd-rbac-cm').data).toEqual({
      'policy.csv': '',
      'policy.default': '',
      'policy.matchMode': 'glob',
      'scopes': '[groups]',
    });
  });

  test('rbac options render policy.default, scopes and matchMode', () => {
    const app = testApp();
    new ArgoPlatform(app, 'argocd', {
      url: 'https://argocd.example.com',
      environments: ENVIRONMENTS,
      rbac: { policyDefault: 'role:readonly', scopes: ['groups', 'email'], matchMode: PolicyMatchMode.GLOB },
    });
    const data = findObject(app, 'ConfigMap', 'argocd-rbac-cm').data;
    expect(data['policy.default']).toBe('role:readonly');
    expect(data.scopes).toBe('[groups, email]');
    expect(data['policy.matchMode']).toBe('glob');
  });

  test('policy.default must name a role that exists; e-mail subjects need an e-mail claim in scopes', () => {
    const app = testApp();
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: ENVIRONMENTS, rbac: { policyDefault: 'role:viewer' } });
    platform.rbac.bind('alice@civica.com', 'role:readonly');
    expect(() => app.render()).toThrow(/\[argocd\] rbac.policyDefault: no such role; define it in platform.rbac or use one of role:readonly, role:admin \(got "role:viewer"\)/);
    expect(() => app.render()).toThrow(/\[argocd\] rbac.bind: an e-mail subject never matches with scopes \[groups\]: Entra's token subject is an opaque id; .*\(got "alice@civica.com"\)/);

    platform.rbac.addRole('viewer', [{ resource: 'applications', action: 'get', object: '*/*' }]);
    const withEmail = testApp();
    const ok = new ArgoPlatform(withEmail, 'argocd', { url: 'https://argocd.example.com', environments: ENVIRONMENTS, rbac: { scopes: ['groups', 'email'] } });
    ok.rbac.bind('alice@civica.com', 'role:readonly');
    expect(() => withEmail.render()).not.toThrow();
  });

  test('lays out one folder per chart: dist/<platform>/ and dist/<env>/, each with a kustomization', () => {
    const app = testApp();
    new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: ENVIRONMENTS });
    const files = Object.keys(app.render());
    expect(files).toEqual(expect.arrayContaining([
      'argocd/configmap-argocd-cm.yaml',
      'argocd/kustomization.yaml',
      'dev/kustomization.yaml',
      'staging/kustomization.yaml',
      'prod/kustomization.yaml',
    ]));
    const kustomization = renderObjects(app)['argocd/kustomization.yaml'];
    expect(kustomization.kind).toBe('Kustomization');
    expect(kustomization.resources).toEqual([...kustomization.resources].sort());
    expect(kustomization.resources).toContain('configmap-argocd-rbac-cm.yaml');
  });

  test('one ArgoPlatform per cluster reads naturally: each with a single environment', () => {
    const app = testApp();
    const dev = new ArgoPlatform(app, 'argocd-dev', { url: 'https://argocd.dev.example.com', environments: [{ name: 'dev' }] });
    const prod = new ArgoPlatform(app, 'argocd-prod', { url: 'https://argocd.prod.example.com', environments: [{ name: 'prod', production: true }] });
    expect(dev.environments.map(e => e.environmentName)).toEqual(['dev']);
    expect(prod.environment('prod').production).toBe(true);
    expect(Object.keys(app.render()).filter(f => f.endsWith('kustomization.yaml')).sort())
      .toEqual(['argocd-dev/kustomization.yaml', 'argocd-prod/kustomization.yaml', 'dev/kustomization.yaml', 'prod/kustomization.yaml']);
  });

  test('environments carry the production flag, destination and namespace convention', () => {
    const app = testApp();
    const platform = new ArgoPlatform(app, 'argocd', {
      url: 'https://argocd.example.com',
      environments: [
        { name: 'dev', cluster: { name: 'aks-dev' } },
        { name: 'prod', production: true, cluster: { server: 'https://aks-prod.hcp.westeurope.azmk8s.io:443' }, namespacePattern: '{env}-{team}' },
      ],
    });
    expect(platform.environment('dev').cluster).toEqual({ name: 'aks-dev' });
    expect(platform.environment('dev').production).toBe(false);
    expect(platform.environment('dev').namespaceFor('payments')).toBe('payments-dev');
    expect(platform.environment('prod').namespaceFor('payments')).toBe('prod-payments');
    expect(platform.environment('prod').cluster).toEqual({ server: 'https://aks-prod.hcp.westeurope.azmk8s.io:443' });
  });

  test('two contributions of one key with different values fail the synth naming both construct paths', () => {
    const app = testApp();
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: ENVIRONMENTS });
    const a = new Construct(platform, 'TeamA');
    const b = new Construct(platform.environment('dev'), 'TeamB');
    ArgoPlatform.platformOf(a).settings.set(a, SettingsConfigMap.ARGOCD_CM, 'timeout.reconciliation', '180s');
    ArgoPlatform.platformOf(b).settings.set(b, SettingsConfigMap.ARGOCD_CM, 'timeout.reconciliation', '60s');
    expect(() => app.render()).toThrow(
      '  [dev/TeamB] argocd-cm timeout.reconciliation: set to "60s" here and to "180s" by [argocd/TeamA]; Argo CD reads one value: make them agree, or set it in one place');
  });

  test('the same value contributed twice is not a conflict', () => {
    const app = testApp();
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: ENVIRONMENTS });
    platform.settings.set(platform, SettingsConfigMap.ARGOCD_CM, 'exec.enabled', 'false');
    platform.settings.set(platform.environment('prod'), SettingsConfigMap.ARGOCD_CM, 'exec.enabled', 'false');
    expect(findObject(app, 'ConfigMap', 'argocd-cm').data['exec.enabled']).toBe('false');
    expect(platform.settings.contributorsOf(SettingsConfigMap.ARGOCD_CM, 'exec.enabled')).toEqual(['argocd', 'prod']);
  });

  test('list-valued keys collect items from many constructs, sorted and de-duplicated', () => {
    const app = testApp();
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: ENVIRONMENTS });
    const a = new Construct(platform, 'TeamA');
    const b = new Construct(platform.environment('dev'), 'TeamB');
    platform.settings.addToList(a, SettingsConfigMap.CMD_PARAMS_CM, 'application.namespaces', 'payments-dev', ',');
    platform.settings.addToList(b, SettingsConfigMap.CMD_PARAMS_CM, 'application.namespaces', 'orders-dev', ',');
    platform.settings.addToList(b, SettingsConfigMap.CMD_PARAMS_CM, 'application.namespaces', 'payments-dev', ',');
    expect(findObject(app, 'ConfigMap', 'argocd-cmd-params-cm').data['application.namespaces']).toBe('orders-dev,payments-dev');
    expect(platform.settings.contributorsOf(SettingsConfigMap.CMD_PARAMS_CM, 'application.namespaces')).toEqual(['argocd/TeamA', 'dev/TeamB']);

    expect(() => platform.settings.addToList(a, SettingsConfigMap.CMD_PARAMS_CM, 'application.namespaces', 'a,b', ','))
      .toThrow(/\[argocd\/TeamA\] argocd-cmd-params-cm application.namespaces: list items must be non-empty, on one line and free of "," \(got "a,b"\)/);

    platform.settings.set(platform, SettingsConfigMap.CMD_PARAMS_CM, 'application.namespaces', '*');
    expect(() => app.render()).toThrow('  [argocd] argocd-cmd-params-cm application.namespaces: set whole here, but it is a list that [argocd/TeamA, dev/TeamB] add items to; add an item instead of setting the whole value');
  });

  test('policy.csv cannot be set around platform.rbac', () => {
    const app = testApp();
    const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: ENVIRONMENTS });
    platform.settings.set(platform.environment('dev'), SettingsConfigMap.RBAC_CM, 'policy.csv', 'p, x, applications, get, */*, allow');
    expect(() => app.render()).toThrow(/\[dev\] settings: argocd-rbac-cm policy.csv is rendered from platform.rbac/);
  });

  test('platformOf fails clearly outside a platform', () => {
    const app = testApp();
    const orphan = new Construct(app, 'Orphan');
    expect(() => ArgoPlatform.platformOf(orphan)).toThrow(/\[Orphan\] is not inside an ArgoPlatform/);
  });

  describe('bad input names the construct path, the field and the value', () => {
    const cases: Array<[string, any, RegExp]> = [
      ['http URL', { url: 'http://argocd.example.com' }, /\[argocd\] url: plain http:\/\/ would send the credentials in clear text; use https:\/\/ \(got "http:\/\/argocd.example.com"\)/],
      ['no environments', { environments: [] }, /\[argocd\] environments: at least one environment is required/],
      ['bad environment name', { environments: [{ name: 'Prod' }] }, /\[argocd\/environments\] name: must be a DNS-1123 label .*\(got "Prod"\)/],
      ['duplicate environment', { environments: [{ name: 'dev' }, { name: 'dev' }] }, /\[argocd\] environments: environment names must be unique \(got "dev"\)/],
      ['floating version', { argoCdVersion: 'latest' }, /\[argocd\] argoCdVersion: must be an exact release such as v3.5.1 \(got "latest"\)/],
      ['bad namespace', { namespace: 'Argo CD' }, /\[argocd\] namespace: must be a DNS-1123 label .*\(got "Argo CD"\)/],
      ['everyone as admin', { rbac: { policyDefault: 'role:admin' } }, /\[argocd\] rbac.policyDefault: would make everyone who can log in \(the whole Entra ID tenant\) an Argo CD admin/],
      ['a default role without the role: prefix', { rbac: { policyDefault: 'readonly' } }, /\[argocd\] rbac.policyDefault: must be a role name such as role:readonly .*\(got "readonly"\)/],
      ['regex match mode', { rbac: { matchMode: PolicyMatchMode.REGEX } }, /\[argocd\] rbac.matchMode: only glob is supported: .*\(got "regex"\)/],
      ['scopes as a bare claim with a comma', { rbac: { scopes: ['groups,email'] } }, /\[argocd\] rbac.scopes: .*\(got "groups,email"\)/],
      ['a namespace pattern without {team}', { environments: [{ name: 'dev', namespacePattern: 'shared' }] }, /\[argocd\] environments\[0\]\.namespacePattern: must contain \{team\}/],
      ['an http cluster', { environments: [{ name: 'dev', cluster: { server: 'http://10.0.0.1' } }] }, /\[argocd\] environments\[0\]\.cluster.server: must be the https:\/\/ URL/],
      ['gitOps HEAD', { gitOps: { repoUrl: 'git@github.com:civica/gitops.git', targetRevision: 'HEAD' } }, /\[argocd\] gitOps.targetRevision: .*\(got "HEAD"\)/],
    ];
    test.each(cases)('%s', (_name, override, message) => {
      const app = testApp();
      expect(() => new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: ENVIRONMENTS, ...override }))
        .toThrow(message);
    });
  });
});
