import { globMatch } from './glob-match';

/**
 * Which objects an audit cell speaks about, and sound reasoning about glob object patterns over
 * them: `disjoint` is true only when no object of the scope can match, `covers` only when every
 * object does. Undecided patterns are shown as they are ("sync on `a/api-*`"), which keeps every
 * cell exact; these checks only decide how tidy it reads.
 *
 * Objects are `<project>/<name>` or `<project>/<namespace>/<name>` (or `<project>/<url>`). An
 * object is in production when it ends with `-<env>` for a production environment: the platform
 * names each environment's Application `<app>-<env>` (see `TeamAccess`).
 */
export interface ObjectScope {
  /** The project, or undefined for any project not in `listedProjects`. */
  readonly project?: string;
  /** The projects that have rows of their own. */
  readonly listedProjects: ReadonlySet<string>;
  /** true: production objects only; false: the others; undefined: all. */
  readonly production?: boolean;
  /** Production environment names (objects ending in `-<env>` are production). */
  readonly productionEnvironments: readonly string[];
  /** `policy.matchMode`; in regex mode nothing is decided (patterns are shown as they are). */
  readonly regex: boolean;
}

const WILDCARD = /[*?[\]{}\\]/;
const STRUCTURE = /[[\]{}\\]/;

/** Whether an object belongs to the scope. */
export function inScope(object: string, scope: ObjectScope): boolean {
  const slash = object.indexOf('/');
  if (slash <= 0 || slash === object.length - 1) return false;
  const project = object.slice(0, slash);
  if (scope.project !== undefined ? project !== scope.project : scope.listedProjects.has(project)) return false;
  if (scope.production === undefined) return true;
  return isProductionObject(object, scope.productionEnvironments) === scope.production;
}

/** Whether an object's name ends with `-<env>` for one of the production environments. */
export function isProductionObject(object: string, productionEnvironments: readonly string[]): boolean {
  return productionEnvironments.some(env => object.endsWith(`-${env}`));
}

function literalPrefix(pattern: string): string {
  const m = WILDCARD.exec(pattern);
  return m ? pattern.slice(0, m.index) : pattern;
}

/** The literal text every match ends with, or undefined when the pattern has classes, braces or escapes. */
function literalSuffix(pattern: string): string | undefined {
  if (STRUCTURE.test(pattern)) return undefined;
  const last = Math.max(pattern.lastIndexOf('*'), pattern.lastIndexOf('?'));
  return pattern.slice(last + 1);
}

/** True only when no object of the scope matches the pattern. */
export function disjoint(pattern: string, scope: ObjectScope): boolean {
  if (scope.regex) return false;
  if (!WILDCARD.test(pattern)) return !inScope(pattern, scope);
  const prefix = literalPrefix(pattern);
  if (scope.project !== undefined) {
    const target = `${scope.project}/`;
    if (!prefix.startsWith(target) && !target.startsWith(prefix)) return true;
  } else {
    const slash = prefix.indexOf('/');
    if (slash !== -1 && scope.listedProjects.has(prefix.slice(0, slash))) return true;
  }
  if (scope.production === undefined || scope.productionEnvironments.length === 0) return false;
  const suffix = literalSuffix(pattern);
  if (suffix === undefined) return false;
  const suffixes = scope.productionEnvironments.map(env => `-${env}`);
  if (scope.production) return suffixes.every(s => !suffix.endsWith(s) && !s.endsWith(suffix));
  return suffixes.some(s => suffix.endsWith(s));
}

/** True only when every object of the scope matches the pattern. */
function coversOne(pattern: string, scope: ObjectScope, productionEnvironment?: string): boolean {
  if (scope.regex) return false;
  if (/^\*+$/.test(pattern)) return true;
  const slash = pattern.indexOf('/');
  if (slash === -1 || STRUCTURE.test(pattern)) return false;
  const head = pattern.slice(0, slash);
  const tail = pattern.slice(slash + 1);
  const headCovers = scope.project !== undefined ? globMatch(scope.project, head) : /^\*+$/.test(head);
  if (!headCovers) return false;
  if (/^\*+$/.test(tail)) return true;
  if (productionEnvironment === undefined || WILDCARD.test(productionEnvironment)) return false;
  return new RegExp(`^\\*+-${productionEnvironment.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}$`).test(tail);
}

/** True only when every object of the scope matches one of the patterns. */
export function coversAll(patterns: readonly string[], scope: ObjectScope): boolean {
  if (patterns.some(p => coversOne(p, scope))) return true;
  if (scope.production !== true || scope.productionEnvironments.length === 0) return false;
  // Production is the union of `*-<env>` per production environment: each needs a covering pattern.
  return scope.productionEnvironments.every(env => patterns.some(p => coversOne(p, scope, env)));
}
