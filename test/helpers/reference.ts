import * as fs from 'fs';
import * as path from 'path';

/** The shared reference data (Argo CD facts, chart values, CRDs), next to the repository checkout. */
const REFERENCE_ROOT = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference');

/** CI sets this so that missing reference data fails the tests instead of skipping them. */
const REQUIRE_ENV = 'ARGOCD_PLATFORM_REQUIRE_REFERENCE';

/** A path inside the reference folder, e.g. `referencePath('argocd-data', 'builtin-policy.csv')`. */
export function referencePath(...parts: string[]): string {
  return path.join(REFERENCE_ROOT, ...parts);
}

/**
 * `describe` when the reference folder exists. Otherwise the block is skipped with a test title
 * that says why, or, with ARGOCD_PLATFORM_REQUIRE_REFERENCE=1, fails.
 */
export function describeIfReference(name: string, fn: () => void): void {
  if (fs.existsSync(REFERENCE_ROOT)) {
    describe(name, fn);
    return;
  }
  const why = `reference folder ${REFERENCE_ROOT} is missing`;
  if (process.env[REQUIRE_ENV] === '1') {
    describe(name, () => {
      test(`requires reference data: ${why}`, () => {
        throw new Error(`${why}, and ${REQUIRE_ENV}=1 requires it`);
      });
    });
    return;
  }
  describe(name, () => {
    test.skip(`SKIPPED: ${why} (set ${REQUIRE_ENV}=1 to fail instead)`, () => undefined);
  });
}
