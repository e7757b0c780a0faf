import { parse } from 'yaml';
import { keyVault, notifiedPlatform } from './fixtures';
import { NotificationSubscription, SlackNotifier, TeamChannelKind, TeamProject, TeamsWorkflowsNotifier } from '../../src';
import { renderParsed } from '../helpers/platform-fixture';

/**
 * A subscription's references are checked at synth, at the subscription: a recipient its service
 * does not configure and a selector on an environment that does not exist would notify nobody.
 */

const CM = 'argocd/configmap-argocd-notifications-cm.yaml';
const TEAMS_URL = 'https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=Zm9vYmFyYmF6cXV4';

describe('subscription references', () => {
  test('GIVEN a recipient the Teams service does not configure THEN one line at the subscription, with did you mean', () => {
    const { app, notifications } = notifiedPlatform();
    new TeamsWorkflowsNotifier(notifications, 'Teams', { recipients: { 'platform-team': keyVault('teams-platform') } });
    new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'teams-workflows', recipient: 'platform-tem' }], triggers: ['on-sync-failed'] });
    expect(() => app.render()).toThrow('Validation failed with the following errors:\n  [argocd/Notifications/Sub] recipients[0].recipient: service "teams-workflows" has no recipient of this name (its recipients: platform-team); Argo CD would silently notify nobody (got "platform-tem"); did you mean "platform-team"? add it to the service\'s recipients, or name one of them');
  });

  test('GIVEN a matchLabels environment that does not exist THEN refused at the subscription', () => {
    const { app, notifications } = notifiedPlatform();
    new SlackNotifier(notifications, 'Slack', { token: keyVault('slack-token') });
    new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'slack', recipient: 'ops' }], triggers: ['on-sync-failed'], matchLabels: { 'argocd-platform/environment': 'prd' } });
    expect(() => app.render()).toThrow('[argocd/Notifications/Sub] matchLabels.argocd-platform/environment: no environment of the platform is named so (it has dev, prod); the selector would match no Application (got "prd"); did you mean "prod"? name one of them');
  });

  test('typed environments render a set-based selector and are checked', () => {
    const { app, notifications } = notifiedPlatform();
    new SlackNotifier(notifications, 'Slack', { token: keyVault('slack-token') });
    new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'slack', recipient: 'ops' }], triggers: ['on-sync-failed'], environments: ['prod'], matchLabels: { 'argocd-platform/team': 'payments' } });
    expect(() => app.render()).toThrow('[argocd/Notifications/Sub] matchLabels.argocd-platform/team: no team of the platform is named so (it has none); the selector would match no Application (got "payments"); name one of them');
  });

  test('typed environments render `argocd-platform/environment in (...)`', () => {
    const { app, notifications } = notifiedPlatform();
    new SlackNotifier(notifications, 'Slack', { token: keyVault('slack-token') });
    new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'slack', recipient: 'ops' }], triggers: ['on-sync-failed'], environments: ['prod', 'dev'] });
    expect(parse(renderParsed(app)[CM].data.subscriptions)).toEqual([
      { recipients: ['slack:ops'], triggers: ['on-sync-failed'], selector: 'argocd-platform/environment in (dev,prod)' },
    ]);
  });

  test('an unknown typed environment names its index', () => {
    const { app, notifications } = notifiedPlatform();
    new SlackNotifier(notifications, 'Slack', { token: keyVault('slack-token') });
    new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'slack', recipient: 'ops' }], triggers: ['on-sync-failed'], environments: ['dev', 'staging'] });
    expect(() => app.render()).toThrow('[argocd/Notifications/Sub] environments[1]: no environment of the platform is named so (it has dev, prod); the selector would match no Application (got "staging"); name one of them');
  });

  test('GIVEN a Workflows URL pasted as a recipient THEN refused at once, its signature never shown', () => {
    const { notifications } = notifiedPlatform();
    expect(() => new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'teams-workflows', recipient: TEAMS_URL }], triggers: ['on-sync-failed'] }))
      .toThrow(`[argocd/Notifications/Sub] recipients[0].recipient: must be a recipient name (a channel, a Teams recipient name, an address), not a URL; it is a URL carrying a signature or credential in its query (sig=, sv=, token= …) (got "<redacted ${TEAMS_URL.length}-character literal>"); give the URL to the service as a SecretSource (for example TeamsWorkflowsNotifier recipients) and name its recipient here`);
  });
});

describe('a validation error stops the checks on rendered objects', () => {
  test('GIVEN a Workflows URL pasted as a team notify recipient THEN the synth prints that one line, no guardrail follow-ons', () => {
    const { app, platform, notifications } = notifiedPlatform();
    new TeamsWorkflowsNotifier(notifications, 'Teams', { recipients: { orders: keyVault('teams-orders') } });
    new TeamProject(platform, 'Orders', { team: 'orders', sourceRepos: ['git@github.com:civica/gitops-config.git'], notify: [{ kind: TeamChannelKind.TEAMS_WORKFLOWS, recipient: TEAMS_URL }] });
    let error: unknown;
    try {
      app.render();
    } catch (e) {
      error = e;
    }
    const lines = String((error as Error).message).split('\n').slice(1).map(l => l.trim());
    // Without the stop, ARGO-SEC2 would add a line for every object the URL reached (the notifications
    // ConfigMap's subscriptions, the project's annotation ...), each suggesting an acknowledgement.
    expect(lines.filter(l => l.includes('ARGO-'))).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`[argocd/Orders] notify[0].recipient: must be a recipient name (a channel, a Teams recipient name, an address), not a URL; it is a URL carrying a signature or credential in its query (sig=, sv=, token= …) (got "<redacted ${TEAMS_URL.length}-character literal>"); `
      + 'give the URL to the TeamsWorkflowsNotifier as a SecretSource in its recipients (for example recipients: { orders: SecretSource.fromAzureKeyVault({ secretName: \'…\' }) }) and name that recipient here');
  });
});
