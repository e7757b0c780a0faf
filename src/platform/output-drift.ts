import * as fs from 'fs';
import * as path from 'path';

/**
 * Compares freshly rendered output with a committed output directory, so CI can fail when someone
 * edits `dist/` by hand or forgets to re-synthesize. The report is a readable line diff per file.
 */
export class OutputDrift {
  /**
   * The differences between rendered files (relative path to content) and a directory.
   * @returns one entry per differing file; empty when they match
   */
  public static compare(rendered: { [relativePath: string]: string }, directory: string): string[] {
    const committed = readTree(directory);
    const problems: string[] = [];
    const paths = [...new Set([...Object.keys(rendered), ...Object.keys(committed)])].sort();
    for (const file of paths) {
      const want = rendered[file];
      const have = committed[file];
      if (have === undefined) {
        problems.push(`${file}: missing from ${directory} (a fresh synth writes it)`);
      } else if (want === undefined) {
        problems.push(`${file}: in ${directory} but a fresh synth does not write it`);
      } else if (want !== have) {
        problems.push(`${file}: differs from a fresh synth (- committed, + fresh):\n${lineDiff(have, want)}`);
      }
    }
    return problems;
  }
}

function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(root)) return out;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** A compact line diff (longest common subsequence), with two lines of context around changes. */
function lineDiff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Array<[' ' | '-' | '+', string]> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push([' ', a[i]]); i++; j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push(['-', a[i]]); i++;
    } else {
      ops.push(['+', b[j]]); j++;
    }
  }
  const keep = ops.map((_, k) => ops.slice(Math.max(0, k - 2), k + 3).some(([op]) => op !== ' '));
  const lines: string[] = [];
  ops.forEach(([op, text], k) => {
    if (keep[k]) lines.push(`  ${op} ${text}`);
    else if (keep[k - 1]) lines.push('  ...');
  });
  return lines.join('\n');
}
