import * as fs from 'fs';
import { parse } from 'yaml';
import { keyVault, notifiedPlatform, GITOPS } from './fixtures';
import {
  ApplicationSource, ApplicationSubscription, ArgoNotifications, NotificationSubscription, NotificationTemplate, NotificationTrigger,
  PlatformCapability, SelfManagedArgo, SlackNotifier, TeamApplication, TeamChannelKind, TeamProject, TeamsWorkflowsNotifier,
  CatalogTrigger, WebhookMethod, WebhookNotifier,
} from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';
import { itWithReference } from '../helpers/reference';

const CM = 'argocd/configmap-argocd-notifications-cm.yaml';

describe('ArgoNotifications', () => {
  test('owns argocd-notifications-cm and argocd-notifications-secret; context.argocdUrl from the platform URL; chart controller on, its copies off', () => {
    const { app, platform, notifications } = notifiedPlatform();
    new SlackNotifier(notifications, 'Slack', { token: keyVault('slack-bot-token') });
    new SelfManagedArgo(platform, 'Argo', { chartVersion: '10.1.1' });
    const out = renderParsed(app);
    expect(parse(out[CM].data.context)).toEqual({ argocdUrl: 'https://argocd.example.org' });
    expect(platform.capabilities.providerOf(PlatformCapability.NOTIFICATIONS)).toBe(notifications);
    const secret = out['argocd/externalsecret-argocd-notifications-secret.yaml'];
    expect(secret.spec.target).toMatchObject({ name: 'argocd-notifications-secret', creationPolicy: 'Owner' });
    expect(secret.spec.data).toEqual([{ secretKey: 'slack-token', remoteRef: { key: 'slack-bot-token' } }]);
    const values = out['argocd.values.yaml'];
    expect(values.notifications).toMatchObject({ enabled: true, argocdUrl: 'https://argocd.example.org', cm: { create: false }, secret: { create: false } });
    // No secret value anywhere in the output.
    expect(JSON.stringify(out)).not.toMatch(/xoxb-/);
  });

  test('the defaults: the seed\'s three triggers and templates', () => {
    const { app } = notifiedPlatform();
    const data = renderParsed(app)[CM].data;
    expect(Object.keys(data).sort()).toEqual([
      'context',
      'template.app-health-degraded', 'template.app-sync-failed', 'template.app-sync-succeeded',
      'trigger.on-health-degraded', 'trigger.on-sync-failed', 'trigger.on-sync-succeeded',
    ]);
    const succeeded = parse(data['template.app-sync-succeeded']);
    const attachment = JSON.parse(succeeded.slack.attachments)[0];
    expect(attachment).toMatchObject({
      color: '#18be52',
      title: '{{.app.metadata.name}} synced successfully',
      text: 'Application {{.app.metadata.name}} is now running revision {{.app.status.sync.revision}}.',
      title_link: '{{.context.argocdUrl}}/applications/{{.app.metadata.namespace}}/{{.app.metadata.name}}',
    });
    expect(JSON.parse(parse(data['template.app-sync-failed']).slack.attachments)[0].color).toBe('#E96D76');
    expect(JSON.parse(parse(data['template.app-health-degraded']).slack.attachments)[0].color).toBe('#f4c030');
  });

  test('every built-in template: Slack attachments and Adaptive Cards are valid JSON once each Go template action is a sample value', () => {
    const { app } = notifiedPlatform();
    const data = renderParsed(app)[CM].data;
    const templates = Object.keys(data).filter(k => k.startsWith('template.'));
    expect(templates).toHaveLength(3);
    for (const key of templates) {
      const template = parse(data[key]);
      for (const json of [template.slack.attachments, template['teams-workflows'].adaptiveCard]) {
        expect(json).toMatch(/\{\{\.app\.metadata\.name\}\}/);
        const sampled = json.replace(/\{\{[\s\S]*?\}\}/g, 'sample');
        expect(() => JSON.parse(sampled)).not.toThrow();
      }
      expect(JSON.parse(template['teams-workflows'].adaptiveCard)).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
      expect(template.email.subject).toMatch(/\{\{\.app\.metadata\.name\}\}/);
    }
  });

  itWithReference('catalog triggers render the catalog\'s exact when, oncePer, description and template', 'argocd-data/notifications-catalog-install.yaml', file => {
    const catalog = parse(fs.readFileSync(file, 'utf8')).data;
    const { app, notifications } = notifiedPlatform();
    for (const trigger of Object.values(CatalogTrigger)) {
      if (['on-sync-succeeded', 'on-sync-failed', 'on-health-degraded'].includes(trigger)) continue;
      const template = trigger.replace(/^on-/, 'app-');
      NotificationTrigger.fromCatalog(notifications, `T-${trigger}`, trigger);
      new NotificationTemplate(notifications, `Tpl-${template}`, { name: template, email: { subject: template } });
    }
    const data = renderParsed(app)[CM].data;
    const triggers = Object.keys(catalog).filter(k => k.startsWith('trigger.')).sort();
    expect(triggers).toHaveLength(8);
    for (const key of triggers) expect({ key, conditions: parse(data[key]) }).toEqual({ key, conditions: parse(catalog[key]) });
  });

  test('a custom trigger is a YAML list of conditions', () => {
    const { app, notifications } = notifiedPlatform();
    new NotificationTrigger(notifications, 'Prod', {
      name: 'on-prod-degraded',
      conditions: [{ when: 'app.status.health.status == \'Degraded\' and app.metadata.labels[\'env\'] == \'prod\'', send: ['app-health-degraded'], oncePer: 'app.status.sync.revision', description: 'Production degraded' }],
    });
    expect(parse(renderParsed(app)[CM].data['trigger.on-prod-degraded'])).toEqual([
      { when: 'app.status.health.status == \'Degraded\' and app.metadata.labels[\'env\'] == \'prod\'', send: ['app-health-degraded'], oncePer: 'app.status.sync.revision', description: 'Production degraded' },
    ]);
  });

  test('subscriptions at three levels: global (selector), per project (team channel annotation), per application', () => {
    const { app, platform, notifications } = notifiedPlatform();
    new SlackNotifier(notifications, 'Slack', { token: keyVault('slack-bot-token') });
    new TeamsWorkflowsNotifier(notifications, 'Teams', { recipients: { 'platform-team': keyVault('teams-platform') } });
    new NotificationSubscription(notifications, 'Platform', {
      recipients: [{ service: 'teams-workflows', recipient: 'platform-team' }],
      triggers: ['on-sync-failed'],
      matchLabels: { 'argocd-platform/environment': 'prod' },
    });
    const payments = new TeamProject(platform, 'Payments', {
      team: 'payments', sourceRepos: [GITOPS], notify: [{ kind: TeamChannelKind.SLACK, recipient: 'payments-deployments' }],
    });
    const api = new TeamApplication(payments, 'Api', {
      project: payments,
      appName: 'api',
      source: ApplicationSource.fromDirectory({ repoUrl: GITOPS, targetRevision: 'main', pathPattern: 'apps/{app}/{env}' }),
    });
    new ApplicationSubscription(payments, 'ApiOnCall', {
      application: api,
      environments: ['prod'],
      triggers: ['on-sync-failed', 'on-health-degraded'],
      recipients: [{ service: 'slack', recipient: 'payments-oncall' }, { service: 'slack', recipient: 'payments-api' }],
    });
    const out = renderParsed(app);
    expect(parse(out[CM].data.subscriptions)).toEqual([
      { recipients: ['teams-workflows:platform-team'], triggers: ['on-sync-failed'], selector: 'argocd-platform/environment=prod' },
      { recipients: ['slack:payments-deployments'], triggers: ['on-sync-succeeded'], selector: 'argocd-platform/environment in (prod),argocd-platform/team=payments' },
    ]);
    expect(parse(out['argocd/appproject-payments.yaml'].metadata.annotations['notifications.argoproj.io/subscriptions'])).toEqual([
      { trigger: ['on-health-degraded', 'on-sync-failed'], destinations: [{ service: 'slack', recipients: ['payments-deployments'] }] },
    ]);
    expect(out['prod/application-payments-api-prod.yaml'].metadata.annotations).toEqual({
      'notifications.argoproj.io/subscribe.on-health-degraded.slack': 'payments-api;payments-oncall',
      'notifications.argoproj.io/subscribe.on-sync-failed.slack': 'payments-api;payments-oncall',
    });
    expect(out['dev/application-payments-api-dev.yaml'].metadata.annotations).toBeUndefined();
  });

  test('ApplicationSubscription.annotations gives a team repository the same checked annotations', () => {
    expect(ApplicationSubscription.annotations({ triggers: ['on-sync-failed'], recipients: [{ service: 'slack', recipient: 'payments-worker' }] }))
      .toEqual({ 'notifications.argoproj.io/subscribe.on-sync-failed.slack': 'payments-worker' });
    expect(() => ApplicationSubscription.annotations({ triggers: ['on.sync'], recipients: [{ service: 'slack', recipient: 'x' }] }))
      .toThrow('[ApplicationSubscription.annotations] triggers[0]: a trigger name must not contain "." (notifications splits annotation and settings keys on dots, so the name would silently mean something else) (got "on.sync")');
  });

  test('services, triggers and templates need ArgoNotifications on the platform', () => {
    const { platform } = newPlatform();
    expect(() => new SlackNotifier(platform, 'Slack', { token: keyVault('t') }))
      .toThrow('[argocd/Slack] notifications: the platform has no ArgoNotifications here; declare notification services, triggers, templates and subscriptions inside it (new SlackNotifier(notifications, ...)) (got undefined)');
  });
});

describe('validation (fails the synth, naming the construct)', () => {
  test('a subscription naming an undefined trigger', () => {
    const { app, notifications } = notifiedPlatform();
    new SlackNotifier(notifications, 'Slack', { token: keyVault('t') });
    new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'slack', recipient: 'ops' }], triggers: ['on-sync-running'] });
    expect(() => app.render()).toThrow('[argocd/Notifications/Sub] recipients: the subscription names trigger "on-sync-running", which is not defined (defined: on-health-degraded, on-sync-failed, on-sync-succeeded); Argo CD would silently never send it (got "on-sync-running")');
  });

  test('a subscription naming an undefined service', () => {
    const { app, notifications } = notifiedPlatform();
    new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'teams', recipient: 'ops' }], triggers: ['on-sync-failed'] });
    expect(() => app.render()).toThrow('[argocd/Notifications/Sub] recipients: the subscription names service "teams", which is not configured (configured: none); Argo CD would silently never send it (got "teams")');
  });

  test('a trigger sending an undefined template', () => {
    const { app, notifications } = notifiedPlatform();
    NotificationTrigger.fromCatalog(notifications, 'Deployed', CatalogTrigger.ON_DEPLOYED);
    expect(() => app.render()).toThrow('[argocd/Notifications/Deployed] send: trigger "on-deployed" sends template "app-deployed", which is not defined (defined: app-health-degraded, app-sync-failed, app-sync-succeeded); define it with NotificationTemplate (got "app-deployed")');
  });

  test('a template with no block for a service it is sent to', () => {
    const { app, notifications } = notifiedPlatform({});
    new NotificationTemplate(notifications, 'Tpl', { name: 'app-deployed', email: { subject: 'deployed' } });
    NotificationTrigger.fromCatalog(notifications, 'Deployed', CatalogTrigger.ON_DEPLOYED);
    new SlackNotifier(notifications, 'Slack', { token: keyVault('t') });
    new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'slack', recipient: 'ops' }], triggers: ['on-deployed'] });
    expect(() => app.render()).toThrow('[argocd/Notifications/Tpl] slack: template "app-deployed" is sent to service "slack" (trigger "on-deployed", subscribed by [argocd/Notifications/Sub]) but has no slack block (got ["email"])');
  });

  test('a trigger name with a dot', () => {
    const { notifications } = notifiedPlatform();
    expect(() => new NotificationTrigger(notifications, 'Bad', { name: 'on.sync', conditions: [{ when: 'true', send: ['app-sync-failed'] }] }))
      .toThrow('[argocd/Notifications/Bad] name: a trigger name must not contain "." (notifications splits annotation and settings keys on dots, so the name would silently mean something else) (got "on.sync")');
  });

  test('a $key the notifications secret does not provide', () => {
    const { app, notifications } = notifiedPlatform();
    new WebhookNotifier(notifications, 'GitHub', { name: 'github', url: 'https://api.github.com', headers: [{ name: 'Authorization', value: 'token $github-token' }] });
    expect(() => app.render()).toThrow('[argocd/Notifications/GitHub] headers[0].value: is not a key of argocd-notifications-secret (provided: none); deliver it from a SecretSource (got "$github-token")');
  });

  test('a literal token or webhook URL', () => {
    const { notifications } = notifiedPlatform();
    expect(() => new SlackNotifier(notifications, 'Slack', { token: 'xoxb-123-secret' as any }))
      .toThrow('[argocd/Notifications/Slack] token: must be a SecretSource (SecretSource.fromAzureKeyVault, fromExternalStore or fromSealedSecret): a literal Slack token would end up in Git (got "<literal value>")');
    expect(() => new WebhookNotifier(notifications, 'Hook', { name: 'hook', url: 'https://hooks.slack.com/services/T000/B000/XXXX' }))
      .toThrow('[argocd/Notifications/Hook] url: this webhook URL carries a credential (a signature, token, key or password) and would end up in Git; give it as urlSecret from a SecretSource (got "<redacted>")');
    expect(() => new TeamsWorkflowsNotifier(notifications, 'Teams', { recipients: { ops: 'https://prod-01.westeurope.logic.azure.com/workflows/x?sig=abc' as any } }))
      .toThrow('[argocd/Notifications/Teams] recipients.ops: must be a SecretSource (SecretSource.fromAzureKeyVault, fromExternalStore or fromSealedSecret): a literal Workflow URL (it carries a signature) would end up in Git (got "<literal value>")');
  });

  test('a team channel for a service that is not configured', () => {
    const { app, platform } = notifiedPlatform();
    new TeamProject(platform, 'Orders', { team: 'orders', sourceRepos: [GITOPS], notify: [{ kind: TeamChannelKind.TEAMS_WORKFLOWS, recipient: 'orders' }] });
    expect(() => app.render()).toThrow('[argocd/Orders] notify[0].service: the team\'s teams-workflows channel needs a teams-workflows service "teams-workflows", which is not configured (configured: none) (got "teams-workflows")');
    expect(() => app.render()).not.toThrow(/the subscription names service/);
  });

  test('team channels on a platform without notifications', () => {
    const { app, platform } = newPlatform();
    new TeamProject(platform, 'Orders', { team: 'orders', sourceRepos: [GITOPS], notify: [{ kind: TeamChannelKind.SLACK, recipient: 'orders' }] });
    expect(() => app.render()).toThrow('[argocd/Orders] notify: the platform has no notifications (ArgoNotifications), so this team would never be told; add ArgoNotifications or remove the channels (got ["slack:orders"])');
  });

  test('a Go template action with a double quote inside a JSON string', () => {
    const { notifications } = notifiedPlatform();
    expect(() => new NotificationTemplate(notifications, 'Tpl', { name: 'x', slack: { attachments: [{ text: '{{if eq .serviceType "slack"}}hi{{end}}' }] } }))
      .toThrow('[argocd/Notifications/Tpl] slack.attachments[0].text: a Go template action inside a JSON string must not contain a double quote (JSON escapes it and the template no longer parses); use a backquoted raw string (got "{{if eq .serviceType \\"slack\\"}}")');
  });

  test('a Teams Workflows team channel whose recipient the service does not have', () => {
    const { app, platform, notifications } = notifiedPlatform();
    new TeamsWorkflowsNotifier(notifications, 'Teams', { recipients: { 'platform-team': keyVault('teams-platform') } });
    new TeamProject(platform, 'Orders', { team: 'orders', sourceRepos: [GITOPS], notify: [{ kind: TeamChannelKind.TEAMS_WORKFLOWS, recipient: 'orders' }] });
    expect(() => app.render()).toThrow('[argocd/Orders] notify[0].recipient: service "teams-workflows" has no recipient "orders" (recipients: platform-team) (got "orders")');
  });

  test('a webhook subscription: recipient is the webhook name, the template needs its webhook block', () => {
    const { app, notifications } = notifiedPlatform();
    new WebhookNotifier(notifications, 'GitHub', { name: 'github', url: 'https://api.github.com', headers: [{ name: 'Authorization', secret: keyVault('gh-token') }] });
    new NotificationTemplate(notifications, 'Status', {
      name: 'app-status',
      webhooks: { github: { method: WebhookMethod.POST, path: '/repos/civica/gitops-config/statuses/{{.app.status.operationState.operation.sync.revision}}', body: '{"state": "success"}' } },
    });
    new NotificationTrigger(notifications, 'Synced', { name: 'on-synced-status', conditions: [{ when: 'app.status.operationState.phase in [\'Succeeded\']', send: ['app-status'] }] });
    new NotificationSubscription(notifications, 'Sub', { recipients: [{ service: 'github' }], triggers: ['on-synced-status'] });
    const data = renderParsed(app)[CM].data;
    expect(parse(data.subscriptions)).toEqual([{ recipients: ['github'], triggers: ['on-synced-status'] }]);
    expect(parse(data['template.app-status'])).toEqual({
      webhook: { github: { method: 'POST', path: '/repos/civica/gitops-config/statuses/{{.app.status.operationState.operation.sync.revision}}', body: '{"state": "success"}' } },
    });
    new NotificationSubscription(notifications, 'Wrong', { recipients: [{ service: 'github' }], triggers: ['on-sync-failed'] });
    expect(() => app.render()).toThrow('[argocd/Notifications/Template-app-sync-failed] webhook.github: template "app-sync-failed" is sent to service "github" (trigger "on-sync-failed", subscribed by [argocd/Notifications/Wrong]) but has no webhook.github block (got ["email","slack","teams","teams-workflows"])');
  });

  test('a second ArgoNotifications on one platform', () => {
    const { app, platform } = notifiedPlatform();
    new ArgoNotifications(platform, 'Again', { defaults: false });
    expect(() => app.render()).toThrow(/\[argocd\/Again\] notifications: this platform already has it from \[argocd\/Notifications\]; one per platform/);
  });
});

describe('platform.secretReference follows the owned-settings table', () => {
  test('argocd-notifications-secret: $key, owned whole; argocd-secret: $key, merged; another Secret: $name:key', () => {
    const { app, platform, notifications } = notifiedPlatform();
    expect(platform.secretReference(notifications, 'pagerduty-key', keyVault('pd'), { secretName: 'argocd-notifications-secret' })).toBe('$pagerduty-key');
    expect(platform.secretReference(notifications, 'webhook.github.secret', keyVault('gh'))).toBe('$webhook.github.secret');
    expect(platform.secretReference(notifications, 'token', keyVault('x'), { secretName: 'repo-creds' })).toBe('$repo-creds:token');
    const out = renderParsed(app);
    expect(out['argocd/externalsecret-argocd-notifications-secret.yaml'].spec.target.creationPolicy).toBe('Owner');
    expect(out['argocd/externalsecret-argocd-secret.yaml'].spec.target.creationPolicy).toBe('Merge');
  });

  test('argocd-notifications-secret only once notifications enabled it, and only keys $key can name', () => {
    const { platform } = newPlatform();
    expect(() => platform.secretReference(platform, 'slack-token', keyVault('t'), { secretName: 'argocd-notifications-secret' }))
      .toThrow('[argocd] slack-token: the platform does not render argocd-notifications-secret; the capability that owns it enables it first with platform.enableSettingsObject (got "argocd-notifications-secret")');
    const { notifications } = notifiedPlatform();
    expect(() => notifications.secretReference(notifications, 'slack.token', keyVault('t')))
      .toThrow('[argocd/Notifications] key: argocd-notifications-secret keys are referenced as $<key>, which notifications reads up to the first character outside letters, digits, "_" and "-" (got "slack.token")');
  });
});
