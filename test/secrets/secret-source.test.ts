import { SecretSource } from '../../src';

/** Secret names and keys are checked like values: a token pasted as a name is refused and never echoed. */
describe('SecretSource names', () => {
  const SLACK = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';

  test('GIVEN a Slack token pasted as a Key Vault secret name THEN refused, redacted, with the fix', () => {
    expect(() => SecretSource.fromAzureKeyVault({ secretName: SLACK }))
      .toThrow(`[SecretSource.fromAzureKeyVault] secretName: looks like a Slack token; this is the name of the secret in the store, which is committed to Git (got "<redacted ${SLACK.length}-character literal>"); put the value in the store and give its name here (rotate the credential: it has been pasted in code)`);
  });

  test('a GitHub token as a property is refused too', () => {
    const token = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
    expect(() => SecretSource.fromAzureKeyVault({ secretName: 'repo-creds', property: token })).toThrow(/^\[SecretSource.fromAzureKeyVault\] property: looks like a GitHub token; .* \(got "<redacted 44-character literal>"\)/);
  });

  test('a Key Vault name allows letters, digits and "-" only', () => {
    expect(() => SecretSource.fromAzureKeyVault({ secretName: 'argocd_oidc' }))
      .toThrow('[SecretSource.fromAzureKeyVault] secretName: must be an Azure Key Vault secret name: 1 to 127 letters, digits and "-" (got "argocd_oidc")');
    expect(SecretSource.fromAzureKeyVault({ secretName: 'argocd-oidc-client-secret' }).describe()).toBe('ClusterSecretStore/azure-key-vault key argocd-oidc-client-secret');
  });
});
