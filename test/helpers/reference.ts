import * as fs from 'fs';
import * as path from 'path';

/**
 * Tests that read ../shared/reference (the pinned CRDs, the chart's values, Argo CD's data files)
 * run where that folder exists (CI has it). On a user's fresh clone it is absent: such tests say
 * that they skipped and why. With ARGOCD_PLATFORM_REQUIRE_REFERENCE=1 (set by .ci/run) a missing
 * folder fails instead, so nothing is silently skipped in CI. ARGOCD_PLATFORM_REFERENCE points elsewhere.
 */
export const REFERENCE_DIR = process.env.ARGOCD_PLATFORM_REFERENCE ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'reference');

const REQUIRE_ENV = 'ARGOCD_PLATFORM_REQUIRE_REFERENCE';

/** A path inside the reference folder, e.g. `referencePath('argocd-data', 'builtin-policy.csv')`. */
export function referencePath(...parts: string[]): string {
  return path.join(REFERENCE_DIR, ...parts);
}

/** Registers, in place of tests that need missing reference data, one test that fails (CI) or is skipped with the reason. */
function missingReference(name: string, target: string): void {
  const why = `${target} is missing (the shared reference data ships with the project's CI, not with a clone)`;
  if (process.env[REQUIRE_ENV] === '1') {
    test(`${name} requires reference data: ${why}`, () => {
      throw new Error(`${why}, and ${REQUIRE_ENV}=1 requires it`);
    });
    return;
  }
  // One line, no stack trace (console.warn under jest prints the call site).
  process.stderr.write(`SKIPPED "${name}": ${why}\n`);
  test.skip(`${name} [SKIPPED: ${why} (set ${REQUIRE_ENV}=1 to fail instead)]`, () => undefined);
}

/**
 * `describe` when the reference data (or the named part of it) exists. Otherwise the block is
 * skipped with a test title and a warning that say why, or, with ARGOCD_PLATFORM_REQUIRE_REFERENCE=1, fails.
 */
export function describeIfReference(name: string, fn: () => void, ...parts: string[]): void {
  const target = referencePath(...parts);
  if (fs.existsSync(target)) describe(name, fn);
  else describe(name, () => missingReference(name, target));
}

/**
 * A test that reads one reference file. When the file is absent it is skipped with the reason in
 * its name (and a warning), or fails when ARGOCD_PLATFORM_REQUIRE_REFERENCE=1.
 */
export function itWithReference(name: string, relative: string, body: (file: string) => void | Promise<void>): void {
  const file = referencePath(relative);
  if (fs.existsSync(file)) {
    it(name, async () => {
      await body(file);
    });
  } else {
    missingReference(name, file);
  }
}
