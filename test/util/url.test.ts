import * as fc from 'fast-check';
import { App } from 'cdk8s';
import { ArgoPlatform, ArgoRepository, RepositoryType, SecretSource } from '../../src';
import { ANY_REPOSITORY_URL, CHART_URL, GIT_URL, HTTPS_URL, urlReason } from '../../src/util/url';
import { hostileString } from '../helpers/hostile';

/** One URL check for every URL the library accepts. */

const HOSTILE_URLS: Array<[string, RegExp]> = [
  ['file:///etc/passwd', /must not be a file:\/\/ URL/],
  ['FILE:///etc/passwd', /must not be a file:\/\/ URL/],
  ['ext::sh -c touch% /tmp/pwned', /must not (contain whitespace|use a Git remote helper)/],
  ['ext::sh', /must not use a Git remote helper/],
  ['fd::17', /must not use a Git remote helper/],
  ['ssh://-oProxyCommand=touch%20x/repo', /the host must be a host name|must name a host/],
  ['ssh://-oProxyCommand@host/repo', /the user must be a plain name/],
  ['git@-oProxyCommand=x:org/repo', /the host must be a host name/],
  ['-u/tmp/x@host:repo', /must not start with "-"/],
  ['--upload-pack=touch x', /must not (contain whitespace|start with "-")/],
  ['https://github.com/org/repo .git', /must not contain whitespace/],
  ['https://github.com/org/repo\t.git', /must not contain a tab|must not contain whitespace/],
  ['http://github.com/org/repo.git', /plain http:\/\/ would send the credentials in clear text/],
  ['https://user:token@github.com/org/repo.git', /must not embed credentials/],
  ['https://token@github.com/org/repo.git', /must not embed credentials/],
  ['ssh://git:pw@github.com/org/repo.git', /must not embed credentials/],
  ['https://github.com\u2028/org/repo', /must not contain U\+2028/],
  ['https://gith\u200bub.com/org/repo', /must not contain U\+200B/],
];

describe('util/url', () => {
  test.each(HOSTILE_URLS)('%j is refused for every kind of URL', (url, reason) => {
    for (const rules of [GIT_URL, CHART_URL, HTTPS_URL, ANY_REPOSITORY_URL]) expect(urlReason(url, rules)).toMatch(reason);
  });

  test.each([
    ['https://github.com/civica/app.git', GIT_URL], ['ssh://git@github.com:22/civica/app.git', GIT_URL], ['git@github.com:civica/app.git', GIT_URL],
    ['oci://civica.azurecr.io/helm', CHART_URL], ['civica.azurecr.io/helm', CHART_URL], ['https://charts.example.com', CHART_URL],
    ['https://argocd.example.com', HTTPS_URL],
  ])('%j is accepted', (url, rules) => {
    expect(urlReason(url, rules)).toBeUndefined();
  });

  test('property: an accepted URL has no user info with a password, no option-like part, no whitespace or invisible character', () => {
    const urlish = fc.oneof(
      hostileString,
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(fc.constantFrom('https://', 'ssh://', 'oci://', 'file://', 'ext::', 'http://', '', 'git@'), hostileString, fc.constantFrom('@', ':', '/', ''), hostileString)
        .map(parts => parts.join('')),
    );
    fc.assert(fc.property(urlish, url => {
      if (urlReason(url, ANY_REPOSITORY_URL) !== undefined) return;
      expect(url).not.toMatch(/\s|^-|^[A-Za-z][A-Za-z0-9+.-]*::|^(file|http):/i);
      const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
      const userInfo = authority.includes('@') ? authority.slice(0, authority.lastIndexOf('@')) : undefined;
      expect(userInfo?.includes(':') ?? false).toBe(false);
      if (/^(https|oci):/i.test(url)) expect(userInfo).toBeUndefined();
      expect(authority).not.toMatch(/(^|@)-/);
      expect(url).not.toMatch(/^[^/:]*@-/);
    }), { numRuns: 3000 });
  });

  test.each(HOSTILE_URLS)('every entry point refuses %j', url => {
    const platformWith = (props: object) => new ArgoPlatform(new App(), 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }], ...props });
    expect(() => platformWith({ url })).toThrow(/\[argocd\] url: /);
    expect(() => platformWith({ gitOps: { repoUrl: url } })).toThrow(/\[argocd\] gitOps\.repoUrl: /);
    const platform = platformWith({});
    expect(() => platform.platformProject.addSourceRepo(url)).toThrow();
    expect(() => new ArgoRepository(platform, 'Repo', { url, type: RepositoryType.GIT, username: 'u', password: SecretSource.fromAzureKeyVault({ secretName: 'p' }) }))
      .toThrow(/\[argocd\/Repo\] url: /);
  });
});
