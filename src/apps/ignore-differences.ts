import { IConstruct } from 'constructs';
import { fail, unsafeTokenReason } from '../util/validation';

/**
 * One custom `ignoreDifferences` entry: which resources, and which of their fields Argo CD ignores
 * when comparing live state with Git.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/
 */
export interface IgnoreDifferenceOptions {
  /**
   * Why the difference is expected (kept with the entry so reviewers see it; not rendered).
   * At least 10 characters.
   */
  readonly reason: string;
  /**
   * The API group; `''` (the default) is the core group.
   * @default ''
   */
  readonly group?: string;
  /** The kind, e.g. `Deployment`. */
  readonly kind: string;
  /**
   * Only the resource with this name.
   * @default - every resource of the kind
   */
  readonly name?: string;
  /**
   * Only resources in this namespace.
   * @default - every namespace
   */
  readonly namespace?: string;
  /**
   * RFC 6901 JSON pointers of the ignored fields, e.g. `/spec/replicas`.
   * @default - none
   */
  readonly jsonPointers?: string[];
  /**
   * jq path expressions of the ignored fields, e.g. `.spec.template.spec.initContainers[] | select(.name == "istio-init")`.
   * @default - none
   */
  readonly jqPathExpressions?: string[];
  /**
   * Field managers whose changes are ignored, e.g. `kube-controller-manager`.
   * @default - none
   */
  readonly managedFieldsManagers?: string[];
  /**
   * Also keep the ignored fields out of syncs (`RespectIgnoreDifferences=true` on the application).
   * Without it, a sync still resets them to the Git value, which is what most ignores are meant to avoid.
   * @default true
   */
  readonly respectOnSync?: boolean;
}

/** A rendered `ignoreDifferences` entry. */
export interface IgnoreDifferenceEntry {
  /** The API group. */
  readonly group: string;
  /** The kind. */
  readonly kind: string;
  /**
   * The resource name.
   * @default - every resource of the kind
   */
  readonly name?: string;
  /**
   * The namespace.
   * @default - every namespace
   */
  readonly namespace?: string;
  /**
   * JSON pointers.
   * @default - none
   */
  readonly jsonPointers?: string[];
  /**
   * jq path expressions.
   * @default - none
   */
  readonly jqPathExpressions?: string[];
  /**
   * Field managers.
   * @default - none
   */
  readonly managedFieldsManagers?: string[];
}

const IGNORE_DIFFERENCES_SYMBOL = Symbol.for('cdk8s-argocd-platform.IgnoreDifferences');

/**
 * Fields Argo CD should not report as drift. Presets are named after the reason the field changes
 * in the cluster; `custom()` takes typed entries with a mandatory reason.
 */
export class IgnoreDifferences {
  /** Whether an object is an IgnoreDifferences, also one created by another copy of this library (where `instanceof` is false). */
  public static isIgnoreDifferences(x: any): x is IgnoreDifferences {
    return x !== null && typeof x === 'object' && IGNORE_DIFFERENCES_SYMBOL in x;
  }

  /**
   * A HorizontalPodAutoscaler owns the replica count: ignore `/spec/replicas` of apps/v1
   * Deployments and StatefulSets, and keep syncs from resetting it.
   */
  public static hpaManagedReplicas(): IgnoreDifferences {
    return new IgnoreDifferences('a HorizontalPodAutoscaler manages the replica count', [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      { group: 'apps', kind: 'StatefulSet', jsonPointers: ['/spec/replicas'] },
    ], true);
  }

  /**
   * A CA injector (cert-manager's cainjector, a service mesh) writes `caBundle` into admission
   * webhooks and APIService objects after they are applied.
   */
  public static injectedCaBundles(): IgnoreDifferences {
    return new IgnoreDifferences('a CA injector writes caBundle after apply', [
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      { group: 'apiregistration.k8s.io', kind: 'APIService', jsonPointers: ['/spec/caBundle'] },
    ], true);
  }

  /**
   * A Vertical Pod Autoscaler in "Auto" mode rewrites container resources of Deployments and
   * StatefulSets.
   */
  public static vpaManagedResources(): IgnoreDifferences {
    return new IgnoreDifferences('a VerticalPodAutoscaler manages container resources', [
      { group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[].resources'] },
      { group: 'apps', kind: 'StatefulSet', jqPathExpressions: ['.spec.template.spec.containers[].resources'] },
    ], true);
  }

  /** A custom entry; the reason is required so every ignored field stays explained. */
  public static custom(options: IgnoreDifferenceOptions): IgnoreDifferences {
    const entry: IgnoreDifferenceEntry = {
      group: options.group ?? '',
      kind: options.kind,
      name: options.name,
      namespace: options.namespace,
      jsonPointers: options.jsonPointers,
      jqPathExpressions: options.jqPathExpressions,
      managedFieldsManagers: options.managedFieldsManagers,
    };
    return new IgnoreDifferences(options.reason, [entry], options.respectOnSync ?? true, true);
  }

  /** Why these differences are expected. */
  public readonly reason: string;
  /** The entries rendered into `spec.ignoreDifferences`. */
  public readonly entries: IgnoreDifferenceEntry[];
  /** Whether syncs keep the ignored fields (`RespectIgnoreDifferences=true`). */
  public readonly respectOnSync: boolean;
  private readonly isCustom: boolean;

  private constructor(reason: string, entries: IgnoreDifferenceEntry[], respectOnSync: boolean, isCustom = false) {
    Object.defineProperty(this, IGNORE_DIFFERENCES_SYMBOL, { value: true });
    this.reason = reason;
    this.entries = entries;
    this.respectOnSync = respectOnSync;
    this.isCustom = isCustom;
  }

  /** Checks the entries; `field` names where they came from in errors. */
  public validate(scope: IConstruct, field: string): void {
    if (this.isCustom && (typeof this.reason !== 'string' || this.reason.trim().length < 10)) {
      fail(scope, `${field}.reason`, this.reason, 'explain in at least 10 characters why the difference is expected');
    }
    for (const entry of this.entries) {
      if (typeof entry.group !== 'string' || !/^[a-z0-9.\-]*$/.test(entry.group)) fail(scope, `${field}.group`, entry.group, 'must be an API group such as "" or "apps"');
      if (typeof entry.kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(entry.kind)) fail(scope, `${field}.kind`, entry.kind, 'must be a Kubernetes kind such as Deployment');
      for (const [key, value] of [['name', entry.name], ['namespace', entry.namespace]] as const) {
        if (value !== undefined && unsafeTokenReason(value)) fail(scope, `${field}.${key}`, value, unsafeTokenReason(value)!);
      }
      const pointers = entry.jsonPointers ?? [];
      const jq = entry.jqPathExpressions ?? [];
      const managers = entry.managedFieldsManagers ?? [];
      if (pointers.length + jq.length + managers.length === 0) {
        fail(scope, field, entry.kind, 'give at least one of jsonPointers, jqPathExpressions or managedFieldsManagers');
      }
      for (const pointer of pointers) {
        if (typeof pointer !== 'string' || !/^(\/([^~/]|~[01])*)+$/.test(pointer)) fail(scope, `${field}.jsonPointers`, pointer, 'must be an RFC 6901 JSON pointer such as /spec/replicas');
      }
      for (const expression of jq) {
        if (typeof expression !== 'string' || !expression.startsWith('.') || /[\n\r]/.test(expression)) fail(scope, `${field}.jqPathExpressions`, expression, 'must be a one-line jq path starting with "."');
      }
      for (const manager of managers) {
        if (unsafeTokenReason(manager)) fail(scope, `${field}.managedFieldsManagers`, manager, unsafeTokenReason(manager)!);
      }
    }
  }
}

/** Merges entries into a sorted, de-duplicated `spec.ignoreDifferences` list. */
export function renderIgnoreDifferences(ignores: IgnoreDifferences[]): IgnoreDifferenceEntry[] {
  const byKey = new Map<string, IgnoreDifferenceEntry>();
  for (const entry of ignores.flatMap(i => i.entries)) {
    const key = JSON.stringify([entry.group, entry.kind, entry.namespace ?? '', entry.name ?? '']);
    const previous = byKey.get(key);
    const merge = (a?: string[], b?: string[]) => {
      const all = [...new Set([...(a ?? []), ...(b ?? [])])].sort();
      return all.length ? all : undefined;
    };
    byKey.set(key, {
      group: entry.group,
      kind: entry.kind,
      ...(entry.name !== undefined ? { name: entry.name } : {}),
      ...(entry.namespace !== undefined ? { namespace: entry.namespace } : {}),
      ...optional('jsonPointers', merge(previous?.jsonPointers, entry.jsonPointers)),
      ...optional('jqPathExpressions', merge(previous?.jqPathExpressions, entry.jqPathExpressions)),
      ...optional('managedFieldsManagers', merge(previous?.managedFieldsManagers, entry.managedFieldsManagers)),
    });
  }
  return [...byKey.keys()].sort().map(key => byKey.get(key)!);
}

function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}
