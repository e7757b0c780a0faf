import * as fs from 'fs';
import * as path from 'path';

/**
 * Tests that read ../shared/reference (the pinned CRDs, the chart's values, Argo CD's data files)
 * run where that folder exists (CI has it). On a user's fresh clone it is absent: such tests say
 * that they skipped and why. With ARGOCD_PLATFORM_REQUIRE_REFERENCE=1 (set by .ci/run) a missing
 * folder fails instead, so nothing is silently skipped in CI.
 */
export const REFERENCE_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference');

export function referencePath(...parts: string[]): string {
  return path.join(REFERENCE_DIR, ...parts);
}

export function hasReference(...parts: string[]): boolean {
  return fs.existsSync(referencePath(...parts));
}

export function describeIfReference(name: string, fn: () => void, ...parts: string[]): void {
  const target = referencePath(...parts);
  if (fs.existsSync(target)) {
    describe(name, fn);
    return;
  }
  const why = `${target} is not present (it ships with the project's shared reference data, not with a clone)`;
  if (process.env.ARGOCD_PLATFORM_REQUIRE_REFERENCE === '1') {
    describe(name, () => {
      test('requires the shared reference data', () => {
        throw new Error(`ARGOCD_PLATFORM_REQUIRE_REFERENCE=1 but ${why}`);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED "${name}": ${why}`);
  describe.skip(name, fn);
}
