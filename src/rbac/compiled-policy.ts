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

/** The policy one request is evaluated against: builtin + user (+ one project's runtime policy). */
export interface PolicyGraph {
  /** The project whose runtime policy is loaded, or undefined for builtin + user only. */
  readonly project?: string;
  readonly rules: Map<string, CompiledRule[]>;
  readonly edges: Map<string, CompiledEdge[]>;
  /** First fields of `g` lines: the only group claims the API server evaluates. */
  readonly gSubjects: Set<string>;
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
      const graph = buildGraph([...builtin, ...user, ...runtime.map(line => ({ line, origin }))], project.name);
      this.projectGraphs.set(project.name, graph);
      this.affectedByProject.set(project.name, affectedSubjects(graph, runtime));
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
    if (principal === '' || (asGroup && !graph.gSubjects.has(principal))) return false;
    return this.enforce(graph, principal, resource, action, object).allowed;
  }

  /** One casbin enforce: some allow matches and no deny matches; a matcher error denies. */
  public enforce(graph: PolicyGraph, subject: string, resource: string, action: string, object: string): { allowed: boolean; allowedBy: CompiledRule[] } {
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
      rules.push(...(graph.rules.get(current) ?? []));
      for (const edge of graph.edges.get(current) ?? []) {
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

  /** Counts work done outside `enforce` (cell computation). */
  public countOperations(operations: number): void {
    this.counter?.count(operations);
  }
}

function buildGraph(lines: Array<{ line: PolicyLine; origin: string }>, project?: string): PolicyGraph {
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
  return { project, rules, edges, gSubjects };
}

/** Subjects whose closure in a project graph differs from the base: those reaching a runtime line. */
function affectedSubjects(graph: PolicyGraph, runtime: PolicyLine[]): Set<string> {
  const reverse = new Map<string, string[]>();
  for (const [subject, list] of graph.edges) {
    for (const edge of list) {
      const parents = reverse.get(edge.role) ?? [];
      parents.push(subject);
      reverse.set(edge.role, parents);
    }
  }
  const affected = new Set<string>(runtime.map(l => l.fields[0]));
  const queue = [...affected];
  for (let i = 0; i < queue.length; i++) {
    for (const parent of reverse.get(queue[i]) ?? []) {
      if (!affected.has(parent)) {
        affected.add(parent);
        queue.push(parent);
      }
    }
  }
  return affected;
}
