import * as fc from 'fast-check';
import { App } from 'cdk8s';
import { ArgoPlatform, ArgoRepository, RepositoryType, SecretSource, SelfManagedArgo } from '../../src';
import { describeSecretInvalid, looksLikeSecretName, redacted } from '../../src/util/redaction';

/**
 * Secrets are never echoed: every refusal of a secret-looking value names the field and describes
 * the value's shape, never the value, whichever public API it came through.
 */

function platform() {
  const app = new App();
  return new ArgoPlatform(app, 'argocd', {
    url: 'https://argocd.example.com', environments: [{ name: 'dev' }],
    gitOps: { repoUrl: 'https://github.com/civica/gitops-config.git' },
  });
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

const secretValue = fc.string({ minLength: 8, maxLength: 40, unit: 'grapheme' }).filter(s => /[A-Za-z0-9]{4}/.test(s));

describe('redaction', () => {
  test('redacted() shows the shape, never the content', () => {
    expect(redacted('hunter2')).toBe('<redacted 7-character literal>');
    expect(redacted({ value: 'hunter2' })).toBe('<redacted object>');
    expect(describeSecretInvalid('a/b', 'password', 'hunter2', 'must be a SecretSource')).toBe('[a/b] password: must be a SecretSource (got "<redacted 7-character literal>")');
  });

  test.each([
    ['password', true], ['externalRedis.password', true], ['apiKey', true], ['tls.key', true], ['key', true], ['slack-token', true],
    ['clientSecret', true], ['privateKey', true], ['replicas', false], ['keyFile', false], ['monkey', false], ['url', false],
  ])('looksLikeSecretName(%j) is %j', (name, expected) => {
    expect(looksLikeSecretName(name)).toBe(expected);
  });

  test('property: a credential in extraValues is refused, naming the field, never printing the value', () => {
    const path = fc.constantFrom(
      ['externalRedis', 'password'], ['configs', 'secret', 'githubSecret'], ['configs', 'secret', 'argocdServerAdminPassword'],
      ['notifications', 'notifiers', 'service.slack', 'token'], ['server', 'extraArgs', 'apiKey'], ['redis', 'auth', 'password'],
    );
    fc.assert(fc.property(path, secretValue, (keys, value) => {
      const extraValues: any = {};
      let node = extraValues;
      keys.slice(0, -1).forEach(k => { node = node[k] = {}; });
      node[keys[keys.length - 1]] = value;
      const message = messageOf(() => new SelfManagedArgo(platform(), 'SelfManaged', { chartVersion: '10.1.1', extraValues }));
      expect(message).toContain(`[argocd/SelfManaged] extraValues.${keys.join('.')}: `);
      expect(message).not.toContain(value);
    }), { numRuns: 100 });
  });

  test('property: a URL with user info is refused everywhere a URL is accepted, without echoing the credential', () => {
    const credentials = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{2,8}$/), fc.stringMatching(/^[A-Za-z0-9_]{12,30}$/));
    fc.assert(fc.property(credentials, fc.constantFrom('https', 'oci'), ([user, token], scheme) => {
      const url = `${scheme}://${user}:${token}@github.com/civica/app.git`;
      const refusals = [
        messageOf(() => new ArgoPlatform(new App(), 'argocd', { url: `https://${user}:${token}@argocd.example.com`, environments: [{ name: 'dev' }] })),
        messageOf(() => new ArgoPlatform(new App(), 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }], gitOps: { repoUrl: url } })),
        messageOf(() => new ArgoRepository(platform(), 'Repo', { url, type: RepositoryType.GIT, username: user, password: SecretSource.fromAzureKeyVault({ secretName: 'p' }) })),
        messageOf(() => platform().platformProject.addSourceRepo(url)),
      ];
      for (const message of refusals) {
        expect(message).not.toContain(token);
        expect(message).toMatch(/must not embed credentials|must be/);
      }
    }), { numRuns: 50 });
  });
});
