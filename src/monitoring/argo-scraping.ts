import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoComponent, ArgoInstallFlavour, ArgoMetricsSelector } from './argo-metrics-selector';
import { CORE_COMPONENTS, assertLabels } from './monitoring-helpers';
import { prometheusDuration } from './prometheus-duration';
import { ServiceMonitor } from '../imports/servicemonitor-monitoring.coreos.com';
import { ArgoPlatform } from '../platform/argo-platform';
import { PlatformLabels } from '../platform/labels';
import { PlatformCapability } from '../platform/registries';
import { describeInvalid, fail } from '../util/validation';

/** Props for ArgoScraping. */
export interface ArgoScrapingProps {
  /**
   * How Argo CD was installed. With SelfManagedArgo the chart is the install, and this construct
   * configures the chart's own ServiceMonitors through the chart values (it renders none itself).
   * @default - ArgoInstallFlavour.HELM_CHART when the platform has SelfManagedArgo (declared
   * anywhere, before or after this construct), ArgoInstallFlavour.PLAIN_MANIFESTS otherwise
   */
  readonly flavour?: ArgoInstallFlavour;
  /**
   * The Helm release name, for a chart install not managed by SelfManagedArgo.
   * @default 'argocd'
   */
  readonly releaseName?: string;
  /**
   * How often Prometheus scrapes each component.
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
  /**
   * How long a scrape may take; at most the interval.
   * @default - Prometheus's global scrape timeout
   */
  readonly scrapeTimeout?: Duration;
  /**
   * Labels put on every ServiceMonitor, for a Prometheus that selects ServiceMonitors by label
   * (e.g. `{ release: 'kube-prometheus-stack' }`).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Also scrape Dex (only when Dex runs: with ArgoSSO's direct OIDC it does not).
   * @default false
   */
  readonly dex?: boolean;
  /**
   * Also scrape the commit server (only when it is enabled).
   * @default false
   */
  readonly commitServer?: boolean;
}

/**
 * Prometheus scraping of every Argo CD component (application controller, API server, repo-server,
 * ApplicationSet controller, notifications controller, and optionally Dex and the commit server),
 * with the Service selectors and port names of the install flavour.
 *
 * One source of truth: with SelfManagedArgo the chart's own ServiceMonitors are switched on and
 * configured through `platform.chartValues` (`<component>.metrics.serviceMonitor.*`), and this
 * construct renders no ServiceMonitor of its own for them (the commit server, which the chart has no
 * ServiceMonitor for, is the exception). Otherwise it renders one `ServiceMonitor` per component in
 * the platform's folder. `selector` is the job/namespace selector the alerts and dashboards use.
 *
 * @example
 * import { ArgoPlatform, ArgoScraping } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // ServiceMonitors that kube-prometheus-stack selects.
 * new ArgoScraping(platform, 'Scraping', { labels: { release: 'kube-prometheus-stack' } });
 */
export class ArgoScraping extends Construct {
  /** The scraped components. */
  public readonly components: ArgoComponent[];

  private readonly platform: ArgoPlatform;
  private readonly props: ArgoScrapingProps;
  private readonly interval: string;
  private readonly scrapeTimeout?: string;
  private readonly labels: { [key: string]: string };
  private resolvedSelector?: ArgoMetricsSelector;

  constructor(scope: Construct, id: string, props: ArgoScrapingProps = {}) {
    super(scope, id);
    const platform = ArgoPlatform.platformOf(this);
    this.platform = platform;
    this.props = props;
    if (Chart.of(this) !== platform) {
      fail(this, 'scope', Chart.of(this).node.path, `ServiceMonitors sit next to Argo CD; create ArgoScraping inside the ArgoPlatform "${platform.node.path}", not an environment chart`);
    }
    // Checks the flavour and release name now; the selector itself is made once the platform is complete.
    new ArgoMetricsSelector({
      namespace: platform.argoCdNamespace,
      flavour: props.flavour ?? ArgoInstallFlavour.PLAIN_MANIFESTS,
      releaseName: props.releaseName,
    });
    this.interval = prometheusDuration(this, 'interval', props.interval ?? Duration.seconds(30));
    this.scrapeTimeout = props.scrapeTimeout && prometheusDuration(this, 'scrapeTimeout', props.scrapeTimeout);
    if (props.scrapeTimeout && props.scrapeTimeout.toMilliseconds() > (props.interval ?? Duration.seconds(30)).toMilliseconds()) {
      fail(this, 'scrapeTimeout', this.scrapeTimeout, `must not be longer than the interval (${this.interval}); Prometheus refuses such a scrape config`);
    }
    this.labels = assertLabels(this, 'labels', props.labels);
    this.components = [
      ...CORE_COMPONENTS,
      ...(props.dex ? [ArgoComponent.DEX_SERVER] : []),
      ...(props.commitServer ? [ArgoComponent.COMMIT_SERVER] : []),
    ];
    platform.capabilities.provide(this, PlatformCapability.SCRAPING);
    // Whether the chart renders the ServiceMonitors depends on SelfManagedArgo, which may be declared later.
    platform.onResolve(this, { resolve: () => this.resolveScraping() });
  }

  /** The selector of the scraped series, shared with ArgoAlerts and ArgoDashboards (known once the platform is complete). */
  public get selector(): ArgoMetricsSelector {
    this.platform.resolve();
    return this.resolvedSelector!;
  }

  /** Whether the chart renders the ServiceMonitors (SelfManagedArgo present; known once the platform is complete). */
  public get viaChartValues(): boolean {
    return this.platform.facts.selfManaged;
  }

  /** Decides the flavour and renders the ServiceMonitors (or the chart values), once every capability is declared. */
  private resolveScraping(): string[] {
    const platform = this.platform;
    const props = this.props;
    const selfManaged = platform.facts.selfManaged;
    const flavour = props.flavour ?? (selfManaged ? ArgoInstallFlavour.HELM_CHART : ArgoInstallFlavour.PLAIN_MANIFESTS);
    this.resolvedSelector = new ArgoMetricsSelector({ namespace: platform.argoCdNamespace, flavour, releaseName: props.releaseName });
    const problems: string[] = [];
    if (selfManaged && flavour !== ArgoInstallFlavour.HELM_CHART) {
      problems.push(describeInvalid(this, 'flavour', flavour, 'SelfManagedArgo installs Argo CD with the argo-cd chart; use ArgoInstallFlavour.HELM_CHART'));
    }
    if (selfManaged && props.releaseName !== undefined && props.releaseName !== 'argocd') {
      problems.push(describeInvalid(this, 'releaseName', props.releaseName, 'SelfManagedArgo installs the release "argocd"'));
    }
    // Scraping a Dex that does not run would page forever (ArgoCDComponentAbsent).
    if (selfManaged && props.dex && !platform.facts.dexEnabled) {
      problems.push(describeInvalid(this, 'dex', true,
        'Dex does not run on this platform (no dex.config: ArgoSSO uses direct OIDC), so its target would always be absent; leave dex off'));
    }
    for (const component of this.components) {
      if (selfManaged) {
        const key = this.resolvedSelector.chartKeyOf(component);
        platform.chartValues.set(this, `${key}.metrics.enabled`, true);
        if (this.resolvedSelector.chartRendersServiceMonitor(component)) {
          platform.chartValues.set(this, `${key}.metrics.serviceMonitor`, {
            enabled: true,
            interval: this.interval,
            ...(this.scrapeTimeout && this.resolvedSelector.chartHasScrapeTimeout(component) ? { scrapeTimeout: this.scrapeTimeout } : {}),
            ...(Object.keys(this.labels).length ? { additionalLabels: this.labels } : {}),
          });
          continue;
        }
      }
      this.renderServiceMonitor(platform, component, this.interval, this.scrapeTimeout, this.labels);
    }
    return problems;
  }

  private renderServiceMonitor(platform: ArgoPlatform, component: ArgoComponent, interval: string,
    scrapeTimeout: string | undefined, labels: { [key: string]: string }) {
    const service = this.selector.serviceOf(component);
    new ServiceMonitor(this, component, {
      metadata: {
        name: service,
        namespace: platform.argoCdNamespace,
        labels: { [PlatformLabels.PART_OF]: 'argocd', ...labels },
      },
      spec: {
        selector: { matchLabels: this.selector.serviceLabelsOf(component) },
        namespaceSelector: { matchNames: [platform.argoCdNamespace] },
        endpoints: [{
          port: this.selector.portOf(component),
          path: '/metrics',
          interval,
          ...(scrapeTimeout ? { scrapeTimeout } : {}),
        }],
      },
    });
  }
}
