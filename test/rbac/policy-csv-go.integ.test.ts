import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { PolicyCsv } from '../../src/rbac/policy-csv';

/**
 * Differential test: PolicyCsv.parse (what the CLI, the audit and the tests read policy.csv with)
 * against Argo CD's real reader, Go's encoding/csv with TrimLeadingSpace behind strings.TrimSpace
 * (test/rbac/go/load_policy.go), over generated policy texts full of quotes, commas, Unicode spaces,
 * line separators, BOMs and invisible characters.
 */

function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const goTest = hasGo() || process.env.ARGOCD_PLATFORM_REQUIRE_GO === '1' ? test : test.skip;
if (!hasGo()) {
  // eslint-disable-next-line no-console
  console.warn('SKIPPED the Go encoding/csv differential test: go is not installed');
}

interface GoResult { lines: string[][] | null; error?: string }

function loadWithGo(texts: string[]): GoResult[] {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'go-home-'));
  const out = execFileSync('go', ['run', path.join(__dirname, 'go', 'load_policy.go')], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, HOME: home, GOCACHE: path.join(os.tmpdir(), 'argocd-platform-gocache'), GOPATH: path.join(home, 'go'), GOFLAGS: '-mod=mod', GO111MODULE: 'off' },
  });
  return JSON.parse(out);
}

function loadWithPolicyCsv(text: string): GoResult {
  try {
    return { lines: PolicyCsv.parse(text).map(l => [l.ptype, ...l.fields]) };
  } catch (e) {
    return { lines: null, error: (e as Error).message };
  }
}

const TRICKY = ['p', 'g', ',', ', ', '"', '""', ' ', '\t', '#', '\n', '\r', '\r\n', '\u00a0', '\u0085', '\u2028', '\u2029',
  '\ufeff', '\u3000', '\u200b', '\u202e', '\u000b', '\u000c', 'role:admin', 'a', 'x/*', 'allow', '\\'];

describe('PolicyCsv reads policy.csv exactly like Argo CD (Go encoding/csv)', () => {
  goTest('agrees with Go on every generated policy text: same lines and fields, or both refuse', () => {
    const token = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 3, unit: 'binary' }));
    const line = fc.oneof(
      fc.array(token, { maxLength: 14 }).map(t => t.join('')),
      // Shaped like real lines, with tricky fields.
      fc.tuple(fc.constantFrom('p', 'g', ' p', '\u00a0g', '\ufeffp'), fc.array(fc.array(token, { maxLength: 4 }).map(t => t.join('')), { minLength: 2, maxLength: 6 }))
        .map(([type, fields]) => [type, ...fields].join(', ')),
    );
    const texts = fc.sample(fc.array(line, { minLength: 1, maxLength: 4 }).map(l => l.join('\n')), { numRuns: 3000, seed: 7 });
    texts.push(
      'p, role:a, applications, get, */*, allow\n\u00a0g,\u00a0x, role:a',
      '\ufeffp, role:a, applications, get, */*, allow',
      'g, "x"y, role:a',
      'g, x\u0085, role:a\u0085',
      'g, "a\u2028b", role:a',
      '# comment\u2028g, evil, role:admin',
      'g, " x", role:a',
    );
    const go = loadWithGo(texts);
    const mismatches = texts.map((text, i) => ({ text, go: go[i], ours: loadWithPolicyCsv(text) }))
      .filter(c => JSON.stringify(c.go.lines) !== JSON.stringify(c.ours.lines));
    expect(mismatches.slice(0, 5)).toEqual([]);
  }, 180_000);
});
