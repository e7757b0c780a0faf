import * as fc from 'fast-check';
import { assertRepositoryPath, branchReason, chartRepositoryUrlReason, gitUrlReason, isDnsLabel, isGuid, unsafeTokenReason } from '../../src/util/validation';

describe('shared validation', () => {
  test('text with a newline, carriage return, tab, double quote or outer space never passes as a token', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom('\n', '\r', '\t', '"'), fc.string(), (before, bad, after) =>
      unsafeTokenReason(`${before}${bad}${after}`) !== undefined));
    fc.assert(fc.property(fc.string({ minLength: 1 }), s => unsafeTokenReason(` ${s}`) !== undefined && unsafeTokenReason(`${s} `) !== undefined));
    expect(unsafeTokenReason('x, applications, *, */*, allow')).toBeUndefined(); // commas are quoted by the CSV writer, not refused here
  });

  test('DNS labels and GUIDs', () => {
    expect(isDnsLabel('payments-prod')).toBe(true);
    for (const bad of ['Payments', '-x', 'x-', 'a_b', 'a.b', 'x'.repeat(64), '']) expect(isDnsLabel(bad)).toBe(false);
    expect(isGuid('84ce98d1-e359-4f3b-85af-985b458de3c6')).toBe(true);
    expect(isGuid('84ce98d1e3594f3b85af985b458de3c6')).toBe(false);
  });

  test('Git URLs, chart repositories and branches', () => {
    for (const ok of ['https://github.com/civica/gitops.git', 'ssh://git@github.com/civica/gitops.git', 'git@github.com:civica/gitops.git']) {
      expect(gitUrlReason(ok)).toBeUndefined();
    }
    for (const bad of ['github.com/civica/x', 'http://github.com/civica/x', 'https://github.com/civica/*', 'git@github.com:civica/x\n']) {
      expect(gitUrlReason(bad)).toBeDefined();
    }
    for (const ok of ['https://argoproj.github.io/argo-helm', 'oci://civica.azurecr.io/helm', 'civica.azurecr.io/helm']) {
      expect(chartRepositoryUrlReason(ok)).toBeUndefined();
    }
    expect(chartRepositoryUrlReason('git@github.com:civica/x.git')).toBeDefined();
    expect(branchReason('main')).toBeUndefined();
    expect(branchReason('release/2026-11')).toBeUndefined();
    for (const bad of ['HEAD', 'head', '', 'a..b', 'feature/', '-x']) expect(branchReason(bad)).toBeDefined();
  });

  test('repository paths: relative, normalized, never leaving the repository', () => {
    expect(assertRepositoryPath('x', 'pathPrefix', 'deploy/argocd/')).toBe('deploy/argocd');
    expect(assertRepositoryPath('x', 'pathPrefix', '')).toBe('');
    for (const bad of ['/dist', '/', 'a/../..', './dist', 'a//b', 'a b', 'a\\b', 'dist/*']) {
      expect(() => assertRepositoryPath('x', 'pathPrefix', bad)).toThrow(`[x] pathPrefix: must be a relative path inside the repository (got ${JSON.stringify(bad)})`);
    }
  });
});
