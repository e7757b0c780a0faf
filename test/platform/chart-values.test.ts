import { Construct } from 'constructs';
import { ArgoSSO, SelfManagedArgo, SettingsConfigMap } from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

const TENANT = '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f';
const CLIENT = '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d';

describe('platform.chartValues', () => {
  test('contributions from several constructs merge into one tree; the same value twice is fine', () => {
    const { platform } = newPlatform();
    const a = new Construct(platform, 'A');
    const b = new Construct(platform, 'B');
    platform.chartValues.set(a, 'server.podLabels', { 'azure.workload.identity/use': 'true' });
    platform.chartValues.set(b, 'server.podLabels', { team: 'platform' });
    platform.chartValues.set(b, 'server.replicas', 2);
    platform.chartValues.set(a, 'server.replicas', 2);
    expect(platform.chartValues.conflicts).toEqual([]);
    expect(platform.chartValues.render().server).toMatchObject({ podLabels: { 'azure.workload.identity/use': 'true', 'team': 'platform' }, replicas: 2 });
  });

  test('two values for one leaf, or a leaf below another, fail the synth naming both contributors', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    const ha = new Construct(platform, 'HA');
    const other = new Construct(platform, 'Other');
    platform.chartValues.set(ha, 'server.replicas', 3);
    platform.chartValues.set(other, 'server.replicas', 2);
    platform.chartValues.set(other, 'controller.resources', 'small');
    platform.chartValues.set(ha, 'controller.resources.limits.memory', '2Gi');
    expect(() => app.render()).toThrow([
      'Validation failed with the following errors:',
      '  [argocd/Other] chart value server.replicas: set to 2 here and to 3 by [argocd/HA]; the release has one value: make them agree, or set it in one place',
      '  [argocd/HA] chart value controller.resources.limits.memory: is below controller.resources, which [argocd/Other] sets whole; set the whole value in one place, or only the keys below it',
    ].join('\n'));
  });

  test('paths are dotted chart keys; values are YAML values', () => {
    const { platform } = newPlatform();
    const a = new Construct(platform, 'A');
    expect(() => platform.chartValues.set(a, 'server..replicas', 1)).toThrow('[argocd/A] chartValues: chart values path "server..replicas": segments are letters, digits, "_" and "-" separated by "." (keys with dots go inside the value object)');
    expect(() => platform.chartValues.set(a, 'server.replicas', () => 1)).toThrow('[argocd/A] chartValues server.replicas: must be a YAML value (string, finite number, boolean, null, list or map) (got function)');
    expect(() => platform.chartValues.set(a, 'server.replicas', Number.NaN)).toThrow(/must be a YAML value/);
  });

  test('the settings objects the platform owns switch the chart off and are reserved', () => {
    const { platform } = newPlatform();
    expect(platform.chartValues.render().configs).toEqual({
      cm: { create: false },
      params: { create: false },
      rbac: { create: false },
      secret: { createSecret: true },
      ssh: { create: false },
      tls: { create: false },
    });
    expect(platform.chartValues.reservationOf(['configs', 'rbac', 'policy.csv'])?.reason)
      .toBe('argocd-rbac-cm is rendered by the platform; add roles and bindings with platform.rbac');
    expect(platform.chartValues.reservationOf(['externalRedis', 'password'])?.secret).toBe(true);
  });
});

describe('owned settings objects', () => {
  test('a contribution to a settings object the platform does not render fails the synth instead of being dropped', () => {
    const { app, platform } = newPlatform();
    const notifier = new Construct(platform.environment('dev'), 'Notifier');
    platform.settings.set(notifier, SettingsConfigMap.NOTIFICATIONS_CM, 'service.slack', 'token: $slack-token');
    expect(() => app.render()).toThrow('[dev/Notifier] settings: the platform does not render argocd-notifications-cm, so this contribution would be silently dropped; the capability that owns it (for example notifications) enables it with platform.enableSettingsObject (got "argocd-notifications-cm")');
  });

  test('enabling a settings object renders it and switches the chart\'s copy off', () => {
    const { app, platform } = newPlatform();
    const notifier = new Construct(platform, 'Notifier');
    platform.enableSettingsObject(notifier, SettingsConfigMap.NOTIFICATIONS_CM);
    platform.settings.set(notifier, SettingsConfigMap.NOTIFICATIONS_CM, 'service.slack', 'token: $slack-token');
    const files = renderParsed(app);
    expect(files['argocd/configmap-argocd-notifications-cm.yaml'].data).toEqual({ 'service.slack': 'token: $slack-token' });
    expect(platform.chartValues.render().notifications.cm).toEqual({ create: false });
    expect(platform.rendersSettingsObject('argocd-notifications-cm')).toBe(true);
    expect(() => platform.enableSettingsObject(notifier, 'argocd-gpg-keys-cm')).toThrow(/\[argocd\/Notifier\] settings object: the platform owns argocd-cm, argocd-rbac-cm/);
  });

  test('a change to argocd-cmd-params-cm changes the hash on the pod templates of every component that reads it at start', () => {
    const hashes = ['10', '20'].map(processors => {
      const { platform } = newPlatform({ commandParameters: { 'controller.status.processors': processors } });
      const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
      const values = selfManaged.values();
      const perComponent = ['applicationSet', 'controller', 'notifications', 'repoServer', 'server']
        .map(c => values[c].podAnnotations['argocd-platform.cdk8s.io/checksum-cmd-params']);
      expect(new Set(perComponent).size).toBe(1);
      expect(perComponent[0]).toBe(platform.settingsHash(SettingsConfigMap.CMD_PARAMS_CM));
      return perComponent[0];
    });
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes[0]).not.toBe(hashes[1]);
  });

  test('a list item added after SelfManagedArgo (application.namespaces) still reaches the hash', () => {
    const { platform } = newPlatform();
    const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    const before = platform.settingsHash(SettingsConfigMap.CMD_PARAMS_CM);
    platform.settings.addToList(new Construct(platform, 'Team'), SettingsConfigMap.CMD_PARAMS_CM, 'application.namespaces', 'payments-apps', ',');
    expect(selfManaged.values().server.podAnnotations['argocd-platform.cdk8s.io/checksum-cmd-params']).not.toBe(before);
  });
});

describe('platform.capabilities', () => {
  test('two ArgoSSO in one platform get one clear message', () => {
    const { app, platform } = newPlatform();
    new ArgoSSO(platform, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, useWorkloadIdentity: true });
    new ArgoSSO(platform.environment('dev'), 'MoreSSO', { tenantId: TENANT, clientId: CLIENT, useWorkloadIdentity: true });
    expect(() => app.render()).toThrow('[dev/MoreSSO] sso: this platform already has it from [argocd/AzureAD]; one per platform');
  });
});
