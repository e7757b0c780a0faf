import * as fs from 'fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { GITOPS, keyVault, notifiedPlatform } from './fixtures';
import { PlatformCapability, SecretSource, SlackNotifier, TeamChannelKind, TeamProject, TeamsWorkflowsNotifier } from '../../src';
import { renderParsed } from '../helpers/platform-fixture';
import { itWithReference } from '../helpers/reference';

function platformWithTeams(alerts: boolean, sealed = false) {
  const { app, platform, notifications } = notifiedPlatform();
  new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [GITOPS], notify: [{ kind: TeamChannelKind.SLACK, recipient: 'payments-deployments' }] });
  new TeamProject(platform, 'Orders', { team: 'orders', sourceRepos: [GITOPS], notify: [{ kind: TeamChannelKind.TEAMS_WORKFLOWS, recipient: 'orders' }] });
  new SlackNotifier(notifications, 'Slack', {
    token: sealed ? SecretSource.fromSealedSecret({ encryptedValue: `Ag${'A'.repeat(100)}` }) : keyVault('slack-bot-token'),
  });
  new TeamsWorkflowsNotifier(notifications, 'Teams', {
    recipients: { orders: sealed ? SecretSource.fromSealedSecret({ encryptedValue: `Ag${'B'.repeat(100)}` }) : keyVault('teams-orders') },
  });
  // Declared after everything else: the routes are decided at synth.
  if (alerts) platform.capabilities.provide(new Construct(platform, 'Alerts'), PlatformCapability.ALERTS);
  return { app };
}

describe('TeamAlertRouting', () => {
  test('no AlertmanagerConfig without alerts', () => {
    const out = renderParsed(platformWithTeams(false).app);
    expect(Object.keys(out).filter(f => /alertmanagerconfig|team-alert-routing/.test(f))).toEqual([]);
  });

  test('one AlertmanagerConfig per team, routing on the team label to the team\'s Slack or Teams receiver, secrets from the same sources', () => {
    const out = renderParsed(platformWithTeams(true).app);
    expect(out['argocd/alertmanagerconfig-team-payments.yaml'].spec).toEqual({
      route: { receiver: 'team-payments', matchers: [{ name: 'team', matchType: '=', value: 'payments' }], groupBy: ['alertname', 'name'] },
      receivers: [{
        name: 'team-payments',
        slackConfigs: [{
          channel: '#payments-deployments',
          apiURL: { name: 'argocd-team-alert-routing', key: 'slack-token-api-url' },
          httpConfig: { authorization: { type: 'Bearer', credentials: { name: 'argocd-team-alert-routing', key: 'slack-token' } } },
          sendResolved: true,
        }],
      }],
    });
    expect(out['argocd/alertmanagerconfig-team-orders.yaml'].spec.receivers).toEqual([{
      name: 'team-orders',
      msteamsv2Configs: [{ webhookURL: { name: 'argocd-team-alert-routing', key: 'teams-workflows-orders' }, sendResolved: true }],
    }]);
    const secret = out['argocd/externalsecret-argocd-team-alert-routing.yaml'];
    expect(secret.spec.data).toEqual([
      { secretKey: 'slack-token', remoteRef: { key: 'slack-bot-token' } },
      { secretKey: 'teams-workflows-orders', remoteRef: { key: 'teams-orders' } },
    ]);
    expect(secret.spec.target.template.data).toEqual({ 'slack-token-api-url': 'https://slack.com/api/chat.postMessage' });
  });

  test('sealed channel secrets cannot be delivered twice', () => {
    expect(() => platformWithTeams(true, true).app.render()).toThrow(/\[argocd\/TeamAlertRouting\] secrets: team alert routes need the channel tokens and URLs in a second Secret/);
  });

  itWithReference('the AlertmanagerConfigs match the v0.93.0 CRD schema', 'crds/prometheus-operator-v0.93.0/monitoring.coreos.com_alertmanagerconfigs.yaml', file => {
    const crd = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS()).find(d => d?.kind === 'CustomResourceDefinition');
    const goRegExp = Object.assign((pattern: string, flags: string) =>
      pattern.includes('(?i)') ? new RegExp(pattern.split('(?i)').join(''), `${flags}i`) : new RegExp(pattern, flags), { code: 'new RegExp' });
    const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: goRegExp } });
    addFormats(ajv);
    const validate = ajv.compile(crd.spec.versions.find((v: any) => v.name === 'v1alpha1').schema.openAPIV3Schema);
    const out = renderParsed(platformWithTeams(true).app);
    const configs = Object.entries(out).filter(([f]) => f.includes('alertmanagerconfig-'));
    expect(configs).toHaveLength(2);
    for (const [name, object] of configs) {
      expect({ name, valid: validate(object), errors: validate.errors ?? null }).toEqual({ name, valid: true, errors: null });
    }
  });
});
