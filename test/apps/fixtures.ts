import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ArgoPlatform, ArgoPlatformProps, PlatformApp, TeamProject } from '../../src';

export const GITOPS = 'git@github.com:civica/gitops-config.git';

/** A platform with dev, staging and prod (prod is production) and the payments team. */
export function platformWithTeam(props: Partial<ArgoPlatformProps> = {}) {
  const app = new PlatformApp({ outdir: Testing.app().outdir });
  const platform = new ArgoPlatform(app, 'argocd', {
    url: 'https://argocd.example.org',
    gitOps: { repoUrl: GITOPS },
    environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true }],
    ...props,
  });
  const payments = new TeamProject(platform, 'Payments', { team: 'payments', projectName: 'payments-team' });
  return { app, platform, payments };
}

/** The rendered objects of one output folder, parsed. */
export function objectsIn(app: PlatformApp, folder: string): any[] {
  return Object.entries(app.render())
    .filter(([file]) => file.startsWith(`${folder}/`) && !file.endsWith('kustomization.yaml'))
    .map(([, text]) => parse(text));
}

export function find(objects: any[], kind: string, name: string): any {
  const found = objects.find(o => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${objects.map(o => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}
