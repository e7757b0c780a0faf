import * as fs from 'fs';
import * as path from 'path';

/**
 * The shared reference data (CRDs, Argo CD data files) lives outside the repository, next to it
 * (`../shared/reference`), or where `ARGOCD_PLATFORM_REFERENCE` points.
 */
export function referencePath(...parts: string[]): string {
  const root = process.env.ARGOCD_PLATFORM_REFERENCE ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'reference');
  return path.join(root, ...parts);
}

/**
 * `describe` when the reference folder exists. Otherwise the suite is skipped with a message saying
 * why, unless `ARGOCD_PLATFORM_REQUIRE_REFERENCE=1` (CI), where the missing folder fails the suite.
 */
export function describeIfReference(name: string, fn: () => void, ...parts: string[]): void {
  const required = referencePath(...parts);
  if (fs.existsSync(required)) {
    describe(name, fn);
    return;
  }
  const why = `reference data not found at ${required} (set ARGOCD_PLATFORM_REFERENCE to its location)`;
  if (process.env.ARGOCD_PLATFORM_REQUIRE_REFERENCE === '1') {
    describe(name, () => {
      test('reference data is present (required: ARGOCD_PLATFORM_REQUIRE_REFERENCE=1)', () => {
        throw new Error(why);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED "${name}": ${why}`);
  // The suite body is not run: it would read the missing files while collecting tests.
  describe(name, () => {
    test.skip(`skipped: ${why}`, () => undefined);
  });
}
