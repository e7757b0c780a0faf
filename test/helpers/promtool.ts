import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

const REQUIRE_ENV = 'ARGOCD_PLATFORM_REQUIRE_PROMTOOL';

/** Whether promtool (Debian package `prometheus`) is on the PATH. */
export function hasPromtool(): boolean {
  return spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * `describe` when promtool is installed. Otherwise the block is skipped with a test title and a
 * warning that say why, or, with ARGOCD_PLATFORM_REQUIRE_PROMTOOL=1 (set by .ci/run), fails.
 */
export function describeWithPromtool(name: string, fn: () => void): void {
  if (hasPromtool()) {
    describe(name, fn);
    return;
  }
  const why = 'promtool is not installed (apt-get install prometheus)';
  describe(name, () => {
    if (process.env[REQUIRE_ENV] === '1') {
      test(`${name} requires promtool`, () => {
        throw new Error(`${why}, and ${REQUIRE_ENV}=1 requires it`);
      });
      return;
    }
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED "${name}": ${why}`);
    test.skip(`${name} [SKIPPED: ${why} (set ${REQUIRE_ENV}=1 to fail instead)]`, () => undefined);
  });
}

/** The result of one promtool run. */
export interface PromtoolResult {
  readonly status: number;
  readonly output: string;
}

/** Writes files (name to YAML-able object or text) into a fresh folder and runs promtool there once. */
export function runPromtool(args: string[], files: Record<string, unknown>): PromtoolResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-platform-promtool-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : stringify(content, { lineWidth: 0 }));
    }
    const result = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
    return { status: result.status ?? -1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
