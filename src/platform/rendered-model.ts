import { ApiObject, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';

/** One object of a chart, rendered (or the reason it does not render). */
export interface RenderedObject {
  /** The ApiObject's construct path. */
  readonly path: string;
  /** The construct that rendered it. */
  readonly apiObject: ApiObject;
  /**
   * The plain object (`ApiObject.toJson()`).
   * @default - undefined when it does not render (see `error`)
   */
  readonly manifest?: any;
  /**
   * Why the object does not render.
   * @default - it renders
   */
  readonly error?: string;
}

/** Models cached for the duration of a synth (`RenderedModel.during`), by the app's root construct. */
const ACTIVE = new WeakMap<IConstruct, RenderedModel>();

/**
 * The plain objects of an app, each rendered once. cdk8s renders a chart from scratch on every
 * `chart.toJson()` (after validating the whole app again); the writer (`PlatformApp`), the guardrails,
 * the access audit, the backup and the runbooks read this model instead, so that during one synth
 * every object is rendered exactly once, whoever asks first. Outside a synth each call of
 * `RenderedModel.of` starts a new model (the tree may still change).
 */
export class RenderedModel {
  /**
   * The model of the app a construct belongs to: the synth's when one is in progress, else a new one.
   * @param scope any construct of the app
   */
  public static of(scope: IConstruct): RenderedModel {
    return ACTIVE.get(scope.node.root) ?? new RenderedModel(scope.node.root);
  }

  /**
   * Runs `fn` with one model of the app shared by every reader, and forgets it afterwards. The tree
   * must not change while `fn` runs (validation and rendering only).
   * @param root the app
   */
  public static during<T>(root: IConstruct, fn: (model: RenderedModel) => T): T {
    const existing = ACTIVE.get(root);
    if (existing) return fn(existing);
    const model = new RenderedModel(root);
    ACTIVE.set(root, model);
    try {
      return fn(model);
    } finally {
      ACTIVE.delete(root);
    }
  }

  /**
   * A validation that reads rendered objects (the guardrails, the access audit): during a synth it runs
   * once every other validation has run and the tree is complete (a validation may still add
   * constructs), so that the objects are rendered once; outside a synth it runs now.
   * @param scope the construct the validation belongs to (errors without a `[path]` are prefixed with its path)
   * @param validate returns the problems
   */
  public static validateOnRendered(scope: IConstruct, validate: () => string[]): string[] {
    const model = ACTIVE.get(scope.node.root);
    if (model?.deferred) {
      model.deferred.push({ scope, validate });
      return [];
    }
    return validate();
  }

  private readonly charts = new Map<Chart, RenderedObject[]>();
  private deferred?: Array<{ scope: IConstruct; validate: () => string[] }>;
  private memos = new WeakMap<object, Map<string, unknown>>();
  private dependenciesResolved = false;

  private constructor(private readonly root: IConstruct) {}

  /**
   * The objects of one chart (only those whose closest chart it is), in cdk8s's order (dependencies
   * first, then the tree's order), each rendered once per model.
   */
  public objectsOf(chart: Chart): RenderedObject[] {
    const cached = this.charts.get(chart);
    if (cached) return cached;
    this.resolveDependencies();
    const objects: RenderedObject[] = [];
    for (const construct of new DependencyGraph(chart.node).topology()) {
      if (!ApiObject.isApiObject(construct) || Chart.of(construct) !== chart) continue;
      try {
        objects.push({ path: construct.node.path, apiObject: construct, manifest: construct.toJson() });
      } catch (e) {
        objects.push({ path: construct.node.path, apiObject: construct, error: (e as Error).message });
      }
    }
    this.charts.set(chart, objects);
    return objects;
  }

  /** The plain objects of a chart that render (objects that do not are reported by the writer). */
  public manifestsOf(chart: Chart): any[] {
    return this.objectsOf(chart).filter(o => o.error === undefined).map(o => o.manifest);
  }

  /**
   * Runs `fn` (which validates constructs), collecting the validations that read rendered objects
   * (`validateOnRendered`) instead of running them; returns those, for the caller to run once the tree is complete.
   */
  public deferringValidations(fn: () => void): Array<{ scope: IConstruct; validate: () => string[] }> {
    const previous = this.deferred;
    const collected: Array<{ scope: IConstruct; validate: () => string[] }> = [];
    this.deferred = collected;
    try {
      fn();
    } finally {
      this.deferred = previous;
    }
    return collected;
  }

  /** Whether any chart has been rendered into this model yet. */
  public get hasRendered(): boolean {
    return this.charts.size > 0;
  }

  /**
   * Forgets every rendered object and derived value (the tree changed: a validation added constructs).
   */
  public reset(): void {
    this.charts.clear();
    this.memos = new WeakMap();
  }

  /**
   * A value derived from the rendered objects, computed once per model (for example the guardrails'
   * findings, which both the synth's validation and the report read).
   * @param owner the construct the value belongs to
   * @param key what the value is
   * @param compute computes it from this model
   */
  public memo<T>(owner: object, key: string, compute: () => T): T {
    let values = this.memos.get(owner);
    if (!values) {
      values = new Map();
      this.memos.set(owner, values);
    }
    if (!values.has(key)) values.set(key, compute());
    return values.get(key) as T;
  }

  /**
   * What cdk8s does before it renders a chart (`App._synthChart`): construct dependencies between
   * charts and between constructs become dependencies of the charts and of their ApiObjects, which
   * order a chart's objects. Done once per model, and only when some construct declares a dependency.
   */
  private resolveDependencies(): void {
    if (this.dependenciesResolved) return;
    this.dependenciesResolved = true;
    const all = this.root.node.findAll();
    const charts = all.filter((c): c is Chart => Chart.isChart(c));
    for (const parent of charts) {
      for (const child of parent.node.children) if (Chart.isChart(child)) parent.node.addDependency(child);
    }
    const deps: Array<{ source: IConstruct; target: IConstruct }> = [];
    for (const source of all) for (const target of source.node.dependencies) deps.push({ source, target });
    if (deps.length === 0) return;
    const children = new Map<IConstruct, IConstruct[]>();
    const apiObjectsIn = (c: IConstruct, chart: Chart) => {
      let found = children.get(c);
      if (!found) {
        found = c.node.findAll();
        children.set(c, found);
      }
      return found.filter(x => ApiObject.isApiObject(x) && Chart.of(x) === chart);
    };
    for (const { source, target } of deps) {
      const sourceChart = Chart.of(source);
      const targetChart = Chart.of(target);
      if (sourceChart !== targetChart) sourceChart.node.addDependency(targetChart);
    }
    for (const { source, target } of deps) {
      const targets = apiObjectsIn(target, Chart.of(target));
      const sources = apiObjectsIn(source, Chart.of(source));
      for (const t of targets) for (const s of sources) if (t !== s) s.node.addDependency(t);
    }
  }
}
