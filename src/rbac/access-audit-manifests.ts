import { AccessAudit, AccessAuditOptions, ProductionDestinationProject, TeamRepositoryPath } from './access-audit';
import { globMatch } from './glob-match';
import { ProjectRbac, ProjectRoles } from './project-roles';
import { RbacConfig } from './rbac-config';
import { PlatformLabels } from '../util/labels';
import { compareStrings } from '../util/validation';

/**
 * The AppProject annotation by which the platform declares a project's destinations production:
 * the production environments it serves, comma-separated (`prod` or `prod-eu,prod-us`). A team's
 * production AppProject carries it; the audit reads production from these destinations, never
 * from a name.
 */
export const PRODUCTION_ENVIRONMENTS_ANNOTATION = PlatformLabels.PRODUCTION_ENVIRONMENTS;

/** The server Argo CD calls its own cluster, and that cluster's name. */
const IN_CLUSTER = { server: 'https://kubernetes.default.svc', name: 'in-cluster' };

/** What the access audit reads from a synthesized platform. */
export interface AccessAuditInputs {
  /** argocd-rbac-cm. */
  readonly config: RbacConfig;
  /** The AppProjects' roles. */
  readonly projects: ProjectRbac[];
  /** Admin account, exec, production environments and the projects that reach production. */
  readonly options: AccessAuditOptions;
}

interface Destination {
  readonly server?: string;
  readonly name?: string;
  readonly namespace: string;
}

/**
 * Reads what the access audit needs from the objects of a synthesized platform folder (the same
 * objects at synth, `AccessAuditReport`, and in `argocd-platform rbac audit --dir`, so both print
 * the same report): argocd-rbac-cm, argocd-cm (`admin.enabled`, `exec.enabled`), the AppProjects
 * and the cluster Secrets and Applications of the folder.
 *
 * Production is read from destinations. The platform declares its production destinations on the
 * AppProjects it renders for production (annotation `argocd-platform/production-environments`);
 * then every AppProject is a production project when
 * - one of its destinations matches a production destination (same cluster by name or server,
 *   namespace pattern matching the production namespace), or it may create cluster-scoped
 *   resources on a production destination's cluster; or
 * - it may deploy Applications that name a production project: a destination in Argo CD's own
 *   namespace (an Application there may name any project) or in a source namespace of a
 *   production project (Applications in any namespace), on Argo CD's cluster.
 * The Applications of the folder that write into a production project's source namespaces (a team
 * repository's production root Application) are listed as team-repository paths.
 */
export function accessAuditInputs(manifests: any[]): AccessAuditInputs {
  const objects = manifests.filter(m => m !== null && typeof m === 'object');
  const configMap = (name: string) => objects.find(m => m.kind === 'ConfigMap' && m.metadata?.name === name);
  const rbacCm = configMap('argocd-rbac-cm');
  const argocdCm = configMap('argocd-cm');
  const config = RbacConfig.fromData(stringData(rbacCm?.data));
  const appProjects = objects.filter(m => m.kind === 'AppProject' && typeof m.metadata?.name === 'string' && m.metadata.name !== '')
    .sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
  const projects = appProjects.map(m => ProjectRoles.fromManifest(m));
  const argoCdNamespace = typeof rbacCm?.metadata?.namespace === 'string' ? rbacCm.metadata.namespace
    : typeof appProjects[0]?.metadata?.namespace === 'string' ? appProjects[0].metadata.namespace : 'argocd';
  const clusters = clusterNames(objects);

  // What the platform declares production.
  const environments = new Set<string>();
  const production: Destination[] = [];
  for (const project of appProjects) {
    const declared = project.metadata?.annotations?.[PRODUCTION_ENVIRONMENTS_ANNOTATION];
    if (typeof declared !== 'string') continue;
    declared.split(',').map(e => e.trim()).filter(e => e !== '').forEach(e => environments.add(e));
    production.push(...destinationsOf(project, clusters).filter(d => !/[*?[\]{}!]/.test(d.namespace)));
  }

  const reasons = new Map<string, Set<string>>();
  const add = (project: string, reason: string) => reasons.set(project, new Set([...(reasons.get(project) ?? []), reason]));
  for (const project of appProjects) {
    const name = project.metadata.name;
    const clusterScoped = Array.isArray(project.spec?.clusterResourceWhitelist) && project.spec.clusterResourceWhitelist.length > 0;
    for (const d of destinationsOf(project, clusters)) {
      for (const p of production) {
        if (!sameCluster(d, p)) continue;
        if (globMatch(p.namespace, d.namespace)) add(name, `${describeDestination(d)}`);
        else if (clusterScoped) add(name, `cluster-scoped resources on ${clusterOf(d)}`);
      }
    }
  }
  // Projects that deploy Applications naming a production project, to a fixpoint.
  const sourceNamespacesOf = (project: any): string[] =>
    Array.isArray(project.spec?.sourceNamespaces) ? project.spec.sourceNamespaces.map(String) : [];
  let grew = reasons.size > 0;
  while (grew) {
    grew = false;
    const targets = [
      { namespace: argoCdNamespace, why: `${argoCdNamespace} (Argo CD's namespace: Applications of any project)` },
      ...appProjects.filter(p => reasons.has(p.metadata.name)).flatMap(p => sourceNamespacesOf(p)
        .map(ns => ({ namespace: ns, why: `${ns} (Applications of ${p.metadata.name})` }))),
    ];
    for (const project of appProjects) {
      for (const d of destinationsOf(project, clusters).filter(x => sameCluster(x, IN_CLUSTER))) {
        for (const target of targets.filter(t => globMatch(t.namespace, d.namespace))) {
          const before = reasons.get(project.metadata.name)?.size ?? 0;
          add(project.metadata.name, target.why);
          if ((reasons.get(project.metadata.name)?.size ?? 0) > before) grew = true;
        }
      }
    }
  }

  // The Applications by destination namespace (in the folder's order), so that each production project
  // matches its source namespaces against each namespace once rather than against every Application.
  const applicationsByNamespace = new Map<string, Array<{ index: number; app: any }>>();
  objects.forEach((app, index) => {
    const ns = app.spec?.destination?.namespace;
    if (app.kind !== 'Application' || typeof app.metadata?.name !== 'string' || typeof ns !== 'string') return;
    const list = applicationsByNamespace.get(ns);
    if (list) list.push({ index, app });
    else applicationsByNamespace.set(ns, [{ index, app }]);
  });
  const productionDestinations: ProductionDestinationProject[] = appProjects
    .filter(p => reasons.has(p.metadata.name))
    .map(p => {
      const sourceNamespaces = sourceNamespacesOf(p).sort(compareStrings);
      const teamRepositories: TeamRepositoryPath[] = [];
      const matching: Array<{ index: number; app: any }> = [];
      for (const [ns, apps] of applicationsByNamespace) {
        if (sourceNamespaces.some(source => globMatch(ns, source))) matching.push(...apps);
      }
      matching.sort((a, b) => a.index - b.index);
      for (const { app } of matching) {
        const ns: string = app.spec.destination.namespace;
        const sources: any[] = [app.spec?.source, ...(Array.isArray(app.spec?.sources) ? app.spec.sources : [])];
        for (const source of sources.filter(x => typeof x?.repoURL === 'string')) {
          teamRepositories.push({
            application: app.metadata.name,
            applicationProject: String(app.spec?.project ?? ''),
            repoUrl: source.repoURL,
            path: typeof source.path === 'string' ? source.path : undefined,
            namespace: ns,
            prune: app.spec?.syncPolicy?.automated?.prune === true,
          });
        }
      }
      teamRepositories.sort((a, b) => compareStrings(a.application, b.application) || compareStrings(a.repoUrl, b.repoUrl));
      return {
        project: p.metadata.name,
        productionDestinations: [...reasons.get(p.metadata.name)!].sort(compareStrings),
        sourceNamespaces,
        teamRepositories,
      };
    });

  return {
    config,
    projects,
    options: {
      localAdminEnabled: argocdCm === undefined ? undefined : AccessAudit.localAdminEnabled(argocdCm.data?.['admin.enabled']),
      // util/settings/settings.go: ExecEnabled = argoCDCM.Data["exec.enabled"] == "true"
      execEnabled: argocdCm === undefined ? undefined : argocdCm.data?.['exec.enabled'] === 'true',
      productionEnvironments: [...environments].sort(compareStrings),
      productionDestinations,
    },
  };
}

/**
 * Whether `accessAuditInputs` reads an object for more than the team-repository paths (which come
 * from Applications): argocd-rbac-cm, argocd-cm, an AppProject or a cluster Secret. Objects for which
 * this is false change nothing in the audit but `teamRepositories`.
 */
export function readByAccessAudit(manifest: any): boolean {
  if (manifest === null || typeof manifest !== 'object') return false;
  if (manifest.kind === 'AppProject') return true;
  if (manifest.kind === 'ConfigMap') return manifest.metadata?.name === 'argocd-rbac-cm' || manifest.metadata?.name === 'argocd-cm';
  return manifest.kind === 'Secret' && manifest.metadata?.labels?.['argocd.argoproj.io/secret-type'] === 'cluster';
}

function stringData(data: unknown): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (data === null || typeof data !== 'object') return out;
  for (const [key, value] of Object.entries(data)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** Cluster names and servers from the folder's cluster Secrets (`name` and `server` in stringData). */
function clusterNames(objects: any[]): Array<{ name: string; server: string }> {
  const out = [{ ...IN_CLUSTER }];
  for (const secret of objects.filter(m => m.kind === 'Secret' && m.metadata?.labels?.['argocd.argoproj.io/secret-type'] === 'cluster')) {
    const name = secret.stringData?.name;
    const server = secret.stringData?.server;
    if (typeof name === 'string' && typeof server === 'string') out.push({ name, server });
  }
  return out;
}

/** A project's destinations, each with the cluster's name and server where the folder tells both. */
function destinationsOf(project: any, clusters: Array<{ name: string; server: string }>): Destination[] {
  const list: any[] = Array.isArray(project.spec?.destinations) ? project.spec.destinations : [];
  return list.filter(d => typeof d?.namespace === 'string' && d.namespace !== '').map(d => {
    const server = typeof d.server === 'string' && d.server !== '' ? d.server : undefined;
    const name = typeof d.name === 'string' && d.name !== '' ? d.name : undefined;
    const known = clusters.find(c => (server !== undefined && c.server === server) || (name !== undefined && c.name === name));
    return { server: server ?? (name !== undefined && !/[*?[\]]/.test(name) ? known?.server : undefined), name: name ?? (server !== undefined && !/[*?[\]]/.test(server) ? known?.name : undefined), namespace: d.namespace };
  });
}

/** Whether a destination (pattern) covers the cluster of a concrete destination. */
function sameCluster(d: { server?: string; name?: string }, p: { server?: string; name?: string }): boolean {
  return (d.server !== undefined && p.server !== undefined && globMatch(p.server, d.server))
    || (d.name !== undefined && p.name !== undefined && globMatch(p.name, d.name));
}

function clusterOf(d: Destination): string {
  return d.name ?? d.server ?? '?';
}

function describeDestination(d: Destination): string {
  return `${d.namespace} on ${clusterOf(d)}`;
}
