import * as fs from 'fs';
import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import { ArgoComponent, ArgoInstallFlavour, ArgoMetricsSelector, ArgoScraping, HelmValuesDelivery, SelfManagedArgo, SettingsConfigMap } from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';
import { itWithReference } from '../helpers/reference';

interface ServiceFixture {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly ports: string[];
}

/** The Services Argo CD v3.5.1's plain manifests create (argocd-facts.md §5.1). */
const PLAIN_SERVICES: ServiceFixture[] = [
  { name: 'argocd-metrics', labels: { 'app.kubernetes.io/name': 'argocd-metrics' }, ports: ['metrics'] },
  { name: 'argocd-server-metrics', labels: { 'app.kubernetes.io/name': 'argocd-server-metrics' }, ports: ['metrics'] },
  { name: 'argocd-repo-server', labels: { 'app.kubernetes.io/name': 'argocd-repo-server' }, ports: ['server', 'metrics'] },
  { name: 'argocd-applicationset-controller', labels: { 'app.kubernetes.io/name': 'argocd-applicationset-controller' }, ports: ['webhook', 'metrics'] },
  { name: 'argocd-notifications-controller-metrics', labels: { 'app.kubernetes.io/name': 'argocd-notifications-controller-metrics' }, ports: ['metrics'] },
  { name: 'argocd-dex-server', labels: { 'app.kubernetes.io/name': 'argocd-dex-server' }, ports: ['http', 'grpc', 'metrics'] },
  { name: 'argocd-commit-server', labels: { 'app.kubernetes.io/name': 'argocd-commit-server' }, ports: ['server', 'metrics'] },
  // Services that must never be selected by a metrics ServiceMonitor.
  { name: 'argocd-server', labels: { 'app.kubernetes.io/name': 'argocd-server' }, ports: ['http', 'https'] },
  { name: 'argocd-redis', labels: { 'app.kubernetes.io/name': 'argocd-redis' }, ports: ['tcp-redis'] },
];

/** `argo-cd.labels` of the chart 10.1.1 for release `argocd` (nameOverride `argocd`). */
function chartLabels(component: string, name: string): Record<string, string> {
  return {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/instance': 'argocd',
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/name': `argocd-${name}`,
    'app.kubernetes.io/part-of': 'argocd',
  };
}

/**
 * The Services the argo-cd chart 10.1.1 creates for release `argocd` with `<component>.metrics.enabled`
 * (templates `<component>/metrics.yaml`, `dex/service.yaml`; port names from values.yaml `metrics.service.portName`).
 */
const CHART_SERVICES: ServiceFixture[] = [
  { name: 'argocd-application-controller-metrics', labels: chartLabels('application-controller', 'metrics'), ports: ['http-metrics'] },
  { name: 'argocd-server-metrics', labels: chartLabels('server', 'server-metrics'), ports: ['http-metrics'] },
  { name: 'argocd-repo-server-metrics', labels: chartLabels('repo-server', 'repo-server-metrics'), ports: ['http-metrics'] },
  { name: 'argocd-applicationset-controller-metrics', labels: chartLabels('applicationset-controller', 'metrics'), ports: ['http-metrics'] },
  { name: 'argocd-notifications-controller-metrics', labels: chartLabels('notifications-controller', 'metrics'), ports: ['http-metrics'] },
  { name: 'argocd-dex-server', labels: chartLabels('dex-server', 'dex-server'), ports: ['http', 'grpc', 'http-metrics'] },
  { name: 'argocd-commit-server-metrics', labels: chartLabels('commit-server', 'metrics'), ports: ['metrics'] },
  // Non-metrics Services of the chart share some labels; they must not be selected.
  { name: 'argocd-application-controller', labels: chartLabels('application-controller', 'application-controller'), ports: ['https-controller'] },
  { name: 'argocd-repo-server', labels: chartLabels('repo-server', 'repo-server'), ports: ['tcp-repo-server'] },
  { name: 'argocd-server', labels: chartLabels('server', 'server'), ports: ['http', 'https'] },
  { name: 'argocd-applicationset-controller', labels: chartLabels('applicationset-controller', 'applicationset-controller'), ports: ['http-webhook'] },
];

const ALL_COMPONENTS = Object.values(ArgoComponent);

function selects(selector: Record<string, string>, service: ServiceFixture): boolean {
  return Object.entries(selector).every(([k, v]) => service.labels[k] === v);
}

describe('ArgoMetricsSelector', () => {
  test.each([
    [ArgoInstallFlavour.PLAIN_MANIFESTS, PLAIN_SERVICES],
    [ArgoInstallFlavour.HELM_CHART, CHART_SERVICES],
  ])('%s: each component selects exactly its metrics Service, which has the named port', (flavour, services) => {
    const selector = new ArgoMetricsSelector({ namespace: 'argocd', flavour });
    for (const component of ALL_COMPONENTS) {
      const matched = services.filter(s => selects(selector.serviceLabelsOf(component), s));
      expect({ component, matched: matched.map(s => s.name) }).toEqual({ component, matched: [selector.serviceOf(component)] });
      expect(matched[0].ports).toContain(selector.portOf(component));
    }
  });

  test('job names (the scraped Service) and workloads per flavour', () => {
    const plain = new ArgoMetricsSelector({ namespace: 'argocd', flavour: ArgoInstallFlavour.PLAIN_MANIFESTS });
    const chart = new ArgoMetricsSelector({ namespace: 'ops', flavour: ArgoInstallFlavour.HELM_CHART, releaseName: 'gitops' });
    expect(ALL_COMPONENTS.map(c => plain.serviceOf(c))).toEqual([
      'argocd-metrics', 'argocd-server-metrics', 'argocd-repo-server', 'argocd-applicationset-controller',
      'argocd-notifications-controller-metrics', 'argocd-dex-server', 'argocd-commit-server',
    ]);
    // A release name without "argocd" gets the chart's nameOverride appended (argo-cd.fullname).
    expect(chart.serviceOf(ArgoComponent.APPLICATION_CONTROLLER)).toBe('gitops-argocd-application-controller-metrics');
    expect(chart.workloadOf(ArgoComponent.APPLICATION_CONTROLLER)).toEqual({ kind: 'statefulset', name: 'gitops-argocd-application-controller' });
    expect(plain.workloadOf(ArgoComponent.REPO_SERVER)).toEqual({ kind: 'deployment', name: 'argocd-repo-server' });
    expect(chart.matchers(ArgoComponent.REPO_SERVER)).toBe('namespace="ops", job="gitops-argocd-repo-server-metrics"');
    expect(plain.matchersOf([ArgoComponent.SERVER, ArgoComponent.APPLICATION_CONTROLLER]))
      .toBe('namespace="argocd", job=~"argocd-metrics|argocd-server-metrics"');
  });

  test('refuses a bad namespace, flavour or release name', () => {
    expect(() => new ArgoMetricsSelector({ namespace: 'Argo CD', flavour: ArgoInstallFlavour.HELM_CHART }))
      .toThrow('[ArgoMetricsSelector] namespace: must be a DNS-1123 label');
    expect(() => new ArgoMetricsSelector({ namespace: 'argocd', flavour: 'kustomize' as ArgoInstallFlavour }))
      .toThrow('[ArgoMetricsSelector] flavour: must be one of helm-chart, plain-manifests (got "kustomize")');
    expect(() => new ArgoMetricsSelector({ namespace: 'argocd', flavour: ArgoInstallFlavour.HELM_CHART, releaseName: 'Argo' }))
      .toThrow('[ArgoMetricsSelector] releaseName: must be a DNS-1123 label');
  });
});

describe('ArgoScraping', () => {
  test('plain manifests: one ServiceMonitor per component, selecting the manifests\' Services on port metrics', () => {
    const { app, platform } = newPlatform();
    const scraping = new ArgoScraping(platform, 'Scraping', {
      labels: { release: 'kube-prometheus-stack' }, interval: Duration.seconds(15), scrapeTimeout: Duration.seconds(10),
    });
    const files = renderParsed(app);
    const monitors = Object.values(files).filter((o: any) => o?.kind === 'ServiceMonitor');
    expect(scraping.viaChartValues).toBe(false);
    expect(monitors.map((m: any) => m.metadata.name).sort()).toEqual([
      'argocd-applicationset-controller', 'argocd-metrics', 'argocd-notifications-controller-metrics', 'argocd-repo-server', 'argocd-server-metrics',
    ]);
    expect(files['argocd/servicemonitor-argocd-metrics.yaml']).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'argocd-metrics', namespace: 'argocd', labels: { 'app.kubernetes.io/part-of': 'argocd', 'release': 'kube-prometheus-stack' } },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'argocd-metrics' } },
        namespaceSelector: { matchNames: ['argocd'] },
        endpoints: [{ port: 'metrics', path: '/metrics', interval: '15s', scrapeTimeout: '10s' }],
      },
    });
  });

  test('Dex and the commit server are scraped only when asked for', () => {
    const { app, platform } = newPlatform();
    const scraping = new ArgoScraping(platform, 'Scraping', { dex: true, commitServer: true });
    const names = Object.values(renderParsed(app)).filter((o: any) => o?.kind === 'ServiceMonitor').map((m: any) => m.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['argocd-dex-server', 'argocd-commit-server']));
    expect(scraping.components).toEqual(ALL_COMPONENTS);
  });

  test('with SelfManagedArgo: the chart\'s ServiceMonitors are configured through the chart values and none is rendered here (one source of truth)', () => {
    const { app, platform } = newPlatform();
    const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    platform.settings.set(platform, SettingsConfigMap.ARGOCD_CM, 'dex.config', 'connectors: []\n');
    // Dex is single sign-on: the local admin is off (guardrail ARGO-ACC3).
    platform.settings.set(platform, SettingsConfigMap.ARGOCD_CM, 'admin.enabled', 'false');
    const scraping = new ArgoScraping(platform, 'Scraping', {
      labels: { release: 'kube-prometheus-stack' }, interval: Duration.minutes(1), scrapeTimeout: Duration.seconds(20), dex: true,
    });
    const files = renderParsed(app);
    expect(scraping.viaChartValues).toBe(true);
    expect(scraping.selector.flavour).toBe(ArgoInstallFlavour.HELM_CHART);
    expect(Object.values(files).filter((o: any) => o?.kind === 'ServiceMonitor')).toEqual([]);
    const values = selfManaged.values();
    const monitor = { enabled: true, interval: '1m', scrapeTimeout: '20s', additionalLabels: { release: 'kube-prometheus-stack' } };
    for (const key of ['controller', 'server', 'repoServer', 'applicationSet', 'notifications']) {
      expect({ key, metrics: values[key].metrics }).toEqual({ key, metrics: { enabled: true, serviceMonitor: monitor } });
    }
    // The chart's Dex ServiceMonitor has no scrapeTimeout value.
    expect(values.dex.metrics).toEqual({ enabled: true, serviceMonitor: { enabled: true, interval: '1m', additionalLabels: { release: 'kube-prometheus-stack' } } });
  });

  test('with SelfManagedArgo the commit server (which the chart has no ServiceMonitor for) gets its metrics Service from the chart and its ServiceMonitor here', () => {
    const { app, platform } = newPlatform();
    const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoScraping(platform, 'Scraping', { commitServer: true });
    const files = renderParsed(app);
    expect(selfManaged.values().commitServer).toEqual({ metrics: { enabled: true } });
    expect(files['argocd/servicemonitor-argocd-commit-server-metrics.yaml'].spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/component': 'commit-server', 'app.kubernetes.io/instance': 'argocd', 'app.kubernetes.io/name': 'argocd-metrics' } },
      namespaceSelector: { matchNames: ['argocd'] },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
    });
  });

  test('a chart installed without SelfManagedArgo: ServiceMonitors rendered here with the chart\'s Services and port http-metrics', () => {
    const { app, platform } = newPlatform();
    new ArgoScraping(platform, 'Scraping', { flavour: ArgoInstallFlavour.HELM_CHART, releaseName: 'argocd' });
    const monitor = renderParsed(app)['argocd/servicemonitor-argocd-repo-server-metrics.yaml'];
    expect(monitor.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/component': 'repo-server', 'app.kubernetes.io/instance': 'argocd', 'app.kubernetes.io/name': 'argocd-repo-server-metrics',
    });
    expect(monitor.spec.endpoints).toEqual([{ port: 'http-metrics', path: '/metrics', interval: '30s' }]);
  });

  test.each([
    [{ scrapeTimeout: Duration.seconds(45) }, 'scrapeTimeout: must not be longer than the interval (30s); Prometheus refuses such a scrape config (got "45s")'],
    [{ labels: { release: 'kube prometheus' } }, 'labels.release: must be a Kubernetes label value (at most 63 letters, digits, "-", "_" and ".") (got "kube prometheus")'],
    // The measured case: a 64-character label key passed construction and failed at render naming the chart.
    [{ labels: { ['k'.repeat(64)]: 'x' } },
      `labels.${'k'.repeat(64)}: must be a Kubernetes label key ([prefix/]name): the name is 64 characters, over Kubernetes' limit of 63 (got "${'k'.repeat(64)}")`],
    [{ interval: Duration.millis(1500.5) }, 'interval: must be a whole, non-negative number of milliseconds (got "1500.5ms")'],
  ])('refuses %j', (props, message) => {
    const { platform } = newPlatform();
    expect(() => new ArgoScraping(platform, 'Scraping', props)).toThrow(`[argocd/Scraping] ${message}`);
  });

  test.each([false, true])('with SelfManagedArgo (declared after: %s) the flavour is the chart and the release is argocd', after => {
    const flavour = newPlatform();
    if (!after) new SelfManagedArgo(flavour.platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoScraping(flavour.platform, 'Scraping', { flavour: ArgoInstallFlavour.PLAIN_MANIFESTS });
    if (after) new SelfManagedArgo(flavour.platform, 'SelfManaged', { chartVersion: '10.1.1' });
    expect(() => flavour.app.render())
      .toThrow('[argocd/Scraping] flavour: SelfManagedArgo installs Argo CD with the argo-cd chart; use ArgoInstallFlavour.HELM_CHART (got "plain-manifests")');
    const release = newPlatform();
    if (!after) new SelfManagedArgo(release.platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoScraping(release.platform, 'Scraping2', { releaseName: 'gitops' });
    if (after) new SelfManagedArgo(release.platform, 'SelfManaged', { chartVersion: '10.1.1' });
    expect(() => release.app.render())
      .toThrow('[argocd/Scraping2] releaseName: SelfManagedArgo installs the release "argocd" (got "gitops")');
  });

  test('with SelfManagedArgo, scraping a Dex that does not run (no dex.config) fails the synth', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoScraping(platform, 'Scraping', { dex: true });
    expect(() => app.render()).toThrow('[argocd/Scraping] dex: Dex does not run on this platform (no dex.config: ArgoSSO uses direct OIDC), so its target would always be absent; leave dex off (got true)');
    const withDex = newPlatform();
    new SelfManagedArgo(withDex.platform, 'SelfManaged', { chartVersion: '10.1.1' });
    withDex.platform.settings.set(withDex.platform, SettingsConfigMap.ARGOCD_CM, 'dex.config', 'connectors: []\n');
    // Dex is single sign-on: the local admin is off (guardrail ARGO-ACC3).
    withDex.platform.settings.set(withDex.platform, SettingsConfigMap.ARGOCD_CM, 'admin.enabled', 'false');
    new ArgoScraping(withDex.platform, 'Scraping', { dex: true });
    expect(() => withDex.app.render()).not.toThrow();
  });

  test('SelfManagedArgo declared after ArgoScraping gives the same output as before it (issue 16: was refused)', () => {
    const render = (scrapingFirst: boolean) => {
      const { app, platform } = newPlatform();
      if (!scrapingFirst) new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', valuesDelivery: HelmValuesDelivery.VALUES_OBJECT });
      new ArgoScraping(platform, 'Scraping', { commitServer: true });
      if (scrapingFirst) new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', valuesDelivery: HelmValuesDelivery.VALUES_OBJECT });
      return app.render();
    };
    const before = render(false);
    const after = render(true);
    expect(after).toEqual(before);
    // The chart renders the ServiceMonitors; this construct only the commit server's.
    expect(Object.keys(after).filter(f => f.includes('servicemonitor-'))).toEqual(['argocd/servicemonitor-argocd-commit-server-metrics.yaml']);
  });

  test('one per platform, and only in the platform chart', () => {
    const { app, platform } = newPlatform();
    new ArgoScraping(platform, 'Scraping');
    new ArgoScraping(platform, 'Again');
    expect(() => app.render()).toThrow('[argocd/Again] scraping: this platform already has it from [argocd/Scraping]; one per platform');
    expect(() => new ArgoScraping(platform.environment('dev'), 'Scraping'))
      .toThrow('[dev/Scraping] scope: ServiceMonitors sit next to Argo CD; create ArgoScraping inside the ArgoPlatform "argocd", not an environment chart (got "dev")');
  });
});

/** Keys the chart's templates read that its values.yaml does not list (checked in the 10.1.1 templates). */
const TEMPLATE_ONLY_KEYS = [
  'controller.metrics.serviceMonitor.scrapeTimeout', // argocd-application-controller/servicemonitor.yaml
  'notifications.metrics.serviceMonitor.interval', // argocd-notifications/servicemonitor.yaml
  'notifications.metrics.serviceMonitor.scrapeTimeout', // argocd-notifications/servicemonitor.yaml
];

itWithReference('every chart value ArgoScraping sets is a key of the argo-cd chart 10.1.1 (values.yaml or read by its templates)', 'argocd-data/argo-helm-argo-cd-10.1.1-values.yaml', file => {
  const chart = parse(fs.readFileSync(file, 'utf8'));
  const { platform } = newPlatform();
  const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
  new ArgoScraping(platform, 'Scraping', { labels: { release: 'kube-prometheus-stack' }, scrapeTimeout: Duration.seconds(10), dex: true, commitServer: true });
  const values = selfManaged.values();
  const missing: string[] = [];
  const walk = (node: any, chartNode: any, path: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      const here = [...path, key];
      const dotted = here.join('.');
      // additionalLabels is a map in the chart: its keys are the user's.
      if (path[path.length - 1] === 'additionalLabels') continue;
      const inChart = chartNode !== undefined && chartNode !== null && typeof chartNode === 'object' && key in chartNode;
      if (!inChart && !TEMPLATE_ONLY_KEYS.includes(dotted)) missing.push(dotted);
      if (inChart && value && typeof value === 'object' && !Array.isArray(value)) walk(value, chartNode[key], here);
    }
  };
  for (const key of ['controller', 'server', 'repoServer', 'applicationSet', 'notifications', 'dex', 'commitServer']) {
    walk({ [key]: { metrics: values[key].metrics } }, chart, []);
  }
  expect(missing).toEqual([]);
});
