import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/**
 * The oracle for "what the cluster reads": output folders are read by `kubectl kustomize` (go-yaml,
 * as Kubernetes, kustomize, Helm and Argo CD read YAML), then its re-serialized output is parsed.
 * Many cases go into one folder and one kustomize run, so a property test costs one process.
 */

export function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `test`, or `test.skip` with a warning when kubectl is missing (never in CI, which requires it). */
export function kubectlTest(): jest.It {
  if (hasKubectl() || process.env.ARGOCD_PLATFORM_REQUIRE_KUBECTL === '1') return test;
  // eslint-disable-next-line no-console
  console.warn('SKIPPED go-yaml oracle tests: kubectl is not installed');
  return test.skip;
}

/**
 * Writes each case (a rendered folder: relative path to content, with its own kustomization.yaml)
 * as a sub-folder of one root kustomization, runs `kubectl kustomize` once, and returns every
 * object it produced, as go-yaml read them.
 */
export function kustomizeCases(cases: Array<{ [relativePath: string]: string }>): any[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oracle-'));
  try {
    const folders: string[] = [];
    cases.forEach((files, i) => {
      const folder = `case-${i}`;
      for (const [relative, content] of Object.entries(files)) {
        const file = path.join(root, folder, relative);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
      }
      folders.push(folder);
    });
    fs.writeFileSync(path.join(root, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${folders.map(f => `  - ${f}\n`).join('')}`);
    const out = execFileSync('kubectl', ['kustomize', root], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    // go-yaml writes line breaks it reads as line breaks; none of U+0085/U+2028/U+2029 may survive raw.
    if (/[\u0085\u2028\u2029]/.test(out)) throw new Error('kustomize output holds a raw NEL/LS/PS');
    return parseAllDocuments(out).map(doc => {
      if (doc.errors.length) throw new Error(`unreadable kustomize output: ${doc.errors[0].message}`);
      return doc.toJS();
    }).filter(o => o !== null);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** A kustomization.yaml listing files, for a case built by hand. */
export function kustomizationFor(files: string[]): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${files.map(f => `  - ${f}\n`).join('')}`;
}
