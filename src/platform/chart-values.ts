import { IAnyProducer } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isPlainObject, sortDeep, ValuesTree } from './values-tree';

type Values = ValuesTree;

interface Leaf {
  readonly path: string[];
  readonly json: string;
  readonly contributors: string[];
}

interface Reservation {
  readonly path: string[];
  readonly reason: string;
  readonly secret: boolean;
  readonly contributor: string;
}

/** A chart-values path segment: a YAML key of the argo-cd chart (no dots: dots separate segments). */
const SEGMENT = /^[A-Za-z0-9_-]+$/;

function startsWith(path: string[], prefix: string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/** Splits a dotted path such as `server.podLabels` into segments, checking each. */
export function parseValuesPath(path: string): string[] {
  if (typeof path !== 'string' || path.length === 0) throw new Error(`chart values path must be a non-empty string (got ${JSON.stringify(path)})`);
  const segments = path.split('.');
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) {
      throw new Error(`chart values path ${JSON.stringify(path)}: segments are letters, digits, "_" and "-" separated by "." (keys with dots go inside the value object)`);
    }
  }
  return segments;
}

/**
 * The values of the platform's own `argo-cd` Helm release, contributed by every construct that
 * needs something from the chart (SSO: the server's workload-identity labels; monitoring:
 * ServiceMonitor labels; the HA profile: replicas; the platform: the `create: false` switches of the
 * settings objects it owns). One channel, one conflict rule (the same as settings): setting a leaf
 * twice to the same value is fine, two different values fail the synth naming both construct paths.
 *
 * `SelfManagedArgo` renders these values; it knows no capability. Paths can be reserved: user
 * `extraValues` may not set anything below a reserved path (the platform owns it, or it would carry
 * a credential into Git).
 */
export class ChartValues {
  private readonly leaves = new Map<string, Leaf>();
  private readonly reservations: Reservation[] = [];
  private readonly problems: string[] = [];
  private readonly lazy: Array<{ contributor: IConstruct; path: string; producer: IAnyProducer; late: boolean }> = [];
  private materialized = false;

  /**
   * Contributes a value. An object value is spread into its leaves, so two constructs may each set
   * different keys below the same path (`server.podLabels`).
   * @param contributor the construct that wants this value (named in conflict errors)
   * @param path a dotted path of chart keys, e.g. `server.serviceAccount.annotations`
   * @param value a YAML value: string, number, boolean, null, list, or an object of those
   */
  public set(contributor: IConstruct, path: string, value: any): void {
    const segments = this.checkedPath(contributor, path);
    for (const [leafPath, leafValue] of this.leavesOf(contributor, segments, value)) {
      const key = leafPath.join('\u0000');
      const json = JSON.stringify(sortDeep(leafValue));
      const existing = this.leaves.get(key);
      if (!existing) {
        this.leaves.set(key, { path: leafPath, json, contributors: [contributor.node.path] });
      } else if (existing.json === json) {
        if (!existing.contributors.includes(contributor.node.path)) existing.contributors.push(contributor.node.path);
      } else {
        this.problems.push(`[${contributor.node.path}] chart value ${leafPath.join('.')}: set to ${json} here and to ${existing.json} by [${existing.contributors.join(', ')}]; `
          + 'the release has one value: make them agree, or set it in one place');
      }
    }
  }

  /**
   * Contributes a value computed at synth time (for example a hash of a settings object's final data),
   * with the same conflict rule as `set`.
   * @param contributor the construct that wants this value
   * @param path a dotted path of chart keys
   * @param producer produces the value when the values are rendered
   * @param late produce it after every other lazy value, so that it may read them (a hash of a
   *   settings object computed from chart values, such as argocd-cmd-params-cm's presets)
   */
  public setLazy(contributor: IConstruct, path: string, producer: IAnyProducer, late: boolean = false): void {
    this.checkedPath(contributor, path);
    if (this.materialized) throw new Error(`[${contributor.node.path}] chartValues ${path}: values were already rendered`);
    this.lazy.push({ contributor, path, producer, late });
  }

  /**
   * Reserves a path: user-supplied values (`SelfManagedArgo` `extraValues`) may not set it or
   * anything below it.
   * @param contributor the construct that owns the path
   * @param path a dotted path, e.g. `configs.cm`
   * @param reason what to do instead, shown to the user
   * @param secret whether values there are credentials (the refusal then never prints the value)
   */
  public reserve(contributor: IConstruct, path: string, reason: string, secret: boolean = false): void {
    const segments = this.checkedPath(contributor, path);
    if (this.reservations.some(r => r.path.join('.') === segments.join('.'))) return;
    this.reservations.push({ path: segments, reason, secret, contributor: contributor.node.path });
  }

  /** The reservation covering a path, if any: its reason and whether it holds credentials. */
  public reservationOf(path: string[]): ChartValuesReservation | undefined {
    const r = this.reservations.find(res => startsWith(path, res.path));
    return r && { path: r.path.join('.'), reason: r.reason, secret: r.secret, contributor: r.contributor };
  }

  /** The contributed leaf at or above/below a path, if any (for clash checks), as `[path, JSON value]`. */
  public clashOf(path: string[]): ChartValuesLeaf | undefined {
    this.materialize();
    for (const leaf of this.leaves.values()) {
      if (startsWith(path, leaf.path) || startsWith(leaf.path, path)) {
        return { path: leaf.path.join('.'), json: leaf.json, contributors: [...leaf.contributors] };
      }
    }
    return undefined;
  }

  /** The value contributed at exactly this dotted path, if it is a leaf. */
  public tryGet(path: string): any {
    this.materialize();
    const leaf = this.leaves.get(parseValuesPath(path).join('\u0000'));
    return leaf ? JSON.parse(leaf.json) : undefined;
  }

  /** Conflicts found so far, one message each: two values for one leaf, or a leaf below another leaf. */
  public get conflicts(): string[] {
    this.materialize();
    const nested: string[] = [];
    const sorted = [...this.leaves.values()].sort((a, b) => {
      const x = a.path.join('\u0000'); const y = b.path.join('\u0000');
      return x < y ? -1 : x > y ? 1 : 0;
    });
    // After sorting, a leaf's descendants follow it directly.
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && startsWith(sorted[j].path, sorted[i].path); j++) {
        nested.push(`[${sorted[j].contributors.join(', ')}] chart value ${sorted[j].path.join('.')}: is below ${sorted[i].path.join('.')}, which [${sorted[i].contributors.join(', ')}] sets whole; `
          + 'set the whole value in one place, or only the keys below it');
      }
    }
    return [...this.problems, ...nested];
  }

  /** The values tree, keys sorted by code units. */
  public render(): { [key: string]: any } {
    this.materialize();
    const out: Values = {};
    for (const leaf of this.leaves.values()) {
      let node = out;
      leaf.path.slice(0, -1).forEach(segment => {
        if (!isPlainObject(node[segment])) node[segment] = {};
        node = node[segment];
      });
      node[leaf.path[leaf.path.length - 1]] = JSON.parse(leaf.json);
    }
    return sortDeep(out) as Values;
  }

  /**
   * The values tree as it would render now, without fixing the lazy values: eager values and
   * freshly produced non-late lazy values (late ones, such as the settings hashes, are left out).
   * For settings computed from chart values (argocd-cmd-params-cm presets), which may be asked for
   * before the construct tree is complete.
   */
  public preview(): { [key: string]: any } {
    if (this.materialized) return this.render();
    const out: Values = {};
    const put = (path: string[], value: unknown) => {
      let node = out;
      path.slice(0, -1).forEach(segment => {
        if (!isPlainObject(node[segment])) node[segment] = {};
        node = node[segment];
      });
      node[path[path.length - 1]] = JSON.parse(JSON.stringify(value));
    };
    for (const leaf of this.leaves.values()) put(leaf.path, JSON.parse(leaf.json));
    for (const lazy of this.lazy.filter(l => !l.late)) {
      for (const [path, value] of this.leavesOf(lazy.contributor, parseValuesPath(lazy.path), lazy.producer.produce())) put(path, value);
    }
    return sortDeep(out) as Values;
  }

  /** Produces the lazy values once, when the construct tree is complete. */
  private materialize(): void {
    if (this.materialized) return;
    this.materialized = true;
    for (const late of [false, true]) {
      for (const lazy of this.lazy.filter(l => l.late === late)) this.set(lazy.contributor, lazy.path, lazy.producer.produce());
    }
  }

  private checkedPath(contributor: IConstruct, path: string): string[] {
    try {
      return parseValuesPath(path);
    } catch (e) {
      throw new Error(`[${contributor.node.path}] chartValues: ${(e as Error).message}`);
    }
  }

  private leavesOf(contributor: IConstruct, path: string[], value: unknown): Array<[string[], unknown]> {
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      return Object.entries(value).flatMap(([key, child]) => this.leavesOf(contributor, [...path, key], child));
    }
    const ok = value === null || ['string', 'number', 'boolean'].includes(typeof value)
      || isPlainObject(value) || (Array.isArray(value) && value.every(v => v === null || ['string', 'number', 'boolean', 'object'].includes(typeof v)));
    if (!ok || (typeof value === 'number' && !Number.isFinite(value))) {
      throw new Error(`[${contributor.node.path}] chartValues ${path.join('.')}: must be a YAML value (string, finite number, boolean, null, list or map) (got ${typeof value})`);
    }
    return [[path, value]];
  }
}

/** A reserved chart-values path. */
export interface ChartValuesReservation {
  /** The dotted path. */
  readonly path: string;
  /** Why it is reserved and what to do instead. */
  readonly reason: string;
  /** Whether values there are credentials. */
  readonly secret: boolean;
  /** The construct that reserved it. */
  readonly contributor: string;
}

/** A contributed chart-values leaf. */
export interface ChartValuesLeaf {
  /** The dotted path. */
  readonly path: string;
  /** The value as JSON. */
  readonly json: string;
  /** The constructs that set it. */
  readonly contributors: string[];
}
