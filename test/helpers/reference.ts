import * as fs from 'fs';
import * as path from 'path';

/** The shared reference data (`../shared/reference` next to the repository). */
export const REFERENCE_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference');

/** CI sets this: a missing reference file then fails the test instead of skipping it. */
export const REFERENCE_REQUIRED = process.env.ARGOCD_PLATFORM_REQUIRE_REFERENCE === '1';

/** The absolute path of a reference file, or undefined when it is absent. */
export function referencePath(relative: string): string | undefined {
  const file = path.join(REFERENCE_DIR, relative);
  return fs.existsSync(file) ? file : undefined;
}

/**
 * A test that reads a reference file. When the file is absent it is skipped with the reason in
 * its name (and a warning), or fails when ARGOCD_PLATFORM_REQUIRE_REFERENCE=1.
 */
export function itWithReference(name: string, relative: string, body: (file: string) => void | Promise<void>): void {
  const file = referencePath(relative);
  if (file) {
    it(name, async () => {
      await body(file);
    });
    return;
  }
  const reason = `reference file ${path.join(REFERENCE_DIR, relative)} is absent`;
  if (REFERENCE_REQUIRED) {
    it(name, () => {
      throw new Error(`${reason} and ARGOCD_PLATFORM_REQUIRE_REFERENCE=1 requires it`);
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED "${name}": ${reason} (set ARGOCD_PLATFORM_REQUIRE_REFERENCE=1 to fail instead)`);
  it.skip(`${name} [SKIPPED: ${reason}]`, () => undefined);
}
