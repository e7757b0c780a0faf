import * as fc from 'fast-check';
import { App } from 'cdk8s';
import { AppImageUpdater, ApplicationSource, ArgoPlatform, TeamApplication } from '../../src';
import { goTrimSpace, lineTextReason, listItemReason, outputTextReason, printable, quoteForError, tokenTextReason } from '../../src/util/text';
import { GITOPS, platformWithTeam } from '../apps/fixtures';
import { hostileString } from '../helpers/hostile';

/** The character rules: one place that says which strings may reach a rendered file. */

const LINE_BREAKS = ['\n', '\r', '\u0085', '\u2028', '\u2029', '\u000b', '\u000c'];
const INVISIBLE = ['\ufeff', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\u2060', '\u00ad', '\u3164'];
const UNICODE_SPACES = ['\u00a0', '\u1680', '\u2000', '\u2007', '\u200a', '\u202f', '\u205f', '\u3000'];

describe('util/text', () => {
  test.each([...LINE_BREAKS, ...INVISIBLE, ...UNICODE_SPACES, '\u0000', '\u001b', '\u007f', '\u009b', '\t'])(
    'one-line text and tokens refuse %j', char => {
      expect(lineTextReason(`a${char}b`)).toMatch(/^must not contain /);
      expect(tokenTextReason(`a${char}b`)).toMatch(/^must not contain /);
    });

  test('property: a string accepted as a token has no character any reader treats differently', () => {
    fc.assert(fc.property(hostileString, value => {
      if (tokenTextReason(value) !== undefined) return;
      expect(value.length).toBeGreaterThan(0);
      expect(goTrimSpace(value)).toBe(value);
      expect(value.trim()).toBe(value);
      expect(value).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029"]|\p{Cf}|\p{Zs}(?<! )/u);
    }), { numRuns: 2000 });
  });

  test('property: a string accepted anywhere in a file has no line break but LF, no control but tab and LF, no BOM or bidi control', () => {
    fc.assert(fc.property(hostileString, value => {
      if (outputTextReason(value) !== undefined) return;
      expect(value).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]|\p{Cs}/u);
    }), { numRuns: 2000 });
  });

  test('property: printable() and quoteForError() never let a control, format or line-break character through', () => {
    fc.assert(fc.property(hostileString, value => {
      expect(printable(value)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|\p{Cf}/u);
      expect(quoteForError(value)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|\p{Cf}/u);
    }), { numRuns: 2000 });
  });

  test('quoteForError redacts URL user info (never a token), keeping ssh users', () => {
    expect(quoteForError('https://x:ghp_secret@github.com/a/b')).toBe('"https://<redacted>@github.com/a/b"');
    expect(quoteForError('https://ghp_secret@github.com/a/b')).toBe('"https://<redacted>@github.com/a/b"');
    expect(quoteForError('ssh://git@github.com/a/b')).toBe('"ssh://git@github.com/a/b"');
  });

  test('listItemReason refuses the separator', () => {
    expect(listItemReason('a,b', ',')).toBe('must not contain ",": the items are joined with it, so it would be read as two items');
    expect(listItemReason('a b', ',')).toBeUndefined();
  });
});

describe('lists inside strings (class 7)', () => {
  test('an Image Updater constraint with a comma would split the image-list annotation: refused', () => {
    const setup = platformWithTeam();
    const application = new TeamApplication(setup.platform, 'Api', {
      project: setup.payments, appName: 'payments-api', source: ApplicationSource.fromDirectory({ repoUrl: GITOPS }),
    });
    expect(() => new AppImageUpdater(setup.platform, 'Images', {
      application, images: [{ alias: 'api', imageName: 'civica.azurecr.io/payments/api', constraint: '>=1.2, <2' }],
    })).toThrow('images[api].constraint: must not contain ",": the items are joined with it, so it would be read as two items (the image-list annotation is comma-separated; write an AND of semver ranges with a space: ">=1.2 <2") (got ">=1.2, <2")');
    expect(() => new AppImageUpdater(setup.platform, 'Images2', {
      application, images: [{ alias: 'api', imageName: 'civica.azurecr.io/payments/api', ignoreTags: ['a,b'] }],
    })).toThrow('images[api].ignoreTags: must be a glob without spaces or commas (got "a,b")');
  });

  test.each([['groups,email'], ['groups]'], ['gro ups'], ['groups\u2028']])('scopes item %j is refused', scope => {
    expect(() => new ArgoPlatform(new App(), 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }], rbac: { scopes: [scope] } }))
      .toThrow(/\[argocd\] rbac\.scopes: claim names are letters, digits/);
  });
});
