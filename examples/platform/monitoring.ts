import { Duration } from 'cdk8s';
import { ArgoAlerts, ArgoDashboards, ArgoPlatform, ArgoScraping, DashboardDelivery } from '../../src';

/**
 * How the platform team knows Argo CD is unhealthy before a user tells them: the chart's
 * ServiceMonitors (selected by kube-prometheus-stack), the alerts with each team's routing label and
 * dist/argocd.runbook.md, the generated dashboard and the seed's two community dashboards, all for
 * the grafana-operator.
 */
export function addMonitoring(platform: ArgoPlatform): void {
  const prometheusSelects = { release: 'kube-prometheus-stack' };
  const scraping = new ArgoScraping(platform, 'Scraping', { labels: prometheusSelects });
  const alerts = new ArgoAlerts(platform, 'Alerts', {
    scraping,
    ruleLabels: prometheusSelects,
    // Image Updater writes new payments-api tags back to Git several times a day: give it longer.
    appOutOfSync: { for: Duration.minutes(30) },
  });
  new ArgoDashboards(platform, 'Dashboards', {
    alerts,
    delivery: DashboardDelivery.GRAFANA_OPERATOR,
    folder: 'Argo CD',
    communityDashboards: [
      { name: 'argocd-community-14584', id: 14584, revision: 1 },
      { name: 'argocd-community-19993', id: 19993, revision: 1 },
    ],
  });
}
