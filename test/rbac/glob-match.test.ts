import { globMatch, isValidGlob, LruCache, regexMatch } from '../../src/rbac/glob-match';

describe('globMatch (gobwas/glob without separators)', () => {
  test.each([
    ['proj/ns/app', '*/*', true],
    ['proj/app', 'proj/*', true],
    ['proj/ns/app', 'proj/*', true],
    ['https://kubernetes.default.svc', '*', true],
    ['other/app1', '*', true],
    ['myproject/prod-db', '*/prod-*', true],
    ['app', '*/*', false],
    ['a/b', 'a/?', true],
    ['a/bc', 'a/?', false],
    ['team-b/x', 'team-[ab]/*', true],
    ['team-c/x', 'team-[!ab]/*', true],
    ['team-a/x', 'team-[!ab]/*', false],
    ['team-q/x', 'team-[a-z]/*', true],
    ['https://github.com/org/repo.git', 'https://github.com/org/{repo,other}.git', true],
    ['https://github.com/org/x.git', 'https://github.com/org/{repo,other}.git', false],
    ['a*b', 'a\\*b', true],
    ['axb', 'a\\*b', false],
    ['a.b', 'a.b', true],
    ['axb', 'a.b', false],
  ])('%s vs %s → %s', (value, pattern, expected) => {
    expect(globMatch(value, pattern)).toBe(expected);
  });

  test('an invalid pattern never matches', () => {
    expect(isValidGlob('team-[ab')).toBe(false);
    expect(globMatch('team-[ab', 'team-[ab')).toBe(true); // identical strings are equal before compiling
    expect(globMatch('team-a', 'team-[ab')).toBe(false);
    expect(globMatch('a', '{a,b')).toBe(false);
    expect(globMatch('a', 'a\\')).toBe(false);
  });
});

describe('regexMatch (Go regexp.MatchString)', () => {
  test('is unanchored', () => {
    expect(regexMatch('xteam-a/app', 'team-a/.*')).toBe(true);
    expect(regexMatch('team-b/app', '^team-a/.*$')).toBe(false);
  });
  test('an invalid regex throws (Argo CD denies)', () => {
    expect(() => regexMatch('a', '(')).toThrow(/error parsing regexp/);
    expect(() => regexMatch('a', '(?=a)')).toThrow(/error parsing regexp/);
  });
  test('translates RE2 flags and named groups', () => {
    expect(regexMatch('TEAM-A/x', '(?i)team-a/')).toBe(true);
    expect(regexMatch('team-a/x', '(?P<p>team-a)/x')).toBe(true);
  });
});

describe('LruCache (compiled patterns)', () => {
  test('stays bounded and keeps the entries used most recently', () => {
    const cache = new LruCache<number>(4);
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, key.charCodeAt(0));
    expect(cache.get('a')).toBe(97); // a hit only stamps the entry
    cache.set('e', 101);
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.get('a')).toBe(97);
    expect(cache.get('e')).toBe(101);
    expect(cache.get('b')).toBeUndefined(); // the least recently used went first
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i);
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.get('k999')).toBe(999);
  });
});
