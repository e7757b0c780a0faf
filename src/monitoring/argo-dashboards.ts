import { ApiObject, Chart, Lazy } from 'cdk8s';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ArgoAlerts } from './argo-alerts';
import type { buildDashboard as BuildDashboard } from './argo-dashboard-model';
import { ArgoInstallFlavour, ArgoMetricsSelector } from './argo-metrics-selector';
import { ArgoScraping } from './argo-scraping';
import { assertLabels } from './monitoring-helpers';
import { GrafanaDashboard } from '../imports/grafanadashboard-grafana.integreatly.org';
import { ArgoPlatform } from '../platform/argo-platform';
import { PlatformLabels } from '../platform/labels';
import { assertDnsLabel, assertDnsSubdomain, fail } from '../util/validation';

/** How the generated dashboard reaches Grafana. */
export enum DashboardDelivery {
  /** A ConfigMap labelled for the Grafana sidecar (kube-prometheus-stack's `grafana_dashboard: "1"` by default). */
  CONFIG_MAP = 'config-map',
  /** A grafana-operator `GrafanaDashboard` with the JSON inline. */
  GRAFANA_OPERATOR = 'grafana-operator',
}

/** A grafana.com dashboard, imported by the grafana-operator at a pinned revision. */
export interface CommunityDashboard {
  /** The object name, e.g. `argocd-14584`. */
  readonly name: string;
  /** The grafana.com dashboard ID, e.g. 14584. */
  readonly id: number;
  /** The revision, pinned: a new upstream revision changes nothing until you bump it. */
  readonly revision: number;
  /**
   * The dashboard's datasource input (`__inputs[].name`, e.g. `DS_PROMETHEUS`) mapped to your Prometheus datasource.
   * @default - no mapping (the dashboard's own datasource variable is used)
   */
  readonly datasourceInputName?: string;
}

/** Props for ArgoDashboards. */
export interface ArgoDashboardsProps {
  /**
   * The alerts: their selector and team label are the dashboard's.
   * @default - the selector of `scraping` or `selector`, team label `team`
   */
  readonly alerts?: ArgoAlerts;
  /**
   * The scraping construct (when there is no ArgoAlerts).
   * @default - see `alerts`
   */
  readonly scraping?: ArgoScraping;
  /**
   * The job/namespace selector (when neither alerts nor scraping are given).
   * @default - the platform's namespace, chart flavour with SelfManagedArgo, plain manifests otherwise
   */
  readonly selector?: ArgoMetricsSelector;
  /**
   * How the dashboard reaches Grafana.
   * @default DashboardDelivery.CONFIG_MAP
   */
  readonly delivery?: DashboardDelivery;
  /**
   * The namespace of the ConfigMap or GrafanaDashboard objects (where the sidecar or the operator looks).
   * @default - the Argo CD namespace
   */
  readonly namespace?: string;
  /**
   * The label key the Grafana sidecar selects dashboard ConfigMaps by.
   * @default 'grafana_dashboard'
   */
  readonly sidecarLabelKey?: string;
  /**
   * The value of that label.
   * @default '1'
   */
  readonly sidecarLabelValue?: string;
  /**
   * The labels of the Grafana instances that should show the dashboards (grafana-operator `instanceSelector`).
   * @default { dashboards: 'grafana' }
   */
  readonly instanceLabels?: { [key: string]: string };
  /**
   * grafana-operator only: let Grafana instances in other namespaces than the GrafanaDashboard's
   * (`spec.allowCrossNamespaceImport`). The CRD defaults it to false, and the operator then only
   * matches Grafana instances in the dashboard's own namespace (the Argo CD namespace by default),
   * so a Grafana running elsewhere (e.g. `monitoring`) would never show the dashboards. Set false
   * when the Grafana instance runs in `namespace` and other namespaces' instances must not import them.
   * @default true
   */
  readonly allowCrossNamespaceImport?: boolean;
  /**
   * The Grafana folder (grafana-operator).
   * @default - the operator's default folder
   */
  readonly folder?: string;
  /**
   * The Prometheus datasource the community dashboards' input maps to.
   * @default 'Prometheus'
   */
  readonly datasourceName?: string;
  /**
   * grafana.com dashboards to import as `GrafanaDashboard` objects (needs the grafana-operator), e.g.
   * the seed's 14584 and 19993.
   * @default - none
   */
  readonly communityDashboards?: CommunityDashboard[];
}

/**
 * Grafana dashboards for Argo CD. The generated dashboard is built with the Grafana Foundation SDK:
 * applications by sync and health status, sync operations by phase, reconciliation p95, git request
 * duration and failures, repo-server pending requests and notification deliveries, with a Prometheus
 * datasource variable and a team variable (from the project-to-team series ArgoAlerts records). Every
 * query uses the alerts' job/namespace selector. It is delivered as a sidecar ConfigMap or a
 * grafana-operator GrafanaDashboard; community dashboards are added by grafana.com ID at a pinned revision.
 *
 * @example
 * import { ArgoAlerts, ArgoDashboards, ArgoPlatform, DashboardDelivery } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * declare const alerts: ArgoAlerts;
 * new ArgoDashboards(platform, 'Dashboards', {
 *   alerts,
 *   delivery: DashboardDelivery.GRAFANA_OPERATOR,
 *   folder: 'Argo CD',
 * });
 */
export class ArgoDashboards extends Construct {
  /** The dashboard's uid. */
  public readonly dashboardUid: string;
  /** Whether the GrafanaDashboard objects allow Grafana instances of other namespaces to import them. */
  public readonly allowCrossNamespaceImport: boolean;

  private readonly platform: ArgoPlatform;
  private readonly props: ArgoDashboardsProps;
  private resolvedSelector?: ArgoMetricsSelector;

  constructor(scope: Construct, id: string, props: ArgoDashboardsProps = {}) {
    super(scope, id);
    const platform = ArgoPlatform.platformOf(this);
    if (Chart.of(this) !== platform) {
      fail(this, 'scope', Chart.of(this).node.path, `create ArgoDashboards inside the ArgoPlatform "${platform.node.path}", not an environment chart`);
    }
    this.platform = platform;
    this.props = props;
    const delivery = props.delivery ?? DashboardDelivery.CONFIG_MAP;
    if (!Object.values(DashboardDelivery).includes(delivery)) fail(this, 'delivery', delivery, `must be one of ${Object.values(DashboardDelivery).join(', ')}`);
    const namespace = assertDnsLabel(this, 'namespace', props.namespace ?? platform.argoCdNamespace);
    const allowCrossNamespaceImport = props.allowCrossNamespaceImport ?? true;
    if (typeof allowCrossNamespaceImport !== 'boolean') fail(this, 'allowCrossNamespaceImport', allowCrossNamespaceImport, 'must be true or false');
    this.allowCrossNamespaceImport = allowCrossNamespaceImport;
    const instanceLabels = assertLabels(this, 'instanceLabels', props.instanceLabels ?? { dashboards: 'grafana' });
    if (Object.keys(instanceLabels).length === 0) fail(this, 'instanceLabels', props.instanceLabels, 'must select at least one label: an empty selector matches every Grafana instance');
    this.dashboardUid = `argocd-${platform.platformName}`.slice(0, 40);
    const name = `${platform.platformName}-argocd-dashboard`;

    // Built once the platform is complete: the selector and team label depend on other capabilities.
    const json = Lazy.any({ produce: () => this.dashboardJson() });

    if (delivery === DashboardDelivery.CONFIG_MAP) {
      const labels = assertLabels(this, 'sidecarLabel', { [props.sidecarLabelKey ?? 'grafana_dashboard']: props.sidecarLabelValue ?? '1' });
      new KubeConfigMap(this, 'Dashboard', {
        metadata: { name, namespace, labels: { [PlatformLabels.PART_OF]: 'argocd', ...labels } },
        data: { [`${name}.json`]: json },
      });
    } else {
      this.grafanaDashboard('Dashboard', name, namespace, instanceLabels, props.folder, { json });
    }

    const seen = new Set<string>();
    for (const [i, dashboard] of (props.communityDashboards ?? []).entries()) {
      const field = `communityDashboards[${i}]`;
      assertDnsSubdomain(this, `${field}.name`, dashboard.name);
      if (seen.has(dashboard.name) || dashboard.name === name) fail(this, `${field}.name`, dashboard.name, 'dashboard names must be unique');
      seen.add(dashboard.name);
      if (!Number.isInteger(dashboard.id) || dashboard.id <= 0) fail(this, `${field}.id`, dashboard.id, 'must be a grafana.com dashboard ID (a positive whole number)');
      if (!Number.isInteger(dashboard.revision) || dashboard.revision <= 0) fail(this, `${field}.revision`, dashboard.revision, 'must be a pinned revision (a positive whole number); the latest revision would change under you');
      this.grafanaDashboard(`Community-${dashboard.name}`, dashboard.name, namespace, instanceLabels, props.folder, {
        grafanaCom: { id: dashboard.id, revision: dashboard.revision },
        ...(dashboard.datasourceInputName ? { datasources: [{ inputName: dashboard.datasourceInputName, datasourceName: props.datasourceName ?? 'Prometheus' }] } : {}),
      });
    }
  }

  /**
   * The selector the queries use: the alerts' or the scraping's, or the given one, or the default of
   * the platform's install flavour (the argo-cd chart when it has SelfManagedArgo, declared anywhere).
   */
  public get selector(): ArgoMetricsSelector {
    this.resolvedSelector ??= this.props.alerts?.selector ?? this.props.scraping?.selector ?? this.props.selector ?? new ArgoMetricsSelector({
      namespace: this.platform.argoCdNamespace,
      flavour: this.platform.facts.selfManaged ? ArgoInstallFlavour.HELM_CHART : ArgoInstallFlavour.PLAIN_MANIFESTS,
    });
    return this.resolvedSelector;
  }

  private dashboardJson(): string {
    // The Grafana SDK loads only when a platform has dashboards.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildDashboard } = require('./argo-dashboard-model') as { buildDashboard: typeof BuildDashboard };
    return `${JSON.stringify(buildDashboard({
      platformName: this.platform.platformName,
      selector: this.selector,
      title: `Argo CD (${this.platform.platformName})`,
      uid: this.dashboardUid,
      teamLabel: this.platform.facts.alertTeamLabel,
    }), undefined, 2)}\n`;
  }

  private grafanaDashboard(id: string, name: string, namespace: string, instanceLabels: { [key: string]: string },
    folder: string | undefined, source: object): ApiObject {
    return new GrafanaDashboard(this, id, {
      metadata: { name, namespace, labels: { [PlatformLabels.PART_OF]: 'argocd' } },
      spec: {
        instanceSelector: { matchLabels: instanceLabels },
        allowCrossNamespaceImport: this.allowCrossNamespaceImport,
        ...(folder ? { folder } : {}),
        ...source,
      },
    });
  }
}
