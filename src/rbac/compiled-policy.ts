import { matcherFor } from './glob-match';
import { PolicyCsv, PolicyLine } from './policy-csv';
import { ProjectRbac, ProjectRoles } from './project-roles';
import { RbacConfig } from './rbac-config';
import { PROJECT_SCOPED_RESOURCES } from './rbac-vocabulary';
import { compareStrings } from '../util/validation';

/**
 * The grant model behind the access audit: the lines Argo CD loads (builtin, then user, then each
 * AppProject's roles as runtime policy, falling back to builtin + user when a project's policy is
 * invalid), compiled once into per-subject rule lists and role edges, and decided like the API
 * server (`RbacEvaluator.canWithGroups`): the default role, then the subject, then a group only
 * where it is the first field of some `g` line. Pure data; knows nothing about constructs.
 */

/** One `p` line, with where it came from. */
export interface CompiledRule {
  readonly subject: string;
  readonly resource: string;
  readonly action: string;
  readonly object: string;
  readonly allow: boolean;
  /** `builtin`, `argocd-rbac-cm` or `AppProject <name>`. */
  readonly origin: string;
  /** The line as written. */
  readonly text: string;
}

/** A `g` line, with where it came from. */
export interface CompiledEdge {
  readonly subject: string;
  readonly role: string;
  readonly origin: string;
  readonly text: string;
}

/**
 * The policy one request is evaluated against: builtin + user, or a project's runtime policy
 * layered over them (`base`), so 300 projects do not copy the user policy 300 times.
 */
export interface PolicyGraph {
  /** The project whose runtime policy is loaded, or undefined for builtin + user only. */
  readonly project?: string;
  /** The builtin + user graph this one adds runtime lines to. */
  readonly base?: PolicyGraph;
  /** This layer's `p` lines by subject. */
  readonly rules: Map<string, CompiledRule[]>;
  /** This layer's `g` lines by subject. */
  readonly edges: Map<string, CompiledEdge[]>;
  /** This layer's first fields of `g` lines: the only group claims the API server evaluates. */
  readonly gSubjects: Set<string>;
}

const NO_RULES: CompiledRule[] = [];
const NO_EDGES: CompiledEdge[] = [];

/** A subject's `p` lines in a graph, in load order (builtin, user, runtime). */
export function rulesOf(graph: PolicyGraph, subject: string): CompiledRule[] {
  const own = graph.rules.get(subject) ?? NO_RULES;
  if (!graph.base) return own;
  const inherited = graph.base.rules.get(subject) ?? NO_RULES;
  return own.length === 0 ? inherited : inherited.length === 0 ? own : [...inherited, ...own];
}

/** A subject's `g` lines in a graph. */
export function edgesOf(graph: PolicyGraph, subject: string): CompiledEdge[] {
  const own = graph.edges.get(subject) ?? NO_EDGES;
  if (!graph.base) return own;
  const inherited = graph.base.edges.get(subject) ?? NO_EDGES;
  return own.length === 0 ? inherited : inherited.length === 0 ? own : [...inherited, ...own];
}

/** Whether a subject is the first field of some `g` line in a graph. */
export function isGroupSubject(graph: PolicyGraph, subject: string): boolean {
  return graph.gSubjects.has(subject) || (graph.base?.gSubjects.has(subject) ?? false);
}

/** Every subject with a `p` or `g` line in a graph. */
export function subjectsOf(graph: PolicyGraph): Set<string> {
  const out = new Set<string>();
  for (const layer of graph.base ? [graph.base, graph] : [graph]) {
    for (const key of layer.rules.keys()) out.add(key);
    for (const key of layer.edges.keys()) out.add(key);
  }
  return out;
}

/** A subject's rules through its `g` chain, with the binding that first reached each role. */
export interface Closure {
  readonly rules: CompiledRule[];
  /** For each role reached, the `g` line the subject's chain entered it by. */
  readonly via: Map<string, CompiledEdge>;
}

/** Counts the audit's unit operations (rule checks), so tests can assert how the work grows. */
export interface IOperationCounter {
  /** Called once per rule examined. */
  count(operations: number): void;
}

export const BUILTIN_ORIGIN = 'builtin';
export const USER_ORIGIN = 'argocd-rbac-cm';

/** Whether a subject is a role (global `role:x` or project `proj:p:r`) rather than a principal. */
export function isRoleSubject(subject: string): boolean {
  return subject.startsWith('role:') || subject.startsWith('proj:');
}

/** The compiled policy of one Argo CD instance. */
export class CompiledPolicy {
  public readonly match: (value: string, pattern: string) => boolean;
  public readonly base: PolicyGraph;
  /** Graphs of the AppProjects, by name (the base graph when a project adds no valid runtime policy). */
  public readonly projectGraphs = new Map<string, PolicyGraph>();
  /** Subjects bound by the builtin policy's `g` lines that are not roles (the local `admin` account). */
  public readonly localAccounts: Set<string>;
  /** For each AppProject with runtime policy: the subjects whose closure differs from the base graph. */
  public readonly affectedByProject = new Map<string, Set<string>>();
  private readonly closures = new Map<PolicyGraph, Map<string, Closure>>();
  private baseReverse?: Map<string, string[]>;

  constructor(public readonly config: RbacConfig, projects: ProjectRbac[] = [], private readonly counter?: IOperationCounter) {
    this.match = matcherFor(config.matchMode);
    const builtin = PolicyCsv.parse(config.builtinPolicy).map(line => ({ line, origin: BUILTIN_ORIGIN }));
    const user = PolicyCsv.parse(config.policyCsv).map(line => ({ line, origin: USER_ORIGIN }));
    this.base = buildGraph([...builtin, ...user]);
    this.localAccounts = new Set(builtin.filter(b => b.line.ptype === 'g').map(b => b.line.fields[0]).filter(s => !isRoleSubject(s)));
    for (const project of [...projects].sort((a, b) => compareStrings(a.name, b.name))) {
      let runtime: PolicyLine[] = [];
      try {
        const text = ProjectRoles.policiesString(project);
        runtime = text === '' ? [] : PolicyCsv.parse(text);
      } catch {
        runtime = []; // Argo CD falls back to builtin + user policy
      }
      if (runtime.length === 0) {
        this.projectGraphs.set(project.name, this.base);
        continue;
      }
      const origin = `AppProject ${project.name}`;
      const graph = buildGraph(runtime.map(line => ({ line, origin })), project.name, this.base);
      this.projectGraphs.set(project.name, graph);
      this.affectedByProject.set(project.name, this.affectedSubjects(graph, runtime));
    }
  }

  /** The graph a request is evaluated against, as `getProjectFromRequest` finds the project. */
  public graphFor(resource: string, object: string): PolicyGraph {
    if (PROJECT_SCOPED_RESOURCES.includes(resource)) {
      const slash = object.indexOf('/');
      return slash === -1 ? this.base : this.projectGraphs.get(object.slice(0, slash)) ?? this.base;
    }
    if (resource === 'projects') return this.projectGraphs.get(object) ?? this.base;
    return this.base;
  }

  /** The graph of a project's requests. */
  public graphOfProject(project: string): PolicyGraph {
    return this.projectGraphs.get(project) ?? this.base;
  }

  /**
   * The API server's decision for a principal. A group is evaluated only where it is the first
   * field of some `g` line; any other principal as the token's subject.
   */
  public decide(principal: string, asGroup: boolean, resource: string, action: string, object: string): boolean {
    const graph = this.graphFor(resource, object);
    const defaultRole = this.config.policyDefault;
    if (defaultRole !== '' && this.enforce(graph, defaultRole, resource, action, object).allowed) return true;
    if (principal === '' || (asGroup && !isGroupSubject(graph, principal))) return false;
    return this.enforce(graph, principal, resource, action, object).allowed;
  }

  /** One casbin enforce: some allow matches and no deny matches; a matcher error denies. */
  public enforce(graph: PolicyGraph, subject: string, resource: string, action: string, object: string)
    : { allowed: boolean; allowedBy: CompiledRule[] } {
    const allowedBy: CompiledRule[] = [];
    const rules = this.closure(graph, subject).rules;
    this.counter?.count(rules.length);
    try {
      for (const rule of rules) {
        if (this.match(resource, rule.resource) && this.match(action, rule.action) && this.match(object, rule.object)) {
          if (!rule.allow) return { allowed: false, allowedBy: [] };
          allowedBy.push(rule);
        }
      }
    } catch {
      return { allowed: false, allowedBy: [] };
    }
    return { allowed: allowedBy.length > 0, allowedBy };
  }

  /** The rules of a subject and of every role it reaches through `g` lines (compiled once per graph). */
  public closure(graph: PolicyGraph, subject: string): Closure {
    let cache = this.closures.get(graph);
    if (!cache) {
      cache = new Map();
      this.closures.set(graph, cache);
    }
    const cached = cache.get(subject);
    if (cached) return cached;
    const seen = new Set<string>([subject]);
    const via = new Map<string, CompiledEdge>();
    const queue = [subject];
    const rules: CompiledRule[] = [];
    for (let i = 0; i < queue.length; i++) {
      const current = queue[i];
      rules.push(...rulesOf(graph, current));
      for (const edge of edgesOf(graph, current)) {
        if (seen.has(edge.role)) continue;
        seen.add(edge.role);
        via.set(edge.role, current === subject ? edge : via.get(current)!);
        queue.push(edge.role);
      }
    }
    this.counter?.count(rules.length);
    const closure = { rules, via };
    cache.set(subject, closure);
    return closure;
  }

  /** Subjects whose closure in a project graph differs from the base: those reaching a runtime line. */
  private affectedSubjects(graph: PolicyGraph, runtime: PolicyLine[]): Set<string> {
    this.baseReverse ??= reverseEdges(this.base);
    const runtimeReverse = reverseEdges(graph);
    const affected = new Set<string>(runtime.map(l => l.fields[0]));
    const queue = [...affected];
    for (let i = 0; i < queue.length; i++) {
      for (const parent of [...(this.baseReverse.get(queue[i]) ?? []), ...(runtimeReverse.get(queue[i]) ?? [])]) {
        if (!affected.has(parent)) {
          affected.add(parent);
          queue.push(parent);
        }
      }
    }
    return affected;
  }

  /** Counts work done outside `enforce` (cell computation). */
  public countOperations(operations: number): void {
    this.counter?.count(operations);
  }
}

function buildGraph(lines: Array<{ line: PolicyLine; origin: string }>, project?: string, base?: PolicyGraph): PolicyGraph {
  const rules = new Map<string, CompiledRule[]>();
  const edges = new Map<string, CompiledEdge[]>();
  const gSubjects = new Set<string>();
  for (const { line, origin } of lines) {
    if (line.ptype === 'p') {
      const [subject, resource, action, object, effect] = line.fields;
      const list = rules.get(subject) ?? [];
      list.push({ subject, resource, action, object, allow: effect === 'allow', origin, text: line.text });
      rules.set(subject, list);
    } else {
      const [subject, role] = line.fields;
      gSubjects.add(subject);
      const list = edges.get(subject) ?? [];
      list.push({ subject, role, origin, text: line.text });
      edges.set(subject, list);
    }
  }
  return { project, base, rules, edges, gSubjects };
}


/** For each role, the subjects of one layer's `g` lines that name it. */
function reverseEdges(graph: PolicyGraph): Map<string, string[]> {
  const reverse = new Map<string, string[]>();
  for (const [subject, list] of graph.edges) {
    for (const edge of list) {
      const parents = reverse.get(edge.role) ?? [];
      parents.push(subject);
      reverse.set(edge.role, parents);
    }
  }
  return reverse;
}
