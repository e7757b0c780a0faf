import * as fs from 'fs';
import { parse } from 'yaml';
import { ArgoScaleProfile, SelfManagedArgo } from '../../src';
import { CHART_ARGOCD_CM_DEFAULTS, CHART_RBAC_CM_DEFAULTS, cmdParamsPresets } from '../../src/platform/chart-presets';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';
import { describeIfReference, referencePath } from '../helpers/reference';

/**
 * The settings objects the platform owns keep what the pinned chart (argo-helm charts/argo-cd 10.1.1)
 * would have rendered into them:
 * - argocd-cm: templates/argocd-configs/argocd-cm.yaml renders `argo-cd.config.cm` (templates/_helpers.tpl):
 *   values.yaml `configs.cm` without create/annotations, each value `toString`, empty values skipped;
 * - argocd-rbac-cm: templates/argocd-configs/argocd-rbac-cm.yaml renders `configs.rbac` without create/annotations;
 * - argocd-cmd-params-cm: templates/argocd-configs/argocd-cmd-params-cm.yaml renders `argo-cd.config.params`:
 *   the presets of `argo-cd.config.params.presets` overwritten by `configs.params`.
 * Helm is not installable here (no Debian package), so the template logic is checked case by case
 * against hand-derived expectations, and the preset keys against the template text itself.
 */
const CHART = ['upstream', 'argo-helm-argo-cd-10.1.1'];
const chartFile = (...parts: string[]) => fs.readFileSync(referencePath(...CHART, ...parts), 'utf8');

/** Sprig toString of a YAML scalar as Helm reads it. */
const toStr = (v: unknown) => (typeof v === 'string' ? v : String(v));

describeIfReference('chart presets and defaults (argo-helm argo-cd 10.1.1)', () => {
  const values = parse(chartFile('values.yaml'));
  const helpers = chartFile('templates', '_helpers.tpl');

  test('argocd-cm defaults are values.yaml configs.cm as the template renders them (toString, empty skipped)', () => {
    const { create, annotations, ...cm } = values.configs.cm;
    const rendered = Object.fromEntries(Object.entries(cm).map(([k, v]) => [k, toStr(v)]).filter(([, v]) => v !== ''));
    // resource.exclusions is rendered from DEFAULT_RESOURCE_EXCLUSIONS (compared in resource-exclusions.test.ts).
    delete rendered['resource.exclusions'];
    expect(CHART_ARGOCD_CM_DEFAULTS).toEqual(rendered);
    expect(create).toBe(true);
    expect(annotations).toEqual({});
  });

  test('argocd-rbac-cm defaults are values.yaml configs.rbac (templates/argocd-configs/argocd-rbac-cm.yaml: toYaml)', () => {
    const { create, annotations, ...rbac } = values.configs.rbac;
    expect(CHART_RBAC_CM_DEFAULTS).toEqual(rbac);
  });

  test('the preset keys are exactly those _helpers.tpl argo-cd.config.params.presets sets', () => {
    const block = /define "argo-cd\.config\.params\.presets"([\s\S]*?)\{\{- end -\}\}\n\n/.exec(helpers)![1];
    const fixed = [...block.matchAll(/set \$presets "([^"]+)"/g)].map(m => m[1]);
    const components = /range \$component := tuple ((?:"[a-z]+" ?)+)/.exec(block)![1].match(/[a-z]+/g)!;
    const templated = [...block.matchAll(/printf "%s\.([a-z.]+)" \$component/g)].map(m => m[1]);
    const expected = [...fixed, ...components.flatMap(c => templated.map(t => `${c}.${t}`))].sort();
    const all = cmdParamsPresets({ dex: { enabled: true }, commitServer: { enabled: true } }, {});
    expect(Object.keys(all).sort()).toEqual(expected);
  });

  test('defaults of values.yaml: the repo-server, argocd-redis, Dex over https, one ApplicationSet controller', () => {
    expect(cmdParamsPresets({}, {})).toEqual({
      'repo.server': 'argocd-repo-server:8081',
      'server.repo.server.strict.tls': 'false',
      'redis.server': 'argocd-redis:6379',
      'applicationsetcontroller.enable.leader.election': 'false',
      'server.dex.server': 'https://argocd-dex-server:5556',
      'server.dex.server.strict.tls': 'false',
      ...Object.fromEntries(['applicationsetcontroller', 'controller', 'server', 'reposerver', 'notificationscontroller', 'dexserver', 'commitserver']
        .flatMap(c => [[`${c}.log.format`, 'text'], [`${c}.log.level`, 'info']])),
    });
  });

  test('redis-ha: the HAProxy Service of the redis-ha subchart (<release>-redis-ha-haproxy), or nothing without HAProxy', () => {
    // argo-cd.redis.fullname / argo-cd.redis.server; redis-ha.fullname is `<release>-redis-ha` (DandyDeveloper/charts redis-ha _helpers.tpl).
    expect(cmdParamsPresets({ 'redis-ha': { enabled: true } }, {})['redis.server']).toBe('argocd-redis-ha-haproxy:6379');
    expect(cmdParamsPresets({ 'redis-ha': { enabled: true, haproxy: { enabled: false } } }, {})['redis.server']).toBe('');
    expect(cmdParamsPresets({ redis: { enabled: false }, externalRedis: { host: 'redis.example.org', port: 6380 } }, {})['redis.server']).toBe('redis.example.org:6380');
    expect(cmdParamsPresets({ 'redis-ha': { enabled: true, fullnameOverride: 'cache' } }, {})['redis.server']).toBe('cache-haproxy:6379');
  });

  test('leader election whenever the ApplicationSet controller runs more than one replica (replicas, else replicaCount)', () => {
    expect(cmdParamsPresets({ applicationSet: { replicas: 2 } }, {})['applicationsetcontroller.enable.leader.election']).toBe('true');
    expect(cmdParamsPresets({ applicationSet: { replicas: 1 } }, {})['applicationsetcontroller.enable.leader.election']).toBe('false');
    expect(cmdParamsPresets({ applicationSet: { replicas: null, replicaCount: 3 } }, {})['applicationsetcontroller.enable.leader.election']).toBe('true');
  });

  test('Dex off: no Dex keys; dexserver.disable.tls makes it http; commit server; fullnameOverride renames every Service', () => {
    const noDex = cmdParamsPresets({ dex: { enabled: false } }, {});
    expect(noDex['server.dex.server']).toBeUndefined();
    expect(noDex['server.dex.server.strict.tls']).toBeUndefined();
    expect(cmdParamsPresets({}, { 'dexserver.disable.tls': 'true' })['server.dex.server']).toBe('http://argocd-dex-server:5556');
    expect(cmdParamsPresets({ commitServer: { enabled: true } }, {})['commit.server']).toBe('argocd-commit-server:8086');
    const renamed = cmdParamsPresets({ fullnameOverride: 'gitops' }, {});
    expect([renamed['repo.server'], renamed['redis.server'], renamed['server.dex.server']]).toEqual(['gitops-repo-server:8081', 'gitops-redis:6379', 'https://gitops-dex-server:5556']);
    expect(cmdParamsPresets({ global: { logging: { format: 'json', level: 'warn' } } }, {})['controller.log.format']).toBe('json');
  });

  test('the HA profile\'s platform: argocd-cmd-params-cm points at the redis-ha HAProxy and elects an ApplicationSet leader; the platform\'s own keys win', () => {
    const { app, platform } = newPlatform({ commandParameters: { 'server.log.level': 'debug' } });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoScaleProfile(platform, 'Scale');
    const out = renderParsed(app);
    const params = out['argocd/configmap-argocd-cmd-params-cm.yaml'].data;
    const chartValues = out['argocd.values.yaml'];
    expect(chartValues['redis-ha'].enabled).toBe(true);
    expect(chartValues.applicationSet.replicas).toBe(2);
    expect(params['redis.server']).toBe('argocd-redis-ha-haproxy:6379');
    expect(params['applicationsetcontroller.enable.leader.election']).toBe('true');
    expect(params['server.log.level']).toBe('debug');
    expect(params['controller.log.level']).toBe('info');
    // Dex is off (no dex.config): no Dex endpoint.
    expect(chartValues.dex.enabled).toBe(false);
    expect(params['server.dex.server']).toBeUndefined();
    // The hash on the pods covers the presets.
    expect(chartValues.server.podAnnotations['argocd-platform.cdk8s.io/checksum-cmd-params']).toBe(platform.settingsHash('argocd-cmd-params-cm' as any));
  });

  test('extra chart values count too: three ApplicationSet replicas through extraValues elect a leader', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', extraValues: { applicationSet: { replicas: 3 }, global: { logging: { format: 'json' } } } });
    const params = renderParsed(app)['argocd/configmap-argocd-cmd-params-cm.yaml'].data;
    expect(params['applicationsetcontroller.enable.leader.election']).toBe('true');
    expect(params['server.log.format']).toBe('json');
  });

  test('the platform\'s argocd-cm and argocd-rbac-cm hold every chart default they do not deliberately override', () => {
    const { app } = newPlatform();
    const out = renderParsed(app);
    const cm = out['argocd/configmap-argocd-cm.yaml'].data;
    for (const [key, value] of Object.entries(CHART_ARGOCD_CM_DEFAULTS)) expect(cm[key]).toBe(value);
    const rbac = out['argocd/configmap-argocd-rbac-cm.yaml'].data;
    expect(Object.keys(rbac).sort()).toEqual(Object.keys(CHART_RBAC_CM_DEFAULTS).sort());
  });
}, ...CHART);
