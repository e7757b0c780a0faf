import { CompiledPolicy, CompiledRule, isGroupSubject, PolicyGraph } from './compiled-policy';
import { globMatch } from './glob-match';
import { coversAll, disjoint, ObjectScope } from './object-scope';
import { compareStrings } from '../util/validation';

/**
 * The cells of the access audit: what one subject (a group, the default role, a local account)
 * may do in one project (or any other project) and environment class, per resource, computed from
 * the compiled policy with the API server's semantics and exact at that granularity.
 */

/** The resources of the audit and the actions always asked; action families end in `/*`. */
export const AUDIT_RESOURCES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['applications', ['get', 'create', 'update', 'delete', 'sync', 'override', 'action/*', 'update/*', 'delete/*']],
  ['logs', ['get']],
  ['exec', ['create']],
  ['repositories', ['get', 'create', 'update', 'delete']],
  ['clusters', ['get', 'create', 'update', 'delete']],
];

/** Resources whose objects carry an application name, hence an environment. */
export const ENVIRONMENT_RESOURCES = ['applications', 'logs', 'exec'];

/** The families of fine-grained actions; a specific action belongs to the family its text matches. */
export const ACTION_FAMILIES = ['action/*', 'update/*', 'delete/*'];

/**
 * One action in a cell: allowed on every object of the cell (`on` empty) or on the objects
 * matching `on`, minus those matching `except`. For a family (`action/*`), `exceptActions` are the
 * specific actions of the family that are allowed nowhere in the cell; a specific action that is
 * allowed differently from its family has an entry of its own.
 */
export interface GrantEntry {
  readonly action: string;
  readonly on: string[];
  readonly except: string[];
  readonly exceptActions: string[];
  /** The allow lines that grant it. */
  readonly allowedBy: CompiledRule[];
}

/** A cell: entries per resource. */
export type Cell = Map<string, GrantEntry[]>;

/** Who is evaluated: the subject, and whether it is a group claim (needs a `g` line). */
export interface CellSubject {
  readonly subject: string;
  readonly asGroup: boolean;
}

/** The specific actions named in the policy, per audited resource, sorted. */
export function specificActions(policy: CompiledPolicy): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const graphs = new Set<PolicyGraph>([policy.base, ...policy.projectGraphs.values()]);
  for (const graph of graphs) {
    for (const rules of graph.rules.values()) {
      for (const rule of rules) {
        for (const [resource, base] of AUDIT_RESOURCES) {
          if (rule.action === '*' || base.includes(rule.action)) continue;
          if (!safeMatch(policy, resource, rule.resource)) continue;
          const set = out.get(resource) ?? new Set<string>();
          set.add(rule.action);
          out.set(resource, set);
        }
      }
    }
  }
  return new Map([...out].map(([r, s]) => [r, [...s].sort(compareStrings)]));
}

/** Computes the cell of one subject in one scope (project or any other project, environment class). */
export function computeCell(policy: CompiledPolicy, graph: PolicyGraph, who: CellSubject, scope: ObjectScope,
  specific: Map<string, string[]>): Cell {
  const cell: Cell = new Map();
  if (who.subject === '' || (who.asGroup && !isGroupSubject(graph, who.subject))) return cell;
  const rules = policy.closure(graph, who.subject).rules;
  if (rules.length === 0) return cell;
  for (const [resource, base] of AUDIT_RESOURCES) {
    const resourceScope = ENVIRONMENT_RESOURCES.includes(resource) ? scope : { ...scope, production: undefined };
    let resourceRules: CompiledRule[];
    try {
      resourceRules = rules.filter(r => policy.match(resource, r.resource));
    } catch {
      continue; // a matcher error denies every request of this resource
    }
    policy.countOperations(rules.length);
    if (resourceRules.length === 0) continue;
    const entries = new Map<string, GrantEntry | undefined>();
    for (const action of [...base, ...(specific.get(resource) ?? [])]) {
      entries.set(action, computeEntry(policy, resourceRules, action, resourceScope));
    }
    const out: GrantEntry[] = [];
    const exceptions = new Map<string, string[]>();
    for (const action of specific.get(resource) ?? []) {
      const entry = entries.get(action);
      const family = ACTION_FAMILIES.find(f => base.includes(f) && globMatch(action, f));
      const familyEntry = family ? entries.get(family) : undefined;
      if (sameEntry(entry, familyEntry)) {
        entries.set(action, undefined);
      } else if (entry === undefined && family !== undefined && familyEntry !== undefined) {
        exceptions.set(family, [...(exceptions.get(family) ?? []), action]);
      }
    }
    for (const [action, entry] of entries) {
      if (entry) out.push({ ...entry, exceptActions: exceptions.get(action) ?? [] });
    }
    if (out.length > 0) cell.set(resource, out);
  }
  return cell;
}

function computeEntry(policy: CompiledPolicy, rules: CompiledRule[], action: string, scope: ObjectScope): GrantEntry | undefined {
  const allows: CompiledRule[] = [];
  const denies: CompiledRule[] = [];
  policy.countOperations(rules.length);
  try {
    for (const rule of rules) {
      if (!policy.match(action, rule.action)) continue;
      if (!scope.regex) {
        if (disjoint(rule.object, scope)) continue;
      } else {
        policy.match('', rule.object); // an invalid pattern is an error for every object: deny
      }
      (rule.allow ? allows : denies).push(rule);
    }
  } catch {
    return undefined;
  }
  if (allows.length === 0) return undefined;
  const denyObjects = unique(denies.map(r => r.object));
  if (coversAll(denyObjects, scope)) return undefined;
  const allowObjects = unique(allows.map(r => r.object));
  return {
    action,
    on: coversAll(allowObjects, scope) ? [] : allowObjects,
    except: denyObjects,
    exceptActions: [],
    allowedBy: allows,
  };
}

/** Whether two entries claim the same objects (the lines behind them may differ). */
export function sameEntry(a: GrantEntry | undefined, b: GrantEntry | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.on.join('\n') === b.on.join('\n') && a.except.join('\n') === b.except.join('\n')
    && a.exceptActions.join('\n') === b.exceptActions.join('\n');
}

/** Whether two cells claim the same (actions aside from the lines behind them). */
export function sameCell(a: Cell, b: Cell): boolean {
  if (a.size !== b.size) return false;
  for (const [resource, entries] of a) {
    const other = b.get(resource);
    if (!other || other.length !== entries.length) return false;
    if (entries.some((e, i) => e.action !== other[i].action || !sameEntry(e, other[i]))) return false;
  }
  return true;
}

/**
 * Whether an entry allows a request on one object (how a reader reads it). For a family entry,
 * `requestAction` may be a specific action of the family that has no entry of its own.
 */
export function entryAllows(entry: { readonly on: string[]; readonly except: string[]; readonly exceptActions: string[] }, object: string,
  match: (v: string, p: string) => boolean, requestAction?: string): boolean {
  if (requestAction !== undefined && entry.exceptActions.includes(requestAction)) return false;
  const on = entry.on.length === 0 || entry.on.some(p => match(object, p));
  return on && !entry.except.some(p => match(object, p));
}

function safeMatch(policy: CompiledPolicy, value: string, pattern: string): boolean {
  try {
    return policy.match(value, pattern);
  } catch {
    return false;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort(compareStrings);
}
