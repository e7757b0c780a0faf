import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/**
 * Upgrading the example from the output before production projects (the committed dist/ of main
 * at abb99d1, recorded in test/fixtures) to the committed dist/ now (which the drift test keeps
 * equal to a fresh synth). Argo CD identifies an Application by namespace and name: a root
 * Application with prune deletes the children that disappear from its folder, and updates in
 * place those whose spec changes (here `spec.project`). So the upgrade deletes no Application when
 * every Application of every folder keeps its namespace, name and file, and every project a moved
 * Application names exists in the platform folder, applied before the Applications.
 */
const DIST = path.join(__dirname, '..', '..', 'dist');
const BEFORE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'upgrade-before-main-abb99d1.json'), 'utf8'));
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

interface Rendered { readonly file: string; readonly object: any }

function folder(name: string): Rendered[] {
  const dir = path.join(DIST, name);
  return fs.readdirSync(dir).filter(f => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort()
    .flatMap(file => parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(d => ({ file, object: d.toJSON() })));
}

const identity = (a: { namespace: string; name: string }) => `${a.namespace}/${a.name}`;
const applicationsOf = (name: string) => folder(name).filter(r => r.object?.kind === 'Application');
const platformFolder = folder('argocd');
const projects = new Map<string, any>(platformFolder.filter(r => r.object?.kind === 'AppProject').map(r => [r.object.metadata.name, r.object]));
const rootApp = (name: string) => platformFolder.find(r => r.object?.kind === 'Application' && r.object.metadata.name === name)!.object;

describe('upgrading the example to production projects', () => {
  test.each(Object.keys(BEFORE.folders))('folder %s keeps every Application (namespace, name and file): nothing is pruned', name => {
    const before: Array<{ file: string; namespace: string; name: string }> = BEFORE.folders[name].applications;
    const after = applicationsOf(name).map(r => ({ file: r.file, namespace: r.object.metadata.namespace, name: r.object.metadata.name }));
    const afterIds = new Map(after.map(a => [identity(a), a.file]));
    const missing = before.filter(a => afterIds.get(identity(a)) !== a.file).map(identity);
    expect(missing).toEqual([]);
  });

  test('the production Applications only change spec.project, to projects the platform folder creates first', () => {
    const moved: string[] = [];
    for (const name of Object.keys(BEFORE.folders)) {
      const before = new Map<string, string>(BEFORE.folders[name].applications.map((a: any) => [identity(a), a.project]));
      for (const { object } of applicationsOf(name)) {
        const was = before.get(identity(object.metadata));
        if (was === undefined || was === object.spec.project) continue;
        moved.push(`${name}/${object.metadata.name}: ${was} -> ${object.spec.project}`);
        const project = projects.get(object.spec.project);
        // The new project is in dist/argocd (synced by argocd-config, before the environment folders) ...
        expect([object.spec.project, project !== undefined]).toEqual([object.spec.project, true]);
        // ... in an earlier sync wave than the folder's Applications (Argo CD refuses an Application whose project does not exist).
        expect(Number(project.metadata.annotations?.[SYNC_WAVE])).toBeLessThan(0);
        // ... and it allows the Application's destination.
        expect(project.spec.destinations).toContainEqual(object.spec.destination);
      }
    }
    expect(moved).toEqual([
      'argocd/payments-apps-prod: payments-apps -> payments-apps-prod',
      'prod/orders-service-prod: orders-team -> orders-team-prod',
      'prod/payments-api-prod: payments-team -> payments-team-prod',
    ]);
  });

  test('every AppProject of the platform folder is applied before its Applications; the platform folder never prunes', () => {
    for (const [name, project] of projects) {
      if (name === 'platform') continue; // exists before any root Application (kubectl apply -k dist/argocd)
      expect([name, project.metadata.annotations?.[SYNC_WAVE]]).toEqual([name, '-1']);
    }
    for (const { object } of platformFolder.filter(r => r.object?.kind === 'Application')) {
      expect([object.metadata.name, object.metadata.annotations?.[SYNC_WAVE]]).toEqual([object.metadata.name, undefined]);
    }
    expect(rootApp('argocd-config').spec.syncPolicy.automated.prune).toBe(false);
  });

  test('the team repository\'s production root Application moves to its contained production project and never prunes', () => {
    const app = rootApp('payments-apps-prod');
    expect(app.spec.project).toBe('payments-apps-prod');
    expect(app.spec.destination.namespace).toBe('payments-apps-prod');
    // The team's production Applications move from payments-apps to payments-apps-prod: without
    // prune the root Application creates the new ones and leaves the old ones for a manual prune.
    expect(app.spec.syncPolicy.automated.prune).toBe(false);
    expect(projects.get('payments-apps-prod').spec).toMatchObject({
      destinations: [{ namespace: 'payments-apps-prod', server: 'https://kubernetes.default.svc' }],
      namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'Application' }],
      clusterResourceWhitelist: [],
    });
    // The non-production root Applications are unchanged.
    expect(rootApp('payments-apps-dev').spec).toMatchObject({ project: 'payments-apps', destination: { namespace: 'payments-apps' } });
  });

  test('no team project outside production has a production destination; each production project has only production ones', () => {
    const production = new Set(['payments-prod', 'orders-prod']);
    for (const [name, project] of projects) {
      if (!project.metadata.labels?.['argocd-platform/team'] || project.metadata.labels?.['argocd-platform/root-project']) continue;
      const namespaces: string[] = project.spec.destinations.map((d: any) => d.namespace);
      const isProduction = name.endsWith('-prod');
      expect([name, namespaces.every(ns => production.has(ns) === isProduction)]).toEqual([name, true]);
    }
  });
});
