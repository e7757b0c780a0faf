import { escapeRegex } from './promql-check';
import { PlatformLabels } from '../platform/labels';
import { assertDnsLabel, fail } from '../util/validation';

/** How Argo CD was installed: it decides the names of the metrics Services and their ports. */
export enum ArgoInstallFlavour {
  /**
   * The `argo-cd` Helm chart (argo-helm): metrics Services `<release>-<component>-metrics`, port
   * `http-metrics`, created when `<component>.metrics.enabled` is true.
   */
  HELM_CHART = 'helm-chart',
  /** Argo CD's plain manifests (`manifests/install.yaml`): Services such as `argocd-metrics`, port `metrics`. */
  PLAIN_MANIFESTS = 'plain-manifests',
}

/** An Argo CD component that exposes Prometheus metrics. */
export enum ArgoComponent {
  /** The application controller (StatefulSet): application, sync, reconcile and cluster metrics. */
  APPLICATION_CONTROLLER = 'application-controller',
  /** The API server. */
  SERVER = 'server',
  /** The repo-server: git requests and pending manifest generations. */
  REPO_SERVER = 'repo-server',
  /** The ApplicationSet controller. */
  APPLICATIONSET_CONTROLLER = 'applicationset-controller',
  /** The notifications controller: deliveries. */
  NOTIFICATIONS_CONTROLLER = 'notifications-controller',
  /** Dex (only when Dex is enabled). */
  DEX_SERVER = 'dex-server',
  /** The commit server (only when it is enabled). */
  COMMIT_SERVER = 'commit-server',
}


interface ComponentFacts {
  /** The chart's values key. */
  readonly chartKey: string;
  /** The chart's component name (`controller.name` etc.); workloads are `<fullname>-<name>`. */
  readonly chartName: string;
  /** The suffix of `app.kubernetes.io/name` on the chart's metrics Service (`<nameOverride>-<suffix>`). */
  readonly chartNameLabel: string;
  /** The chart's metrics Service name suffix (`<fullname>-<suffix>`). */
  readonly chartService: string;
  /** The chart's metrics port name. */
  readonly chartPort: string;
  /** Whether the chart can render a ServiceMonitor for it. */
  readonly chartServiceMonitor: boolean;
  /** Whether the chart has a ServiceMonitor `scrapeTimeout` value for it. */
  readonly chartScrapeTimeout: boolean;
  /** The plain manifests' Service carrying the metrics port. */
  readonly plainService: string;
  /** The metrics port number. */
  readonly port: number;
  /** The workload kind. */
  readonly workloadKind: string;
}

/** Facts: argocd-facts.md §5.1 (plain manifests v3.5.1) and the argo-cd chart 10.1.1 templates. */
const FACTS: Record<ArgoComponent, ComponentFacts> = {
  [ArgoComponent.APPLICATION_CONTROLLER]: {
    chartKey: 'controller',
    chartName: 'application-controller',
    chartNameLabel: 'metrics',
    chartService: 'application-controller-metrics',
    chartPort: 'http-metrics',
    chartServiceMonitor: true,
    chartScrapeTimeout: true,
    plainService: 'argocd-metrics',
    port: 8082,
    workloadKind: 'statefulset',
  },
  [ArgoComponent.SERVER]: {
    chartKey: 'server',
    chartName: 'server',
    chartNameLabel: 'server-metrics',
    chartService: 'server-metrics',
    chartPort: 'http-metrics',
    chartServiceMonitor: true,
    chartScrapeTimeout: true,
    plainService: 'argocd-server-metrics',
    port: 8083,
    workloadKind: 'deployment',
  },
  [ArgoComponent.REPO_SERVER]: {
    chartKey: 'repoServer',
    chartName: 'repo-server',
    chartNameLabel: 'repo-server-metrics',
    chartService: 'repo-server-metrics',
    chartPort: 'http-metrics',
    chartServiceMonitor: true,
    chartScrapeTimeout: true,
    plainService: 'argocd-repo-server',
    port: 8084,
    workloadKind: 'deployment',
  },
  [ArgoComponent.APPLICATIONSET_CONTROLLER]: {
    chartKey: 'applicationSet',
    chartName: 'applicationset-controller',
    chartNameLabel: 'metrics',
    chartService: 'applicationset-controller-metrics',
    chartPort: 'http-metrics',
    chartServiceMonitor: true,
    chartScrapeTimeout: true,
    plainService: 'argocd-applicationset-controller',
    port: 8080,
    workloadKind: 'deployment',
  },
  [ArgoComponent.NOTIFICATIONS_CONTROLLER]: {
    chartKey: 'notifications',
    chartName: 'notifications-controller',
    chartNameLabel: 'metrics',
    chartService: 'notifications-controller-metrics',
    chartPort: 'http-metrics',
    chartServiceMonitor: true,
    chartScrapeTimeout: true,
    plainService: 'argocd-notifications-controller-metrics',
    port: 9001,
    workloadKind: 'deployment',
  },
  [ArgoComponent.DEX_SERVER]: {
    chartKey: 'dex',
    chartName: 'dex-server',
    chartNameLabel: 'dex-server',
    chartService: 'dex-server',
    chartPort: 'http-metrics',
    chartServiceMonitor: true,
    chartScrapeTimeout: false,
    plainService: 'argocd-dex-server',
    port: 5558,
    workloadKind: 'deployment',
  },
  [ArgoComponent.COMMIT_SERVER]: {
    chartKey: 'commitServer',
    chartName: 'commit-server',
    chartNameLabel: 'metrics',
    chartService: 'commit-server-metrics',
    chartPort: 'metrics',
    chartServiceMonitor: false,
    chartScrapeTimeout: false,
    plainService: 'argocd-commit-server',
    port: 8087,
    workloadKind: 'deployment',
  },
};

/** Props for an ArgoMetricsSelector. */
export interface ArgoMetricsSelectorProps {
  /** The namespace Argo CD runs in (the `namespace` target label Prometheus puts on every series). */
  readonly namespace: string;
  /** How Argo CD was installed. */
  readonly flavour: ArgoInstallFlavour;
  /**
   * The Helm release name (HELM_CHART only). The chart names objects `<release>-…` when the release
   * name contains `argocd` (the chart's `nameOverride`), `<release>-argocd-…` otherwise.
   * @default 'argocd' (the release SelfManagedArgo installs)
   */
  readonly releaseName?: string;
}

/** The workload of a component, for runbook commands. */
export interface ArgoWorkload {
  /** `statefulset` or `deployment`. */
  readonly kind: string;
  /** The object name, e.g. `argocd-repo-server`. */
  readonly name: string;
}

/**
 * Which series belong to this Argo CD: the namespace and, per component, the `job` label
 * (prometheus-operator names the job after the scraped Service). One selector is shared by the
 * ServiceMonitors (ArgoScraping), the alert expressions (ArgoAlerts) and the dashboards' queries
 * (ArgoDashboards), so they always describe the same targets.
 */
export class ArgoMetricsSelector {
  /** The namespace Argo CD runs in. */
  public readonly namespace: string;
  /** The install flavour. */
  public readonly flavour: ArgoInstallFlavour;
  /** The Helm release name (HELM_CHART). */
  public readonly releaseName: string;

  constructor(props: ArgoMetricsSelectorProps) {
    const scope = 'ArgoMetricsSelector';
    this.namespace = assertDnsLabel(scope, 'namespace', props.namespace);
    if (!Object.values(ArgoInstallFlavour).includes(props.flavour)) {
      fail(scope, 'flavour', props.flavour, `must be one of ${Object.values(ArgoInstallFlavour).join(', ')}`);
    }
    this.flavour = props.flavour;
    this.releaseName = assertDnsLabel(scope, 'releaseName', props.releaseName ?? 'argocd');
  }

  /** The chart's fully qualified name (`argo-cd.fullname` with `nameOverride: argocd`). */
  private get chartFullname(): string {
    return this.releaseName.includes('argocd') ? this.releaseName : `${this.releaseName}-argocd`;
  }

  /** The metrics Service of a component; prometheus-operator uses it as the `job` label. */
  public serviceOf(component: ArgoComponent): string {
    const facts = FACTS[component];
    return this.flavour === ArgoInstallFlavour.HELM_CHART ? `${this.chartFullname}-${facts.chartService}` : facts.plainService;
  }

  /** The name of the metrics port on that Service. */
  public portOf(component: ArgoComponent): string {
    return this.flavour === ArgoInstallFlavour.HELM_CHART ? FACTS[component].chartPort : 'metrics';
  }

  /** The metrics port number. */
  public portNumberOf(component: ArgoComponent): number {
    return FACTS[component].port;
  }

  /** The labels a ServiceMonitor selects the metrics Service by (the ones the chart's or the docs' ServiceMonitors use). */
  public serviceLabelsOf(component: ArgoComponent): { [key: string]: string } {
    if (this.flavour === ArgoInstallFlavour.PLAIN_MANIFESTS) return { [PlatformLabels.NAME]: FACTS[component].plainService };
    const facts = FACTS[component];
    return {
      [PlatformLabels.COMPONENT]: facts.chartName,
      [PlatformLabels.INSTANCE]: this.releaseName,
      [PlatformLabels.NAME]: `argocd-${facts.chartNameLabel}`,
    };
  }

  /** The component's workload, e.g. `statefulset/argocd-application-controller`. */
  public workloadOf(component: ArgoComponent): ArgoWorkload {
    const facts = FACTS[component];
    const prefix = this.flavour === ArgoInstallFlavour.HELM_CHART ? this.chartFullname : 'argocd';
    return { kind: facts.workloadKind, name: `${prefix}-${facts.chartName}` };
  }

  /** The chart values key of a component (`controller`, `repoServer` ...). */
  public chartKeyOf(component: ArgoComponent): string {
    return FACTS[component].chartKey;
  }

  /** Whether the chart renders a ServiceMonitor for the component (it does not for the commit server). */
  public chartRendersServiceMonitor(component: ArgoComponent): boolean {
    return FACTS[component].chartServiceMonitor;
  }

  /** Whether the chart's ServiceMonitor for the component takes a `scrapeTimeout` (Dex's does not). */
  public chartHasScrapeTimeout(component: ArgoComponent): boolean {
    return FACTS[component].chartScrapeTimeout;
  }

  /** PromQL label matchers for a component's series: `namespace="argocd", job="argocd-metrics"`. */
  public matchers(component: ArgoComponent): string {
    return `namespace="${this.namespace}", job="${this.serviceOf(component)}"`;
  }

  /** PromQL label matchers for several components' series (a `job` regex). */
  public matchersOf(components: ArgoComponent[]): string {
    const jobs = [...new Set(components.map(c => this.serviceOf(c)))].sort();
    return jobs.length === 1
      ? `namespace="${this.namespace}", job="${jobs[0]}"`
      : `namespace="${this.namespace}", job=~"${jobs.map(escapeRegex).join('|')}"`;
  }
}
