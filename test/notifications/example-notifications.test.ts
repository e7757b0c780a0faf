import * as path from 'path';
import { parse } from 'yaml';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { ApplicationSubscription, PlatformApp } from '../../src';

describe('the example platform\'s notifications', () => {
  const app = new PlatformApp({ outdir: path.join('.tmp', 'example-notifications') });
  buildExamplePlatform(app);
  const out = Object.fromEntries(Object.entries(app.render()).filter(([f]) => f.endsWith('.yaml')).map(([f, text]) => [f, parse(text)]));
  const data = out['argocd/configmap-argocd-notifications-cm.yaml'].data;

  test('payments and orders in their own Slack channels: failures and degradation everywhere, successes in prod only', () => {
    for (const [project, channel] of [['payments-team', 'payments-deployments'], ['orders-team', 'orders-deployments']]) {
      expect(parse(out[`argocd/appproject-${project}.yaml`].metadata.annotations['notifications.argoproj.io/subscriptions'])).toEqual([
        { trigger: ['on-health-degraded', 'on-sync-failed'], destinations: [{ service: 'slack', recipients: [channel] }] },
      ]);
    }
    expect(parse(data.subscriptions)).toEqual([
      { recipients: ['teams-workflows:platform-team'], triggers: ['on-health-degraded', 'on-sync-failed'] },
      { recipients: ['slack:orders-deployments'], triggers: ['on-sync-succeeded'], selector: 'argocd-platform/environment in (prod),argocd-platform/team=orders' },
      { recipients: ['slack:payments-deployments'], triggers: ['on-sync-succeeded'], selector: 'argocd-platform/environment in (prod),argocd-platform/team=payments' },
    ]);
    // The prod Applications carry the labels the selector reads.
    expect(out['prod/application-payments-api-prod.yaml'].metadata.labels).toMatchObject({ 'argocd-platform/team': 'payments', 'argocd-platform/environment': 'prod' });
  });

  test('the platform channel through Teams Workflows, secrets from Key Vault as $key', () => {
    expect(parse(data['service.teams-workflows'])).toEqual({ recipientUrls: { 'platform-team': '$teams-workflows-platform-team' } });
    expect(parse(data['service.slack'])).toMatchObject({ token: '$slack-token' });
    expect(out['argocd/externalsecret-argocd-notifications-secret.yaml'].spec.data.map((d: any) => d.remoteRef.key))
      .toEqual(['argocd-notifications-slack-token', 'argocd-notifications-teams-platform']);
  });

  test('the team repository\'s subscription names a trigger and a service the platform defines', () => {
    // The same call as examples/team-repo/main.ts.
    const annotations = ApplicationSubscription.annotations({ triggers: ['on-sync-failed'], recipients: [{ service: 'slack', recipient: 'payments-worker' }] });
    for (const key of Object.keys(annotations)) {
      const [, trigger, service] = /^notifications\.argoproj\.io\/subscribe\.([^.]+)\.([^.]+)$/.exec(key)!;
      expect(data[`trigger.${trigger}`]).toBeDefined();
      expect(data[`service.${service}`]).toBeDefined();
      for (const condition of parse(data[`trigger.${trigger}`])) {
        for (const template of condition.send) expect(parse(data[`template.${template}`])[service]).toBeDefined();
      }
    }
  });
});
