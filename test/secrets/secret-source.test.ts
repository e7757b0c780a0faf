import { IConstruct } from 'constructs';
import {
  ArgoCluster, ArgoNotifications, ArgoRepository, ArgoSecret, ArgoSSO, ClusterAuth, EmailNotifier, SecretBackend, SecretSource,
  SlackNotifier, SshKnownHosts, SshKnownHostsPreset, TeamsWorkflowsNotifier,
} from '../../src';
import { newPlatform } from '../helpers/platform-fixture';

/**
 * Secret names and keys are checked like values: a token pasted as a name is refused and never echoed.
 * A SecretSource is created before the construct that receives it, so what is wrong with it is reported
 * at that construct and its prop: `[<consumer>] <prop>.<source prop>: ...`, the line a user can act on.
 */

const SLACK = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const TENANT = '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f';
const CLIENT = '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d';
const SLACK_NAME_LINE = `secretName: looks like a Slack token; this is the name of the secret in the store, which is committed to Git (got "<redacted ${SLACK.length}-character literal>"); `
  + 'rotate the credential (it has been pasted in code), put the new value in the store and give its name here';

/** Each kind of construct that receives a SecretSource, with the prop it is given as. */
const CONSUMERS: Array<[string, (source: SecretSource) => IConstruct, string]> = [
  ['SlackNotifier token', source => {
    const { platform } = newPlatform();
    return new SlackNotifier(new ArgoNotifications(platform, 'Notifications'), 'Slack', { token: source });
  }, '[argocd/Notifications/Slack] token.'],
  ['TeamsWorkflowsNotifier recipient URL', source => {
    const { platform } = newPlatform();
    return new TeamsWorkflowsNotifier(new ArgoNotifications(platform, 'Notifications'), 'Teams', { recipients: { ops: source } });
  }, '[argocd/Notifications/Teams] recipients.ops.'],
  ['EmailNotifier password', source => {
    const { platform } = newPlatform();
    return new EmailNotifier(new ArgoNotifications(platform, 'Notifications'), 'Email', {
      host: 'smtp.office365.com', port: 587, from: 'argocd@example.com', username: 'argocd@example.com', password: source,
    });
  }, '[argocd/Notifications/Email] password.'],
  ['ArgoSSO clientSecret', source => {
    const { platform } = newPlatform();
    return new ArgoSSO(platform, 'AzureAD', { tenantId: TENANT, clientId: CLIENT, clientSecret: source });
  }, '[argocd/AzureAD] clientSecret.'],
  ['ArgoRepository sshPrivateKey', source => {
    const { platform } = newPlatform();
    new SshKnownHosts(platform, 'KnownHosts', { presets: [SshKnownHostsPreset.GITHUB] });
    return new ArgoRepository(platform, 'GitOpsConfig', { url: 'git@github.com:civica/gitops-config.git', sshPrivateKey: source });
  }, '[argocd/GitOpsConfig] sshPrivateKey.'],
  ['ArgoCluster bearer token', source => {
    const { platform } = newPlatform();
    return new ArgoCluster(platform, 'Edge', { name: 'edge', server: 'https://edge.example.org:6443', auth: ClusterAuth.bearerToken(source) });
  }, '[argocd/Edge] auth.token.'],
  ['ArgoSecret key', source => {
    const { platform } = newPlatform();
    const secret = new ArgoSecret(platform, 'Repo', { secretName: 'repo-x', namespace: 'argocd', backend: source.backend });
    secret.addKey('password', source);
    return secret;
  }, '[argocd/Repo] password.'],
];

describe('a SecretSource with a bad prop is refused at the construct that receives it', () => {
  test.each(CONSUMERS)('GIVEN a Slack token pasted as a Key Vault secret name to %s THEN one line at the consumer, redacted, with the fix', (_what, consume, prefix) => {
    const source = SecretSource.fromAzureKeyVault({ secretName: SLACK });
    expect(() => consume(source)).toThrow(`${prefix}${SLACK_NAME_LINE}`);
    expect(() => consume(source)).not.toThrow(/AbCdEf/);
  });

  test('GIVEN a valid source THEN every consumer accepts it', () => {
    for (const [, consume] of CONSUMERS) expect(() => consume(SecretSource.fromAzureKeyVault({ secretName: 'argocd-some-secret' }))).not.toThrow();
  });

  test('a GitHub token as a property is refused at the consumer too', () => {
    const token = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
    const [, consume] = CONSUMERS[0];
    expect(() => consume(SecretSource.fromAzureKeyVault({ secretName: 'repo-creds', property: token })))
      .toThrow(/^\[argocd\/Notifications\/Slack\] token\.property: looks like a GitHub token; .* \(got "<redacted 44-character literal>"\)/);
  });

  test('a Key Vault name allows letters, digits and "-" only', () => {
    const [, consume] = CONSUMERS[3];
    expect(() => consume(SecretSource.fromAzureKeyVault({ secretName: 'argocd_oidc' })))
      .toThrow('[argocd/AzureAD] clientSecret.secretName: must be an Azure Key Vault secret name: 1 to 127 letters, digits and "-" (got "argocd_oidc")');
    expect(SecretSource.fromAzureKeyVault({ secretName: 'argocd-oidc-client-secret' }).describe()).toBe('ClusterSecretStore/azure-key-vault key argocd-oidc-client-secret');
  });

  test('a plain value given as sealed ciphertext is refused at the consumer, never echoed', () => {
    const [, consume] = CONSUMERS[3];
    const source = SecretSource.fromSealedSecret({ encryptedValue: 'my-password' });
    expect(source.backend).toBe(SecretBackend.SEALED_SECRET);
    expect(() => consume(source)).toThrow('[argocd/AzureAD] clientSecret.encryptedValue: must be the base64 ciphertext printed by `kubeseal --raw` (at least 64 base64 characters); '
      + 'a plain value must never be committed (got "<redacted 11-character literal>"); seal the value with `kubeseal --raw` for the target cluster and give its output here (rotate the value if it was a real secret)');
  });

  test.each([['team/vault'], ['Vault'], ['vault_store'], ['']])('a store name must be a DNS-1123 subdomain (%j)', storeName => {
    const [, consume] = CONSUMERS[0];
    expect(() => consume(SecretSource.fromExternalStore({ storeName, remoteKey: 'github/app' })))
      .toThrow(`[argocd/Notifications/Slack] token.storeName: must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters) (got ${JSON.stringify(storeName)})`);
    expect(() => consume(SecretSource.fromAzureKeyVault({ secretName: 'x', storeName }))).toThrow('[argocd/Notifications/Slack] token.storeName: must be a DNS-1123 subdomain');
  });
});
