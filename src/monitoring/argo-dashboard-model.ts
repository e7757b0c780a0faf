import { DashboardBuilder, DatasourceVariableBuilder, QueryVariableBuilder, RowBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { PROJECT_TEAM_SERIES } from './argo-alert-catalog';
import { ArgoComponent, ArgoMetricsSelector } from './argo-metrics-selector';

/** The Prometheus datasource of every query: the dashboard's `datasource` variable. */
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** One panel of the generated dashboard: title, unit and its queries. */
export interface DashboardPanelSpec {
  readonly row: string;
  readonly title: string;
  readonly unit: string;
  readonly kind: 'stat' | 'timeseries';
  readonly queries: Array<{ expr: string; legend: string }>;
}

/** What the dashboard is built for. */
export interface DashboardInput {
  readonly platformName: string;
  readonly selector: ArgoMetricsSelector;
  readonly title: string;
  readonly uid: string;
  /** The label carrying the team on the recorded project-to-team series. */
  readonly teamLabel: string;
}

/**
 * The panels: applications by sync and health status (per team), sync operations by phase,
 * reconciliation p95, git request duration and failures, repo-server pending requests,
 * notification deliveries. Every query uses the alerts' selector (`namespace` and the component's `job`).
 */
export function dashboardPanels(selector: ArgoMetricsSelector): DashboardPanelSpec[] {
  const controller = selector.matchers(ArgoComponent.APPLICATION_CONTROLLER);
  const repo = selector.matchers(ArgoComponent.REPO_SERVER);
  const notifications = selector.matchers(ArgoComponent.NOTIFICATIONS_CONTROLLER);
  const apps = `${controller}, project=~"$project"`;
  return [
    {
      row: 'Applications',
      title: 'Applications by sync status',
      unit: 'short',
      kind: 'stat',
      queries: [{ expr: `sum by (sync_status) (argocd_app_info{${apps}})`, legend: '{{sync_status}}' }],
    },
    {
      row: 'Applications',
      title: 'Applications by health status',
      unit: 'short',
      kind: 'stat',
      queries: [{ expr: `sum by (health_status) (argocd_app_info{${apps}})`, legend: '{{health_status}}' }],
    },
    {
      row: 'Applications',
      title: 'Sync operations by phase',
      unit: 'short',
      kind: 'timeseries',
      queries: [{ expr: `sum by (phase) (increase(argocd_app_sync_total{${apps}, dry_run!="true"}[$__rate_interval]))`, legend: '{{phase}}' }],
    },
    {
      row: 'Controller',
      title: 'Reconciliation time p95',
      unit: 's',
      kind: 'timeseries',
      queries: [{ expr: `histogram_quantile(0.95, sum by (le, dest_server) (rate(argocd_app_reconcile_bucket{${controller}}[$__rate_interval])))`, legend: '{{dest_server}}' }],
    },
    {
      row: 'Repositories',
      title: 'Git request duration p95',
      unit: 's',
      kind: 'timeseries',
      queries: [{ expr: `histogram_quantile(0.95, sum by (le, request_type) (rate(argocd_git_request_duration_seconds_bucket{${repo}}[$__rate_interval])))`, legend: '{{request_type}}' }],
    },
    {
      row: 'Repositories',
      title: 'Git request failures',
      unit: 'short',
      kind: 'timeseries',
      queries: [
        { expr: `sum by (repo) (increase(argocd_git_fetch_fail_total{${repo}}[$__rate_interval]))`, legend: 'fetch {{repo}}' },
        { expr: `sum by (repo) (increase(argocd_git_lsremote_fail_total{${repo}}[$__rate_interval]))`, legend: 'ls-remote {{repo}}' },
      ],
    },
    {
      row: 'Repositories',
      title: 'Repo-server pending requests',
      unit: 'short',
      kind: 'timeseries',
      queries: [{ expr: `sum by (repo) (argocd_repo_pending_request_total{${repo}})`, legend: '{{repo}}' }],
    },
    {
      row: 'Notifications',
      title: 'Notification deliveries',
      unit: 'short',
      kind: 'timeseries',
      queries: [{ expr: `sum by (service, succeeded) (increase(argocd_notifications_deliveries_total{${notifications}}[$__rate_interval]))`, legend: '{{service}} succeeded={{succeeded}}' }],
    },
  ];
}

/**
 * The projects of the selected teams (and projects no team owns): every project with applications,
 * minus the projects of teams not selected (team `All` is `.*`, so nothing is removed).
 */
export function projectVariableQuery(input: DashboardInput): string {
  const info = `${PROJECT_TEAM_SERIES}{argocd_platform="${input.platformName}", ${input.teamLabel}!~"$team"}`;
  return `query_result(group by (project) (argocd_app_info{${input.selector.matchers(ArgoComponent.APPLICATION_CONTROLLER)}}) unless on (project) ${info})`;
}

/** The Grafana dashboard JSON model, built with the Grafana Foundation SDK. */
export function buildDashboard(input: DashboardInput): object {
  const info = `${PROJECT_TEAM_SERIES}{argocd_platform="${input.platformName}"}`;
  const builder = new DashboardBuilder(input.title)
    .uid(input.uid)
    .tags(['argocd', 'cdk8s-argocd-platform'])
    .editable()
    .refresh('1m')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .withVariable(new DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'))
    .withVariable(new QueryVariableBuilder('team')
      .label('Team')
      .description('Teams from the platform\'s team registry (recorded by ArgoAlerts)')
      .datasource(DATASOURCE)
      .query(`label_values(${info}, ${input.teamLabel})`)
      .refresh(VariableRefresh.OnDashboardLoad)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      .allValue('.*'))
    .withVariable(new QueryVariableBuilder('project')
      .label('Project')
      .description('AppProjects with applications: those of the selected teams, and projects without a team')
      .datasource(DATASOURCE)
      .query(projectVariableQuery(input))
      .regex('/project="([^"]*)"/')
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      .allValue('.*'));
  let row: string | undefined;
  for (const panel of dashboardPanels(input.selector)) {
    if (panel.row !== row) {
      row = panel.row;
      builder.withRow(new RowBuilder(row));
    }
    const targets = panel.queries.map((q, i) => new DataqueryBuilder()
      .datasource(DATASOURCE)
      .expr(q.expr)
      .legendFormat(q.legend)
      .refId(String.fromCharCode(65 + i)));
    if (panel.kind === 'stat') {
      builder.withPanel(new StatPanelBuilder().title(panel.title).unit(panel.unit).datasource(DATASOURCE).targets(targets).height(6).span(12));
    } else {
      builder.withPanel(new TimeseriesPanelBuilder().title(panel.title).unit(panel.unit).datasource(DATASOURCE).targets(targets).height(8).span(12));
    }
  }
  return builder.build();
}
