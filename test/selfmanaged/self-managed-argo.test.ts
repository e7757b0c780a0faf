import * as fs from 'fs';
import { parse } from 'yaml';
import { ArgoCrds, ArgoPlatform, ArgoSSO, HelmValuesDelivery, SecretSource, SelfManagedArgo, SettingsConfigMap } from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';
import { describeIfReference, referencePath } from '../helpers/reference';

const TENANT = '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f';
const CLIENT = '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d';
const COMPONENTS = ['applicationSet', 'controller', 'notifications', 'repoServer', 'server'];

/** What every component gets: its metrics Service (ServiceMonitors are ArgoScraping's), and the hash of argocd-cmd-params-cm that rolls its pods. */
function metricsOn(platform: ArgoPlatform) {
  return {
    metrics: { enabled: true },
    podAnnotations: { 'argocd-platform.cdk8s.io/checksum-cmd-params': platform.settingsHash(SettingsConfigMap.CMD_PARAMS_CM) },
  };
}

describe('SelfManagedArgo', () => {
  test('renders the argocd Application: chart 10.1.1 plus a $values ref source, project platform, SSA, self-heal, no prune, no finalizer', () => {
    // GIVEN
    const { app, platform } = newPlatform();
    // WHEN
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    const files = renderParsed(app);
    // THEN
    expect(files['argocd/application-argocd.yaml']).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'argocd', namespace: 'argocd' },
      spec: {
        project: 'platform',
        sources: [
          {
            repoURL: 'https://argoproj.github.io/argo-helm',
            chart: 'argo-cd',
            targetRevision: '10.1.1',
            helm: { releaseName: 'argocd', valueFiles: ['$values/dist/argocd.values.yaml'] },
          },
          { repoURL: 'git@github.com:civica/gitops-config.git', targetRevision: 'main', ref: 'values' },
        ],
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        syncPolicy: { automated: { selfHeal: true, prune: false }, syncOptions: ['ServerSideApply=true'] },
      },
    });
    expect(files['argocd/appproject-platform.yaml'].spec.sourceRepos).toEqual([
      'git@github.com:civica/gitops-config.git', 'https://argoproj.github.io/argo-helm', 'https://github.com/argoproj/argo-cd.git',
    ]);
  });

  test('CRDs at the image\'s release: the chart\'s are off, an Application syncs Argo CD\'s manifests/crds at the image tag, never pruned or deleted', () => {
    const { app, platform } = newPlatform();
    const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    const files = renderParsed(app);
    // argo-helm argo-cd 10.1.1 templates/crds/crd-*.yaml render only `if .Values.crds.install` (values.yaml: install true, keep true).
    expect(files['argocd.values.yaml'].crds).toEqual({ install: false, keep: true });
    expect(files['argocd/application-argocd-crds.yaml']).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'argocd-crds', namespace: 'argocd' },
      spec: {
        project: 'platform',
        source: {
          repoURL: 'https://github.com/argoproj/argo-cd.git',
          targetRevision: 'v3.5.1',
          // argo-cd v3.5.1 manifests/crds/kustomization.yaml lists the three CRDs; the annotation reaches each of them.
          path: 'manifests/crds',
          kustomize: { commonAnnotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false,Delete=false' } },
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        syncPolicy: { automated: { selfHeal: true, prune: false }, syncOptions: ['ServerSideApply=true'] },
      },
    });
    expect(files['argocd/application-argocd-crds.yaml'].metadata.finalizers).toBeUndefined();
    expect(selfManaged.crdsCommand()).toBe('kubectl apply --server-side -k "https://github.com/argoproj/argo-cd/manifests/crds?ref=v3.5.1"');
  });

  test('the chart\'s CRDs only when they are the image\'s release: chart 10.1.1 ships v3.4.4 CRDs, the image is v3.5.1', () => {
    const { platform } = newPlatform();
    expect(() => new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', crds: ArgoCrds.CHART }))
      .toThrow('[argocd/SelfManaged] crds: chart 10.1.1 installs the CRDs of Argo CD v3.4.4, but the image is v3.5.1: the API server would drop the fields the newer release writes; '
        + 'use ArgoCrds.IMAGE_RELEASE (the CRDs of the image\'s release) or a chart whose appVersion is the image\'s (got "chart")');
    const { app, platform: same } = newPlatform({ argoCdVersion: 'v3.4.4' });
    const selfManaged = new SelfManagedArgo(same, 'SelfManaged', { chartVersion: '10.1.1', crds: ArgoCrds.CHART });
    const files = renderParsed(app);
    expect(files['argocd.values.yaml'].crds).toEqual({ install: true, keep: true });
    expect(files['argocd/application-argocd-crds.yaml']).toBeUndefined();
    expect(selfManaged.crdsCommand()).toBeUndefined();
    expect(() => new SelfManagedArgo(newPlatform().platform, 'S', { chartVersion: '10.1.1', extraValues: { crds: { keep: false } } }))
      .toThrow('[argocd/S] extraValues.crds.keep: deleting the Application CRD deletes every Application: the CRDs are always kept (got false)');
  });

  test('generates the values from the platform: image pinned to the target release, settings ConfigMaps owned by the platform, metrics everywhere, no Dex', () => {
    const { platform } = newPlatform();
    const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    expect(selfManaged.values()).toEqual({
      configs: {
        cm: { create: false },
        params: { create: false },
        rbac: { create: false },
        secret: { createSecret: true },
        ssh: { create: false },
        tls: { create: false },
      },
      crds: { install: false, keep: true },
      dex: { enabled: false },
      global: { domain: 'argocd.example.org', image: { tag: 'v3.5.1' } },
      ...Object.fromEntries(COMPONENTS.map(c => [c, metricsOn(platform)])),
    });
  });

  test('an ArgoSSO with workload identity, even one added later, switches Dex off and labels argocd-server', () => {
    const { platform } = newPlatform();
    const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoSSO(platform, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, useWorkloadIdentity: true });
    const values = selfManaged.values();
    expect(values.dex).toEqual({ enabled: false });
    expect(values.server).toEqual({
      ...metricsOn(platform),
      podLabels: { 'azure.workload.identity/use': 'true' },
      serviceAccount: { annotations: { 'azure.workload.identity/client-id': CLIENT } },
    });
  });

  test('an ArgoSSO with a client secret switches Dex off without workload identity', () => {
    const { platform } = newPlatform();
    new ArgoSSO(platform.environment('dev'), 'AzureAD', {
      tenantId: TENANT, clientId: CLIENT, clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'oidc' }),
    });
    const values = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' }).values();
    expect(values.dex).toEqual({ enabled: false });
    expect(values.server).toEqual(metricsOn(platform));
  });

  test('Dex runs only when argocd-cm has a dex.config; dex.config next to ArgoSSO fails the synth', () => {
    const { app, platform } = newPlatform();
    const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    platform.settings.set(platform, SettingsConfigMap.ARGOCD_CM, 'dex.config', 'connectors: []\n');
    expect(selfManaged.values().dex).toEqual({ enabled: true });
    new ArgoSSO(platform, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, useWorkloadIdentity: true });
    expect(() => app.render()).toThrow('[argocd/AzureAD] chart value dex.enabled: set to false here and to true by [argocd/SelfManaged]; the release has one value: make them agree, or set it in one place');
  });

  test('serviceMonitorLabels is refused with a pointer to ArgoScraping, which owns the ServiceMonitors', () => {
    const { platform } = newPlatform();
    expect(() => new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', serviceMonitorLabels: { release: 'kube-prometheus-stack' } }))
      .toThrow('[argocd/SelfManaged] serviceMonitorLabels: ServiceMonitors are configured by ArgoScraping; use `new ArgoScraping(platform, \'Scraping\', { labels: {...} })` instead (got {"release":"kube-prometheus-stack"})');
  });

  test('writes dist/<platform>.values.yaml for the first helm install, identical to the values the Application uses', () => {
    const { app, platform } = newPlatform();
    const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', valuesDelivery: HelmValuesDelivery.VALUES_OBJECT });
    const files = app.render();
    const text = files['argocd.values.yaml'];
    expect(text.split('\n').slice(0, 4)).toEqual([
      '# Values of the argo-cd chart 10.1.1 for the Argo CD platform "argocd".',
      '# Generated by cdk8s-argocd-platform from the typed platform: change the code, not this file.',
      '# Argo CD image v3.5.1; settings ConfigMaps come from the platform folder, not the chart.',
      '# First install: helm install argocd argo-cd --repo https://argoproj.github.io/argo-helm --version 10.1.1 --namespace argocd --create-namespace -f dist/argocd.values.yaml',
    ]);
    expect(selfManaged.bootstrapCommand()).toBe('helm install argocd argo-cd --repo https://argoproj.github.io/argo-helm --version 10.1.1 --namespace argocd --create-namespace -f dist/argocd.values.yaml');
    const application = parse(files['argocd/application-argocd.yaml']);
    expect(application.spec.sources).toBeUndefined();
    expect(application.spec.source).toEqual({
      repoURL: 'https://argoproj.github.io/argo-helm',
      chart: 'argo-cd',
      targetRevision: '10.1.1',
      helm: { releaseName: 'argocd', valuesObject: parse(text) },
    });
    expect(app.render()).toEqual(files);
  });

  test('pins the image to an older target when the chart allows it, and prune can be switched on', () => {
    const { app, platform } = newPlatform({ argoCdVersion: 'v3.4.4' });
    const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', prune: true });
    expect(selfManaged.values().global.image).toEqual({ tag: 'v3.4.4' });
    expect(renderParsed(app)['argocd/application-argocd.yaml'].spec.syncPolicy.automated).toEqual({ selfHeal: true, prune: true });
  });

  test('an unknown chart version needs its appVersion, which is then checked', () => {
    const { platform } = newPlatform();
    expect(() => new SelfManagedArgo(platform, 'A', { chartVersion: '10.2.0' }))
      .toThrow('[argocd/A] chartAppVersion: chart 10.2.0 is not one this library knows (6.0.0, 7.0.0, 8.0.0, 9.0.0, 10.0.0, 10.1.1); set chartAppVersion to the appVersion in its Chart.yaml (got undefined)');
    expect(new SelfManagedArgo(platform, 'B', { chartVersion: '10.2.0', chartAppVersion: 'v3.5.1' }).chartAppVersion.tag).toBe('v3.5.1');
  });

  test.each([
    [{ chartVersion: '6.0.0' }, 'v3.5.1', 'chartVersion: chart 6.0.0 ships Argo CD v2.10.0 but the platform targets v3.5.1; pick a chart whose appVersion is v3.5.1 or at most one minor release older, or change the platform\'s argoCdVersion (got "6.0.0")'],
    [{ chartVersion: '10.1.1' }, 'v3.3.0', 'chartVersion: chart 10.1.1 ships Argo CD v3.4.4 but the platform targets v3.3.0; pick a chart whose appVersion is v3.3.0 or at most one minor release older, or change the platform\'s argoCdVersion (got "10.1.1")'],
    [{ chartVersion: '10.1.1' }, 'v3.6.0', 'chartVersion: chart 10.1.1 ships Argo CD v3.4.4 but the platform targets v3.6.0; pick a chart whose appVersion is v3.6.0 or at most one minor release older, or change the platform\'s argoCdVersion (got "10.1.1")'],
    [{ chartVersion: '10.1.1', chartAppVersion: 'v3.5.0' }, 'v3.5.1', 'chartAppVersion: chart 10.1.1 ships v3.4.4 (got "v3.5.0")'],
    [{ chartVersion: '10.2.0', chartAppVersion: 'latest' }, 'v3.5.1', 'chartAppVersion: must be an exact release such as v3.4.4 (got "latest")'],
    [{ chartVersion: '^10.1.1' }, 'v3.5.1', 'chartVersion: must be an exact chart version such as 10.1.1 (ranges and "latest" float) (got "^10.1.1")'],
    [{ chartVersion: 'latest' }, 'v3.5.1', 'chartVersion: must be an exact chart version such as 10.1.1 (ranges and "latest" float) (got "latest")'],
    [{ chartVersion: '10.1.1', valuesDelivery: 'inline' as HelmValuesDelivery }, 'v3.5.1', 'valuesDelivery: must be one of values-file, values-object (got "inline")'],
  ])('refuses %j for a platform targeting %s', (props, target, message) => {
    const { platform } = newPlatform({ argoCdVersion: target });
    expect(() => new SelfManagedArgo(platform, 'SelfManaged', props)).toThrow(`[argocd/SelfManaged] ${message}`);
  });

  test('a values file needs the GitOps repository', () => {
    const { platform } = newPlatform({ gitOps: undefined });
    expect(() => new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' }))
      .toThrow('[argocd/SelfManaged] valuesDelivery: a values file is read from the GitOps repository, but the platform has no gitOps prop; set it or use HelmValuesDelivery.VALUES_OBJECT (got "values-file")');
    expect(new SelfManagedArgo(platform, 'Inline', { chartVersion: '10.1.1', valuesDelivery: HelmValuesDelivery.VALUES_OBJECT }).bootstrapCommand())
      .toContain('-f dist/argocd.values.yaml');
  });

  test('must be created in the platform chart', () => {
    const { platform } = newPlatform();
    expect(() => new SelfManagedArgo(platform.environment('dev'), 'SelfManaged', { chartVersion: '10.1.1' }))
      .toThrow('[dev/SelfManaged] scope: Argo CD\'s own Application is applied with the platform\'s folder; create SelfManagedArgo inside the ArgoPlatform "argocd", not an environment chart (got "dev")');
  });

  test('extraValues are merged when they do not touch what the platform owns', () => {
    const { platform } = newPlatform();
    const values = new SelfManagedArgo(platform, 'SelfManaged', {
      chartVersion: '10.1.1',
      extraValues: { server: { replicas: 2, ingress: { enabled: true } }, redis: { enabled: true } },
    }).values();
    expect(values.server).toEqual({ ...metricsOn(platform), ingress: { enabled: true }, replicas: 2 });
    expect(values.redis).toEqual({ enabled: true });
  });

  test.each([
    [{ configs: { cm: { url: 'https://other' } } }, 'extraValues.configs.cm.url: argocd-cm is rendered by the platform; contribute with platform.settings or a construct instead (got "https://other")'],
    [{ configs: { cm: { create: true } } }, 'extraValues.configs.cm.create: argocd-cm is rendered by the platform'],
    [{ configs: { rbac: { 'policy.csv': 'g, x, role:admin' } } }, 'extraValues.configs.rbac.policy.csv: argocd-rbac-cm is rendered by the platform; add roles and bindings with platform.rbac (got "g, x, role:admin")'],
    [{ configs: { params: { 'server.insecure': true } } }, 'extraValues.configs.params.server.insecure: argocd-cmd-params-cm is rendered by the platform; use the ArgoPlatform commandParameters prop (got true)'],
    [{ configs: { ssh: { extraHosts: 'x' } } }, 'extraValues.configs.ssh.extraHosts: argocd-ssh-known-hosts-cm is rendered by the platform; add hosts with SshKnownHosts (got "x")'],
    [{ configs: { tls: { certificates: { a: 'b' } } } }, 'extraValues.configs.tls.certificates.a: argocd-tls-certs-cm is rendered by the platform; contribute with platform.settings (got "b")'],
    [{ configs: { secret: { extra: { 'oidc.azure.clientSecret': 'hunter2' } } } }, 'extraValues.configs.secret.extra.oidc.azure.clientSecret: secret values never go into Helm values (they would be in Git); use a SecretSource through platform.secretReference (got "<redacted>")'],
    [{ configs: { secret: { createSecret: false } } }, 'extraValues.configs.secret.createSecret: argocd-secret must be created by the chart so the ExternalSecret can merge keys into it (got "<redacted>")'],
    [{ configs: { repositories: { a: { url: 'x', password: 'y' } } } }, 'extraValues.configs.repositories.a.url: repository Secrets would carry credentials in Git; use ArgoRepository (got "<redacted>")'],
    [{ configs: { credentialTemplates: { a: { sshPrivateKey: 'k' } } } }, 'extraValues.configs.credentialTemplates.a.sshPrivateKey: credential templates would carry credentials in Git; use RepositoryCredentialTemplate (got "<redacted>")'],
    [{ notifications: { secret: { items: { 'slack-token': 'xoxb' } } } }, 'extraValues.notifications.secret.items.slack-token: secret values never go into Helm values (they would be in Git); use a SecretSource (got "<redacted>")'],
    [{ dex: { config: 'connectors: []' } }, 'extraValues.dex.config: Dex configuration belongs in argocd-cm (dex.config), which the platform renders (got "connectors: []")'],
    [{ global: { image: { tag: 'v3.4.4' } } }, 'extraValues.global.image.tag: the image tag is pinned to the platform\'s argoCdVersion; change the ArgoPlatform argoCdVersion prop instead (got "v3.4.4")'],
  ])('refuses extraValues %j', (extraValues, message) => {
    const { platform } = newPlatform();
    expect(() => new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', extraValues })).toThrow(`[argocd/SelfManaged] ${message}`);
  });

  test('extraValues that override a generated value fail the synth and nothing is written', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', extraValues: { controller: { metrics: { enabled: false } }, dex: { enabled: true } } });
    expect(() => app.synth()).toThrow(/Validation failed with the following errors:\n {2}\[argocd\/SelfManaged\] extraValues\.controller\.metrics\.enabled: controller\.metrics\.enabled is contributed by \[argocd\/SelfManaged\] \(true\); change the platform instead of overriding it \(got false\)\n {2}\[argocd\/SelfManaged\] extraValues\.dex\.enabled: dex\.enabled is contributed by \[argocd\/SelfManaged\] \(false\)/);
    expect(fs.existsSync(app.outdir)).toBe(false);
  });

  test('a string the output cannot carry is refused at extraValues, not where it lands (the values file, argocd-cmd-params-cm)', () => {
    const { platform } = newPlatform();
    // The chart presets global.logging.level into argocd-cmd-params-cm (*.log.level): the error names the prop, once.
    expect(() => new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', extraValues: { global: { logging: { level: 'debug\u0007' } } } }))
      .toThrow(new Error('[argocd/SelfManaged] extraValues.global.logging.level: must not contain U+0007 (got "debug\\u0007")'));
    const other = newPlatform();
    // Once rendered only into argocd.values.yaml (an artifact): a list item.
    expect(() => new SelfManagedArgo(other.platform, 'SelfManaged', { chartVersion: '10.1.1', extraValues: { server: { extraArgs: ['--x', '--y\u0000'] } } }))
      .toThrow(new Error('[argocd/SelfManaged] extraValues.server.extraArgs[1]: must not contain a NUL character (got "--y\\u0000")'));
  });
});

/** The chart's default values, parsed (comments, and so commented-out keys, are ignored). */
function chartValues(): any {
  return parse(fs.readFileSync(referencePath('argocd-data', 'argo-helm-argo-cd-10.1.1-values.yaml'), 'utf8'));
}

/**
 * Why a generated leaf path does not exist in the chart, or undefined. A map that is empty in the
 * chart (`podLabels: {}`, `annotations: {}`) takes free-form keys, so anything below it exists, as
 * do the free-form keys of `configs.params`, `configs.cm` and `configs.rbac`.
 */
function missingIn(chart: any, path: string[]): string | undefined {
  const freeForm = [['configs', 'params'], ['configs', 'cm'], ['configs', 'rbac']];
  let node = chart;
  for (const [i, key] of path.entries()) {
    if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length === 0) return undefined;
    if (freeForm.some(prefix => prefix.length === i && prefix.every((p, j) => path[j] === p))) return undefined;
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !(key in node)) return `${path.slice(0, i + 1).join('.')} is not in the chart`;
    node = node[key];
  }
  return undefined;
}

function leafPaths(values: any, prefix: string[] = []): string[][] {
  return Object.entries(values).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0
      ? leafPaths(value, [...prefix, key]) : [[...prefix, key]]);
}

describeIfReference('SelfManagedArgo values against the argo-cd chart 10.1.1', () => {
  test('every generated values path exists in the chart\'s values.yaml', () => {
    // GIVEN every feature that adds values
    const { platform } = newPlatform();
    new ArgoSSO(platform, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, useWorkloadIdentity: true });
    const values = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' }).values();
    // WHEN
    const chart = chartValues();
    const paths = leafPaths(values);
    // THEN
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.map(p => missingIn(chart, p)).filter(Boolean)).toEqual([]);
  });

  test('the check itself catches a path the chart does not have', () => {
    const chart = chartValues();
    expect(missingIn(chart, ['server', 'metric', 'enabled'])).toBe('server.metric is not in the chart');
    expect(missingIn(chart, ['configs', 'secret', 'extraSecret'])).toBe('configs.secret.extraSecret is not in the chart');
    expect(missingIn(chart, ['server', 'podLabels', 'anything'])).toBeUndefined();
    expect(missingIn(chart, ['configs', 'params', 'server.insecure'])).toBeUndefined();
  });
});
