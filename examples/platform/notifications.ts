import {
  ArgoNotifications, ArgoPlatform, NotificationSubscription, SecretSource, SlackNotifier, TeamsWorkflowsNotifier,
} from '../../src';

/**
 * How the organisation is told: the teams in their own Slack channels (declared on each TeamProject
 * with `notify`: failures and degradation in every environment, successes in prod only), the
 * platform team in its Teams channel through a Power Automate Workflow. The token and the Workflow URL
 * come from Key Vault into argocd-notifications-secret. When the platform has alerts, the same
 * channels receive each team's alerts (an AlertmanagerConfig per team).
 */
export function addNotifications(platform: ArgoPlatform): ArgoNotifications {
  const notifications = new ArgoNotifications(platform, 'Notifications');

  new SlackNotifier(notifications, 'Slack', {
    token: SecretSource.fromAzureKeyVault({ secretName: 'argocd-notifications-slack-token' }),
    username: 'Argo CD',
    icon: ':argo:',
  });

  new TeamsWorkflowsNotifier(notifications, 'Teams', {
    recipients: { 'platform-team': SecretSource.fromAzureKeyVault({ secretName: 'argocd-notifications-teams-platform' }) },
  });

  // The platform team hears about every failure and degradation, whichever team owns the application.
  new NotificationSubscription(notifications, 'PlatformChannel', {
    recipients: [{ service: 'teams-workflows', recipient: 'platform-team' }],
    triggers: ['on-health-degraded', 'on-sync-failed'],
  });

  return notifications;
}
