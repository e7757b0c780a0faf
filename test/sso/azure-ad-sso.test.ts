import { parse } from 'yaml';
import { Acknowledgements, ArgoPlatform, ArgoSSO, GroupOverageStrategy, SecretSource } from '../../src';
import { CHART_ARGOCD_CM_DEFAULTS } from '../../src/platform/chart-presets';
import { findObject, testApp } from '../helpers/synth';

const TENANT = '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f';
const CLIENT = '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d';
const SEALED = 'Ag' + 'B'.repeat(300);

function platform(props: { argoCdVersion?: string; scopes?: string[] } = {}) {
  const app = testApp();
  const p = new ArgoPlatform(app, 'argocd', {
    url: 'https://argocd.civica.internal',
    environments: [{ name: 'dev' }],
    argoCdVersion: props.argoCdVersion,
    rbac: props.scopes ? { scopes: props.scopes } : undefined,
  });
  return { app, platform: p };
}

const keyVaultSecret = () => SecretSource.fromAzureKeyVault({ secretName: 'argocd-oidc-client-secret' });

describe('ArgoSSO', () => {
  test('renders argocd-cm exactly: url, oidc.config with the Entra issuer and secret reference, admin and anonymous off', () => {
    const { app, platform: p } = platform();
    new ArgoSSO(p, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: keyVaultSecret() });

    const cm = findObject(app, 'ConfigMap', 'argocd-cm');
    // Besides the chart's configs.cm defaults, which the platform keeps (test/platform/chart-presets.test.ts).
    const ssoKeys = ['admin.enabled', 'oidc.config', 'resource.exclusions', 'url', 'users.anonymous.enabled'];
    expect(Object.keys(cm.data).sort()).toEqual([...new Set([...ssoKeys, ...Object.keys(CHART_ARGOCD_CM_DEFAULTS)])].sort());
    expect(cm.data.url).toBe('https://argocd.civica.internal');
    expect(cm.data['admin.enabled']).toBe('false');
    expect(cm.data['users.anonymous.enabled']).toBe('false');
    expect(cm.data['dex.config']).toBeUndefined();
    expect(cm.data['oidc.config']).toBe([
      'name: Azure AD',
      `issuer: https://login.microsoftonline.com/${TENANT}/v2.0`,
      `clientID: ${CLIENT}`,
      'clientSecret: $oidc.azure.clientSecret',
      'requestedScopes:',
      '  - openid',
      '  - profile',
      '  - email',
      'requestedIDTokenClaims:',
      '  groups:',
      '    essential: true',
      '',
    ].join('\n'));
  });

  test('the client secret reaches argocd-secret through an ExternalSecret that merges, never replaces', () => {
    const { app, platform: p } = platform();
    new ArgoSSO(p, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: keyVaultSecret() });
    expect(findObject(app, 'ExternalSecret', 'argocd-secret')).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'argocd-secret', namespace: 'argocd', labels: { 'app.kubernetes.io/part-of': 'argocd' } },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'azure-key-vault', kind: 'ClusterSecretStore' },
        target: { name: 'argocd-secret', creationPolicy: 'Merge', deletionPolicy: 'Retain' },
        data: [{ secretKey: 'oidc.azure.clientSecret', remoteRef: { key: 'argocd-oidc-client-secret' } }],
      },
    });
  });

  test('a SealedSecret client secret goes into its own part-of=argocd Secret, referenced as $secret:key', () => {
    const { app, platform: p } = platform();
    new ArgoSSO(p, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: SecretSource.fromSealedSecret({ encryptedValue: SEALED }) });
    const oidc = parse(findObject(app, 'ConfigMap', 'argocd-cm').data['oidc.config']);
    expect(oidc.clientSecret).toBe('$argocd-oidc-azure-clientsecret:oidc.azure.clientSecret');
    const sealed = findObject(app, 'SealedSecret', 'argocd-oidc-azure-clientsecret');
    expect(sealed.spec.encryptedData).toEqual({ 'oidc.azure.clientSecret': SEALED });
    expect(sealed.spec.template.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'argocd' });
    expect(Object.values(app.render()).some(text => /kind: Secret\n/.test(text))).toBe(false);
  });

  test('every optional field renders with Argo CD\'s key names', () => {
    const { app, platform: p } = platform();
    new ArgoSSO(p, 'AzureAD', {
      tenantId: TENANT,
      clientId: CLIENT,
      useWorkloadIdentity: true,
      cliClientId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      requestedScopes: ['openid', 'profile', 'email', 'User.Read'],
      logoutUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/logout?post_logout_redirect_uri={{logoutRedirectURL}}',
      domainHint: 'civica.com',
      enablePkce: true,
      groupOverage: GroupOverageStrategy.GRAPH_OVERAGE_CLAIM,
      localAdminEnabled: true,
    });
    // The local admin next to SSO is an exception the guardrail ARGO-ACC3 makes explicit.
    expect(() => app.render()).toThrow(/\[argocd\/argocd-cm\] ARGO-ACC3 .*data.admin.enabled is "true"/);
    Acknowledgements.of(p).add('ARGO-ACC3', 'break-glass account while the Entra ID tenant is migrated');
    const cm = findObject(app, 'ConfigMap', 'argocd-cm');
    expect(parse(cm.data['oidc.config'])).toEqual({
      name: 'Azure AD',
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      clientID: CLIENT,
      cliClientID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      requestedScopes: ['openid', 'profile', 'email', 'User.Read'],
      requestedIDTokenClaims: { groups: { essential: true } },
      enablePKCEAuthentication: true,
      logoutURL: 'https://login.microsoftonline.com/common/oauth2/v2.0/logout?post_logout_redirect_uri={{logoutRedirectURL}}',
      domainHint: 'civica.com',
      azure: { useWorkloadIdentity: true, enableUserGroupOverageClaim: true },
    });
    expect(cm.data['admin.enabled']).toBe('true');
    // Workload identity: no client secret anywhere.
    expect(Object.keys(app.render()).some(f => f.includes('externalsecret'))).toBe(false);
  });

  test('application groups strategy asks Entra for the groups assigned to the application', () => {
    const { app, platform: p } = platform();
    new ArgoSSO(p, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: keyVaultSecret(), groupOverage: GroupOverageStrategy.APPLICATION_GROUPS });
    const oidc = parse(findObject(app, 'ConfigMap', 'argocd-cm').data['oidc.config']);
    expect(oidc.requestedIDTokenClaims).toEqual({ groups: { essential: true, value: 'ApplicationGroup' } });
  });

  test('application roles need the roles claim in rbac scopes', () => {
    const { app, platform: p } = platform();
    new ArgoSSO(p, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: keyVaultSecret(), groupOverage: GroupOverageStrategy.APPLICATION_ROLES });
    expect(() => app.render()).toThrow(/\[argocd\/AzureAD\] groupOverage: application roles arrive in the "roles" claim, but the platform's rbac.scopes is \[groups\]/);

    const ok = platform({ scopes: ['groups', 'roles'] });
    new ArgoSSO(ok.platform, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: keyVaultSecret(), groupOverage: GroupOverageStrategy.APPLICATION_ROLES });
    expect(() => ok.app.render()).not.toThrow();
  });

  test('conflicts with another contribution to oidc.config are reported with both paths', () => {
    const { app, platform: p } = platform();
    new ArgoSSO(p, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: keyVaultSecret() });
    new ArgoSSO(p, 'OtherTenant', { tenantId: 'ffffffff-5e6a-4b7c-8d9e-0a1b2c3d4e5f', clientId: CLIENT, clientSecret: keyVaultSecret() });
    expect(() => app.render()).toThrow(/\[argocd\/OtherTenant\] argocd-cm oidc\.config: set to .* here and to .* by \[argocd\/AzureAD\]; Argo CD reads one value/);
  });

  describe('bad input fails with the construct path, the field and the value', () => {
    const cases: Array<[string, any, RegExp, string]> = [
      ['a non-GUID tenant', { tenantId: 'civica.onmicrosoft.com' }, /\[argocd\/AzureAD\] tenantId: must be a GUID .*\(got "civica.onmicrosoft.com"\)/, 'v3.5.1'],
      ['a non-GUID client', { clientId: 'argocd' }, /\[argocd\/AzureAD\] clientId: must be a GUID .*\(got "argocd"\)/, 'v3.5.1'],
      ['a non-GUID CLI client', { cliClientId: '1234' }, /\[argocd\/AzureAD\] cliClientId: must be a GUID .*\(got "1234"\)/, 'v3.5.1'],
      ['a literal client secret', { clientSecret: 'hunter2-very-secret' }, /\[argocd\/AzureAD\] clientSecret: must be a SecretSource .* \(got "<redacted 19-character literal>"\)/, 'v3.5.1'],
      ['no client secret and no workload identity', { clientSecret: undefined }, /\[argocd\/AzureAD\] clientSecret: is required unless useWorkloadIdentity is true/, 'v3.5.1'],
      ['both a secret and workload identity', { useWorkloadIdentity: true }, /\[argocd\/AzureAD\] clientSecret: is not used with useWorkloadIdentity/, 'v3.5.1'],
      ['an http logout URL', { logoutUrl: 'http://login.example.com/logout' }, /\[argocd\/AzureAD\] logoutUrl: plain http:\/\/ would send the credentials in clear text; use https:\/\//, 'v3.5.1'],
      ['scopes without openid', { requestedScopes: ['profile'] }, /\[argocd\/AzureAD\] requestedScopes: must include "openid"/, 'v3.5.1'],
      ['a display name with a newline', { displayName: 'Azure\nclientSecret: x' }, /\[argocd\/AzureAD\] displayName: must not contain a newline/, 'v3.5.1'],
      ['the overage claim on a 3.4 target', { groupOverage: GroupOverageStrategy.GRAPH_OVERAGE_CLAIM },
        /\[argocd\/AzureAD\] groupOverage: azure.enableUserGroupOverageClaim needs Argo CD 3.5 or later, but the platform targets v3.4.4; .*\(got "graph-overage-claim"\)/, 'v3.4.4'],
    ];
    test.each(cases)('%s', (_name, override, message, version) => {
      const { app, platform: p } = platform({ argoCdVersion: version });
      expect(() => new ArgoSSO(p, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: keyVaultSecret(), ...override })).toThrow(message);
      expect(() => app.render()).not.toThrow(/hunter2/);
    });

    test('the overage claim is accepted on the 3.5 target, and requests User.Read for the Graph call', () => {
      const { app, platform: p } = platform({ argoCdVersion: 'v3.5.1' });
      new ArgoSSO(p, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: keyVaultSecret(), groupOverage: GroupOverageStrategy.GRAPH_OVERAGE_CLAIM });
      const oidc = parse(findObject(app, 'ConfigMap', 'argocd-cm').data['oidc.config']);
      expect(oidc.requestedScopes).toEqual(['openid', 'profile', 'email', 'User.Read']);
      expect(oidc.azure).toEqual({ enableUserGroupOverageClaim: true });

      const other = platform({ argoCdVersion: 'v3.5.1' });
      expect(() => new ArgoSSO(other.platform, 'AzureAD', {
        tenantId: TENANT, clientId: CLIENT, clientSecret: keyVaultSecret(), groupOverage: GroupOverageStrategy.GRAPH_OVERAGE_CLAIM, requestedScopes: ['openid', 'email'],
      })).toThrow(/\[argocd\/AzureAD\] requestedScopes: GRAPH_OVERAGE_CLAIM calls Microsoft Graph with the user's token, which needs the delegated User.Read scope/);
    });

    test('a literal secret value never appears in the error', () => {
      const { platform: p } = platform();
      expect(() => new ArgoSSO(p, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: 'hunter2-very-secret' as any })).not.toThrow(/hunter2/);
    });
  });
});
