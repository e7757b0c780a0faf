import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import { keyVault, notifiedPlatform } from './fixtures';
import {
  CONNECTOR_WARNING_TYPE, EmailNotifier, NotificationSubscription, SlackNotifier, TeamsConnectorNotifier, TeamsWorkflowsNotifier, WebhookNotifier,
} from '../../src';
import { renderParsed } from '../helpers/platform-fixture';

const CM = 'argocd/configmap-argocd-notifications-cm.yaml';
const SECRET = 'argocd/externalsecret-argocd-notifications-secret.yaml';

describe('notification services render the keys notifications-engine reads', () => {
  test('Slack: token, username, icon, signingSecret, channels, apiURL, disableUnfurl; named service', () => {
    const { app, notifications } = notifiedPlatform();
    new SlackNotifier(notifications, 'Slack', {
      token: keyVault('slack-bot-token'),
      username: 'Argo CD',
      icon: ':argo:',
      signingSecret: keyVault('slack-signing'),
      defaultChannels: ['deployments'],
      apiUrl: 'https://slack.example.org/api/',
      disableUnfurl: true,
    });
    new SlackNotifier(notifications, 'Other', { name: 'partner', token: keyVault('partner-token') });
    const out = renderParsed(app);
    expect(parse(out[CM].data['service.slack'])).toEqual({
      token: '$slack-token',
      username: 'Argo CD',
      icon: ':argo:',
      signingSecret: '$slack-signing-secret',
      channels: ['deployments'],
      apiURL: 'https://slack.example.org/api/',
      disableUnfurl: true,
    });
    expect(parse(out[CM].data['service.slack.partner'])).toEqual({ token: '$slack-partner-token' });
    expect(out[SECRET].spec.data.map((d: any) => d.secretKey)).toEqual(['slack-partner-token', 'slack-signing-secret', 'slack-token']);
  });

  test('Teams Workflows: recipientUrls from secrets; subscribed as teams-workflows', () => {
    const { app, notifications } = notifiedPlatform();
    new TeamsWorkflowsNotifier(notifications, 'Teams', { recipients: { 'platform-team': keyVault('teams-platform'), 'ops': keyVault('teams-ops') } });
    new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'teams-workflows', recipient: 'ops' }], triggers: ['on-sync-failed'] });
    const out = renderParsed(app);
    expect(parse(out[CM].data['service.teams-workflows'])).toEqual({
      recipientUrls: { 'ops': '$teams-workflows-ops', 'platform-team': '$teams-workflows-platform-team' },
    });
  });

  test('Teams Workflows needs Argo CD 3.3', () => {
    const { notifications } = notifiedPlatform({ argoCdVersion: 'v3.2.0' });
    expect(() => new TeamsWorkflowsNotifier(notifications, 'Teams', { recipients: { ops: keyVault('x') } }))
      .toThrow('[argocd/Notifications/Teams] service: the teams-workflows service exists since Argo CD v3.3.0; the platform targets v3.2.0 (got "teams-workflows")');
  });

  test('the retired Teams connector needs an explicit opt-in and warns', () => {
    expect(() => new TeamsConnectorNotifier(notifiedPlatform().notifications, 'Legacy', { recipients: { ops: keyVault('x') }, acknowledgeConnectorRetirement: false }))
      .toThrow(/\[argocd\/Notifications\/Legacy\] acknowledgeConnectorRetirement: Office 365 connectors are retired \(March 31, 2026\)/);
    const { app, notifications } = notifiedPlatform();
    const legacy = new TeamsConnectorNotifier(notifications, 'Legacy2', { recipients: { ops: keyVault('x') }, acknowledgeConnectorRetirement: true });
    expect(legacy.node.metadata.filter(m => m.type === CONNECTOR_WARNING_TYPE).map(m => m.data)).toEqual([
      'service.teams uses the retired Office 365 connectors (March 31, 2026); move to TeamsWorkflowsNotifier (Power Automate Workflows)',
    ]);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = renderParsed(app);
    expect(stderr.mock.calls.map(c => String(c[0]))).toEqual([expect.stringMatching(/^warning: \[argocd\/Notifications\/Legacy2\] service.teams uses the retired/)]);
    stderr.mockRestore();
    expect(parse(out[CM].data['service.teams'])).toEqual({ recipientUrls: { ops: '$teams-ops' } });
  });

  test('e-mail: host, port (int), from, username, password', () => {
    const { app, notifications } = notifiedPlatform();
    new EmailNotifier(notifications, 'Email', { host: 'smtp.office365.com', from: 'argocd@civica.example', username: 'argocd@civica.example', password: keyVault('smtp-password') });
    expect(parse(renderParsed(app)[CM].data['service.email'])).toEqual({
      host: 'smtp.office365.com', port: 587, from: 'argocd@civica.example', username: 'argocd@civica.example', password: '$email-password',
    });
  });

  test('webhook: url, headers with secret values, basicAuth, retries; subscribed by its name with a webhook block', () => {
    const { app, notifications } = notifiedPlatform();
    new WebhookNotifier(notifications, 'GitHub', {
      name: 'github',
      url: 'https://api.github.com',
      headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'Authorization', secret: keyVault('github-token') }],
      basicAuth: { username: 'argocd', password: keyVault('github-password') },
      retryMax: 5,
      retryWaitMin: Duration.seconds(2),
      retryWaitMax: Duration.seconds(10),
    });
    const out = renderParsed(app);
    expect(parse(out[CM].data['service.webhook.github'])).toEqual({
      url: 'https://api.github.com',
      headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'Authorization', value: '$webhook-github-authorization' }],
      basicAuth: { username: 'argocd', password: '$webhook-github-password' },
      retryMax: 5,
      // notifications-engine pkg/services/webhook.go (commit 0cff13b8a717, pinned by Argo CD v3.5.1):
      // RetryWaitMin/RetryWaitMax are time.Duration decoded from JSON, i.e. integers of nanoseconds.
      retryWaitMin: 2_000_000_000,
      retryWaitMax: 10_000_000_000,
    });
    expect(JSON.stringify(out)).not.toMatch(/ghp_/);
  });

  test('webhook: retries the engine would misread are refused (0 means unset, waits out of order)', () => {
    const { notifications } = notifiedPlatform();
    expect(() => new WebhookNotifier(notifications, 'A', { name: 'a', url: 'https://api.example.org', retryMax: 0 }))
      .toThrow('[argocd/Notifications/A] retryMax: must be a whole number of retries from 1 to 100 (notifications-engine reads 0 as unset and retries 3 times) (got 0)');
    expect(() => new WebhookNotifier(notifications, 'B', { name: 'b', url: 'https://api.example.org', retryWaitMin: Duration.millis(0) }))
      .toThrow('[argocd/Notifications/B] retryWaitMin: must be a whole number of milliseconds from 1ms to 1 hour (0 is read as unset) (got "0ms")');
    expect(() => new WebhookNotifier(notifications, 'C', { name: 'c', url: 'https://api.example.org', retryWaitMin: Duration.seconds(10) }))
      .toThrow('[argocd/Notifications/C] retryWaitMin: must not be longer than retryWaitMax (5000ms) (got "10000ms")');
  });

  test('a literal Authorization header is refused', () => {
    const { notifications } = notifiedPlatform();
    expect(() => new WebhookNotifier(notifications, 'Hook', { name: 'hook', url: 'https://api.example.org', headers: [{ name: 'Authorization', value: 'Bearer abc' }] }))
      .toThrow('[argocd/Notifications/Hook] headers[0].value: a literal Authorization header is a credential and would end up in Git; use secret (a SecretSource) (got "<redacted>")');
  });
});
