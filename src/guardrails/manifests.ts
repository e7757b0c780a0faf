/**
 * Small readers over plain Kubernetes objects, shared by the rules (like cdk-nag's nag-rules
 * helpers): where pod specs, containers, Application sources and annotations are in each kind.
 */

import { PRODUCTION_ENVIRONMENTS_ANNOTATION } from '../rbac/access-audit-manifests';
import { PRODUCTION_NAME_WORDS } from '../util/checks';

/** A value found at a field path of an object. */
export interface FieldValue<T> {
  /** The field path, e.g. `spec.template.spec.containers[api].image`. */
  readonly field: string;
  /** The value. */
  readonly value: T;
}

/** The API group of an object (`''` for the core group). */
export function apiGroupOf(manifest: any): string {
  const apiVersion = typeof manifest?.apiVersion === 'string' ? manifest.apiVersion : '';
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Whether an object is of a kind in an API group. */
export function isKind(manifest: any, group: string, kind: string): boolean {
  return manifest?.kind === kind && apiGroupOf(manifest) === group;
}

/** Whether an object is an Argo CD Application. */
export function isApplication(manifest: any): boolean {
  return isKind(manifest, 'argoproj.io', 'Application');
}

/** Whether an object is an Argo CD AppProject. */
export function isAppProject(manifest: any): boolean {
  return isKind(manifest, 'argoproj.io', 'AppProject');
}

/** Whether an object is the ConfigMap of that name (any namespace). */
export function isConfigMapNamed(manifest: any, name: string): boolean {
  return isKind(manifest, '', 'ConfigMap') && manifest?.metadata?.name === name;
}

/** A plain object, or undefined. */
export function record(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, any> : undefined;
}

/** A list, or an empty one. */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** How an object is named in findings: `Kind namespace/name`. */
export function describeObject(manifest: any): string {
  const ns = manifest?.metadata?.namespace;
  return `${manifest?.kind ?? 'object'} ${ns ? `${ns}/` : ''}${manifest?.metadata?.name ?? '(unnamed)'}`;
}

/** The object's annotations (string values only). */
export function annotationsOf(manifest: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record(manifest?.metadata?.annotations) ?? {})) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

/** The pod specs of a workload: a Pod's spec, a controller's pod template, a CronJob's job template. */
export function podSpecsOf(manifest: any): FieldValue<Record<string, any>>[] {
  const kind = manifest?.kind;
  const spec = record(manifest?.spec);
  const out: FieldValue<Record<string, any>>[] = [];
  const add = (field: string, value: unknown) => {
    const pod = record(value);
    if (pod) out.push({ field, value: pod });
  };
  if (kind === 'Pod') add('spec', spec);
  else if (kind === 'CronJob') add('spec.jobTemplate.spec.template.spec', spec?.jobTemplate?.spec?.template?.spec);
  else if (kind === 'PodTemplate') add('template.spec', manifest?.template?.spec);
  else if (POD_TEMPLATE_KINDS.has(kind) || record(spec?.template?.spec)?.containers) add('spec.template.spec', spec?.template?.spec);
  return out;
}

/** Every container (init and ephemeral too) of every pod spec of a workload. */
export function containersOf(manifest: any): FieldValue<Record<string, any>>[] {
  const out: FieldValue<Record<string, any>>[] = [];
  for (const pod of podSpecsOf(manifest)) {
    for (const listName of ['initContainers', 'containers', 'ephemeralContainers']) {
      list(pod.value[listName]).forEach((container, i) => {
        const c = record(container);
        if (c) out.push({ field: `${pod.field}.${listName}[${typeof c.name === 'string' ? c.name : i}]`, value: c });
      });
    }
  }
  return out;
}

/** An Application's sources: `spec.source` and each of `spec.sources`. */
export function applicationSourcesOf(manifest: any): FieldValue<Record<string, any>>[] {
  const out: FieldValue<Record<string, any>>[] = [];
  const single = record(manifest?.spec?.source);
  if (single) out.push({ field: 'spec.source', value: single });
  list(manifest?.spec?.sources).forEach((source, i) => {
    const s = record(source);
    if (s) out.push({ field: `spec.sources[${i}]`, value: s });
  });
  return out;
}

/** The reference of an image without its digest: `[registry/]name[:tag]`; `tag` undefined when untagged. */
export function imageTagOf(image: string): { tag?: string; digest: boolean } {
  const [name, digest] = image.split('@', 2);
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  return { tag: colon >= 0 ? name.slice(colon + 1) : undefined, digest: digest !== undefined };
}

/** The names of production environments, with the default: the words that name production (`prod`, `production`, `prd`, `live` …). */
export function productionEnvironmentNames(options: { productionEnvironments?: string[] }): string[] {
  return options.productionEnvironments ?? PRODUCTION_NAME_WORDS;
}

/**
 * What an AppProject can deploy to: `production` for a project the platform marks as production
 * (annotation), `mixed` when a destination namespace is a pattern or has a production environment's
 * name as a word (`payments-prod`; `production` is the platform's list, or for output that declares none
 * the words that name production), or when it has no destinations (its name decides nothing),
 * `none` otherwise.
 */
export function projectReach(manifest: any, production: string[]): 'production' | 'mixed' | 'none' {
  if (annotationsOf(manifest)[PRODUCTION_ENVIRONMENTS_ANNOTATION] !== undefined) return 'production';
  const namespaces = list(manifest?.spec?.destinations).map(d => record(d)?.namespace);
  const reaches = namespaces.length === 0
    || namespaces.some(ns => typeof ns !== 'string' || /[*?[]/.test(ns) || production.some(env => ns.split('-').includes(env)));
  return reaches ? 'mixed' : 'none';
}

/** The AppProjects among objects, by name, each with what it can deploy to (see `projectReach`). */
export function projectsOf(
  objects: ReadonlyArray<{ manifest: any; context: { options: { productionEnvironments?: string[] } } }>,
): { [name: string]: string } {
  const rank = { none: 0, mixed: 1, production: 2 } as const;
  const out: { [name: string]: 'production' | 'mixed' | 'none' } = {};
  for (const { manifest, context } of objects) {
    const name = manifest?.metadata?.name;
    if (!isAppProject(manifest) || typeof name !== 'string') continue;
    const reach = projectReach(manifest, productionEnvironmentNames(context.options));
    if (out[name] === undefined || rank[reach] > rank[out[name]]) out[name] = reach;
  }
  return out;
}
