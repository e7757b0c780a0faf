import { parse } from 'yaml';
import { ArgoAlerts, ArgoComponent, ArgoDashboards, ArgoDashboardsProps, ArgoScraping, DashboardDelivery, SelfManagedArgo } from '../../src';
import { promqlSyntaxError } from '../../src/monitoring/promql-check';
import { newPlatform } from '../helpers/platform-fixture';

function render(props: ArgoDashboardsProps = {}, selfManaged = true) {
  const { app, platform } = newPlatform();
  if (selfManaged) new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
  const scraping = new ArgoScraping(platform, 'Scraping');
  const alerts = new ArgoAlerts(platform, 'Alerts', { scraping, teamLabel: 'owner' });
  new ArgoDashboards(platform, 'Dashboards', { alerts, ...props });
  const files = Object.fromEntries(Object.entries(app.render()).filter(([f]) => f.endsWith('.yaml')).map(([f, t]) => [f, parse(t)]));
  return { files, alerts };
}

/** Grafana's variables replaced by values Prometheus accepts, so the query can be parsed as PromQL. */
function asPromql(expr: string): string {
  return expr.replace(/\$__rate_interval/g, '5m').replace(/\$(project|team)/g, '.*');
}

describe('ArgoDashboards', () => {
  test('a GrafanaDashboard built with the Foundation SDK: datasource and team variables, the issue\'s panels, queries on the alerts\' selector', () => {
    const { files, alerts } = render({ delivery: DashboardDelivery.GRAFANA_OPERATOR, folder: 'Argo CD', instanceLabels: { grafana: 'platform' } });
    const object = files['argocd/grafanadashboard-argocd-argocd-dashboard.yaml'];
    expect(object.metadata).toEqual({ name: 'argocd-argocd-dashboard', namespace: 'argocd', labels: { 'app.kubernetes.io/part-of': 'argocd' } });
    expect(object.spec.instanceSelector).toEqual({ matchLabels: { grafana: 'platform' } });
    // The CRD defaults it to false: the operator would then only match a Grafana in namespace argocd.
    expect(object.spec.allowCrossNamespaceImport).toBe(true);
    expect(object.spec.folder).toBe('Argo CD');
    const dashboard = JSON.parse(object.spec.json);
    expect(dashboard.uid).toBe('argocd-argocd');
    expect(dashboard.title).toBe('Argo CD (argocd)');

    const variables = dashboard.templating.list;
    expect(variables.map((v: any) => [v.name, v.type])).toEqual([['datasource', 'datasource'], ['team', 'query'], ['project', 'query']]);
    expect(variables[0].query).toBe('prometheus');
    expect(variables[1].query).toBe('label_values(argocd_platform:project_team:info{argocd_platform="argocd"}, owner)');
    expect(variables[1]).toMatchObject({ multi: true, includeAll: true, allValue: '.*' });
    expect(variables[2].query).toBe('query_result(group by (project) (argocd_app_info{namespace="argocd", job="argocd-application-controller-metrics"}) unless on (project) argocd_platform:project_team:info{argocd_platform="argocd", owner!~"$team"})');
    expect(promqlSyntaxError(asPromql(variables[2].query.replace(/^query_result\((.*)\)$/, '$1')))).toBeUndefined();

    const panels = dashboard.panels.filter((p: any) => p.type !== 'row');
    expect(dashboard.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toEqual(['Applications', 'Controller', 'Repositories', 'Notifications']);
    expect(panels.map((p: any) => [p.type, p.title, p.fieldConfig.defaults.unit])).toEqual([
      ['stat', 'Applications by sync status', 'short'],
      ['stat', 'Applications by health status', 'short'],
      ['timeseries', 'Sync operations by phase', 'short'],
      ['timeseries', 'Reconciliation time p95', 's'],
      ['timeseries', 'Git request duration p95', 's'],
      ['timeseries', 'Git request failures', 'short'],
      ['timeseries', 'Repo-server pending requests', 'short'],
      ['timeseries', 'Notification deliveries', 'short'],
    ]);
    const byTitle = Object.fromEntries(panels.map((p: any) => [p.title, p.targets.map((t: any) => t.expr)]));
    expect(byTitle['Applications by sync status']).toEqual(['sum by (sync_status) (argocd_app_info{namespace="argocd", job="argocd-application-controller-metrics", project=~"$project"})']);
    expect(byTitle['Reconciliation time p95']).toEqual(['histogram_quantile(0.95, sum by (le, dest_server) (rate(argocd_app_reconcile_bucket{namespace="argocd", job="argocd-application-controller-metrics"}[$__rate_interval])))']);
    expect(byTitle['Git request failures']).toEqual([
      'sum by (repo) (increase(argocd_git_fetch_fail_total{namespace="argocd", job="argocd-repo-server-metrics"}[$__rate_interval]))',
      'sum by (repo) (increase(argocd_git_lsremote_fail_total{namespace="argocd", job="argocd-repo-server-metrics"}[$__rate_interval]))',
    ]);
    expect(byTitle['Notification deliveries']).toEqual(['sum by (service, succeeded) (increase(argocd_notifications_deliveries_total{namespace="argocd", job="argocd-notifications-controller-metrics"}[$__rate_interval]))']);

    for (const panel of panels) {
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const target of panel.targets) {
        expect(target.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
        // The same selector as the alerts, and valid PromQL.
        const component = /argocd_(app|cluster)_/.test(target.expr) ? ArgoComponent.APPLICATION_CONTROLLER
          : /git|repo_pending/.test(target.expr) ? ArgoComponent.REPO_SERVER : ArgoComponent.NOTIFICATIONS_CONTROLLER;
        expect(target.expr).toContain(alerts.selector.matchers(component));
        expect({ expr: target.expr, error: promqlSyntaxError(asPromql(target.expr)) }).toEqual({ expr: target.expr, error: undefined });
      }
    }
  });

  test('the default delivery is a ConfigMap for the Grafana sidecar; the label is configurable', () => {
    const plain = render({}, false).files['argocd/configmap-argocd-argocd-dashboard.yaml'];
    expect(plain.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'argocd', 'grafana_dashboard': '1' });
    const dashboard = JSON.parse(plain.data['argocd-argocd-dashboard.json']);
    // Plain manifests: the controller's job is argocd-metrics.
    expect(dashboard.panels.find((p: any) => p.title === 'Applications by health status').targets[0].expr)
      .toBe('sum by (health_status) (argocd_app_info{namespace="argocd", job="argocd-metrics", project=~"$project"})');

    const custom = render({ sidecarLabelKey: 'grafana.com/dashboard', sidecarLabelValue: 'argocd', namespace: 'monitoring' }).files['argocd/configmap-argocd-argocd-dashboard.yaml'];
    expect(custom.metadata).toEqual({ name: 'argocd-argocd-dashboard', namespace: 'monitoring', labels: { 'app.kubernetes.io/part-of': 'argocd', 'grafana.com/dashboard': 'argocd' } });
  });

  test('community dashboards by grafana.com ID at a pinned revision, as GrafanaDashboards', () => {
    const { files } = render({
      communityDashboards: [
        { name: 'argocd-community-14584', id: 14584, revision: 1, datasourceInputName: 'DS_PROMETHEUS' },
        { name: 'argocd-community-19993', id: 19993, revision: 2 },
      ],
      datasourceName: 'Mimir',
    });
    expect(files['argocd/grafanadashboard-argocd-community-14584.yaml'].spec).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'grafana' } },
      allowCrossNamespaceImport: true,
      grafanaCom: { id: 14584, revision: 1 },
      datasources: [{ inputName: 'DS_PROMETHEUS', datasourceName: 'Mimir' }],
    });
    expect(files['argocd/grafanadashboard-argocd-community-19993.yaml'].spec).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'grafana' } },
      allowCrossNamespaceImport: true,
      grafanaCom: { id: 19993, revision: 2 },
    });
  });

  test('allowCrossNamespaceImport: false keeps every GrafanaDashboard to Grafana instances of its own namespace', () => {
    const { files } = render({
      delivery: DashboardDelivery.GRAFANA_OPERATOR,
      allowCrossNamespaceImport: false,
      communityDashboards: [{ name: 'argocd-community-14584', id: 14584, revision: 1 }],
    });
    expect(files['argocd/grafanadashboard-argocd-argocd-dashboard.yaml'].spec.allowCrossNamespaceImport).toBe(false);
    expect(files['argocd/grafanadashboard-argocd-community-14584.yaml'].spec.allowCrossNamespaceImport).toBe(false);
  });

  test.each([
    [{ allowCrossNamespaceImport: 'yes' as unknown as boolean }, 'allowCrossNamespaceImport: must be true or false (got "yes")'],
    [{ communityDashboards: [{ name: 'argocd-14584', id: 14584, revision: 0 }] }, 'communityDashboards[0].revision: must be a pinned revision (a positive whole number); the latest revision would change under you (got 0)'],
    [{ communityDashboards: [{ name: 'argocd-14584', id: 1.5, revision: 1 }] }, 'communityDashboards[0].id: must be a grafana.com dashboard ID (a positive whole number) (got 1.5)'],
    [{ communityDashboards: [{ name: 'a', id: 1, revision: 1 }, { name: 'a', id: 2, revision: 1 }] }, 'communityDashboards[1].name: dashboard names must be unique (got "a")'],
    [{ instanceLabels: {} }, 'instanceLabels: must select at least one label: an empty selector matches every Grafana instance (got {})'],
    [{ delivery: 'json' as DashboardDelivery }, 'delivery: must be one of config-map, grafana-operator (got "json")'],
    [{ sidecarLabelValue: 'yes please' }, 'sidecarLabel.grafana_dashboard: must be a Kubernetes label value (at most 63 letters, digits, "-", "_" and ".") (got "yes please")'],
  ])('refuses %j', (props, message) => {
    const { platform } = newPlatform();
    expect(() => new ArgoDashboards(platform, 'Dashboards', props as ArgoDashboardsProps)).toThrow(`[argocd/Dashboards] ${message}`);
  });
});
