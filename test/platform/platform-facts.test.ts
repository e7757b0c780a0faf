import { Duration } from 'cdk8s';
import {
  AlertSeverity, ArgoAlerts, ArgoNotifications, ArgoScraping, ArgoSSO, HelmValuesDelivery, PlatformFacts, SecretSource, SelfManagedArgo,
} from '../../src';
import { newPlatform } from '../helpers/platform-fixture';

const SSO = { tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f', clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'oidc' }) };

describe('platform resolution (issue 16: measured order dependence)', () => {
  test('ArgoAlerts declared before SelfManagedArgo (without ArgoScraping) renders the chart\'s metrics jobs, as after it', () => {
    const rule = (alertsFirst: boolean) => {
      const { app, platform } = newPlatform();
      if (!alertsFirst) new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', valuesDelivery: HelmValuesDelivery.VALUES_OBJECT });
      new ArgoAlerts(platform, 'Alerts');
      if (alertsFirst) new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', valuesDelivery: HelmValuesDelivery.VALUES_OBJECT });
      return app.render();
    };
    const before = rule(true);
    expect(before).toEqual(rule(false));
    // The chart names its metrics Services argocd-<component>-metrics ... and the alerts select them.
    expect(before['argocd/prometheusrule-argocd-alerts.yaml']).toContain('job="argocd-application-controller-metrics"');
  });

  test('ArgoScraping declared before SelfManagedArgo is not refused', () => {
    const { app, platform } = newPlatform();
    const scraping = new ArgoScraping(platform, 'Scraping');
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    expect(() => app.render()).not.toThrow();
    expect(scraping.viaChartValues).toBe(true);
  });

  test('a capability declared after something read the platform\'s facts during construction is reported, not silently mixed', () => {
    const { app, platform } = newPlatform();
    const scraping = new ArgoScraping(platform, 'Scraping');
    expect(scraping.selector.flavour).toBe('plain-manifests');
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    expect(() => app.render()).toThrow('[argocd/SelfManaged] is declared after the platform "argocd" was resolved, which a read of platform.facts (or a resolved value such as a selector) during construction triggers; read resolved values at synth, after every construct is declared');
  });

  test('SelfManagedArgo\'s argocd Application is registered with the applications registry', () => {
    const { platform } = newPlatform();
    const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    expect(platform.applications.tryGet('argocd', 'argocd')).toEqual({ name: 'argocd', namespace: 'argocd', projectName: 'platform', construct: selfManaged });
  });
});

describe('PlatformFacts', () => {
  test('the alert team label is one fact: ArgoNotifications follows ArgoAlerts\' teamLabel', () => {
    const { platform } = newPlatform();
    const alerts = new ArgoAlerts(platform, 'Alerts', { teamLabel: 'owner' });
    new ArgoNotifications(platform, 'Notifications');
    expect(platform.facts.alertTeamLabel).toBe('owner');
    expect(alerts.teamLabel).toBe('owner');
  });

  test('ArgoAlerts follows ArgoNotifications\' alertTeamLabel, declared in either order', () => {
    const { platform } = newPlatform();
    new ArgoNotifications(platform, 'Notifications', { alertTeamLabel: 'squad' });
    const alerts = new ArgoAlerts(platform, 'Alerts');
    expect(alerts.teamLabel).toBe('squad');
  });

  test('two different team labels fail the synth naming both constructs', () => {
    const { app, platform } = newPlatform();
    new ArgoAlerts(platform, 'Alerts', { teamLabel: 'owner' });
    new ArgoNotifications(platform, 'Notifications', { alertTeamLabel: 'team' });
    expect(() => app.render()).toThrow('[argocd/Notifications] alertTeamLabel: "team" differs from "owner" (teamLabel of [argocd/Alerts]); both are the platform\'s alert team label (the label Alertmanager routes teams on), set one value (or set it once)');
  });

  test('defaults: scopes [groups], no SSO, no Dex, no Redis HA, team label "team", not self-managed', () => {
    const { platform } = newPlatform();
    expect(platform.facts.rbacScopes).toEqual(['groups']);
    expect(platform.facts.sso).toBeUndefined();
    expect(platform.facts.dexEnabled).toBe(false);
    expect(platform.facts.redisHa).toBe(false);
    expect(platform.facts.alertTeamLabel).toBe(PlatformFacts.DEFAULT_ALERT_TEAM_LABEL);
    expect(platform.facts.selfManaged).toBe(false);
  });

  test('typed facts from the capabilities that set them (scopes, SSO without Dex, self-managed)', () => {
    const { platform } = newPlatform({ rbac: { scopes: ['groups', 'email'] } });
    new ArgoSSO(platform, 'AzureAD', SSO);
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    expect(platform.facts.rbacScopes).toEqual(['groups', 'email']);
    expect(platform.facts.sso).toEqual({ provider: 'azure-ad', dex: false });
    expect(platform.facts.dexEnabled).toBe(false);
    expect(platform.facts.selfManaged).toBe(true);
  });

  test('Redis HA is a fact: extraValues may not set redis-ha.enabled behind it', () => {
    const { platform } = newPlatform();
    expect(() => new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', extraValues: { 'redis-ha': { enabled: true } } }))
      .toThrow('[argocd/SelfManaged] extraValues.redis-ha.enabled: Redis HA is a platform fact that alerts and runbooks read; set it with ArgoScaleProfile (redisHa) (got true)');
  });
});

describe('contributions need a consumer (the same rule for every channel)', () => {
  test('alert rules contributed without ArgoAlerts fail the synth naming the contributor', () => {
    const { app, platform } = newPlatform();
    platform.alertRules.add(platform, { group: 'argocd-extra', alert: 'ArgoCDExtra', expr: 'vector(1)', severity: AlertSeverity.WARNING, summary: 's', description: 'd', for: Duration.minutes(5) });
    expect(() => app.render()).toThrow('[argocd] alerts: the platform has no alerts (ArgoAlerts), so these alert rules would never be rendered; add ArgoAlerts, or turn the contributor\'s alerts off (alerts: false) (got ["ArgoCDExtra"])');
    new ArgoAlerts(platform, 'Alerts');
    expect(() => app.render()).not.toThrow();
  });
});
