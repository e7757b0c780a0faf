import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { ArgoPlatform, ArgoPlatformProps, PlatformApp } from '../../src';

/** A PlatformApp writing to a throw-away folder, and a platform `argocd` with one environment and a GitOps repo. */
export function newPlatform(props: Partial<ArgoPlatformProps> = {}): { app: PlatformApp; platform: ArgoPlatform } {
  const app = new PlatformApp({ outdir: path.join(os.tmpdir(), 'argocd-platform-test-never-written') });
  const platform = new ArgoPlatform(app, 'argocd', {
    url: 'https://argocd.example.org',
    environments: [{ name: 'dev' }],
    gitOps: { repoUrl: 'git@github.com:civica/gitops-config.git' },
    ...props,
  });
  return { app, platform };
}

/** Every output file of the app, parsed from YAML; Markdown reports stay text (validation runs first; nothing is written). */
export function renderParsed(app: PlatformApp): { [file: string]: any } {
  return Object.fromEntries(Object.entries(app.render()).map(([file, text]) => [file, file.endsWith('.md') ? text : parse(text)]));
}
