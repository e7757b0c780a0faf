import { matcherFor } from './glob-match';
import { PolicyCsv, PolicyLine } from './policy-csv';
import { ProjectRbac, ProjectRoles } from './project-roles';
import { RbacConfig } from './rbac-config';
import { compareStrings } from '../util/validation';

/** Output format of the access audit. */
export enum AuditFormat {
  /** Markdown, for pull-request review. */
  MARKDOWN = 'md',
  /** CSV, one row per principal, project, resource and action. */
  CSV = 'csv',
  /** JSON. */
  JSON = 'json',
}

/** What kind of principal an audit row is about. */
export enum PrincipalKind {
  /** A group claim value bound with a `g` line (Azure AD object ID). */
  GROUP = 'group',
  /** A subject with direct `p` lines and no `g` line: enforced as a user, ignored as a group. */
  USER = 'user',
  /** A role (`role:x`) or project role (`proj:p:r`). */
  ROLE = 'role',
  /** Everyone: the `policy.default` role. */
  DEFAULT = 'default',
  /** Argo CD's local `admin` account, which the builtin policy makes an admin. */
  LOCAL_ACCOUNT = 'local account',
}

/** A subject allowed to do something, with the policy lines that allow it. */
export interface AccessGrantee {
  /** The subject (group ID, user, role). */
  readonly subject: string;
  /** What kind of subject. */
  readonly kind: PrincipalKind;
  /**
   * The subject's display name.
   * @default - none
   */
  readonly displayName?: string;
  /** The policy lines that allow it, each as `<origin>: <line>`. */
  readonly allowedBy: string[];
}

/** One cell set of the access matrix: a principal's actions on one project. */
export interface ProjectAccess {
  /** The principal. */
  readonly subject: string;
  /** The project. */
  readonly project: string;
  /** Allowed actions per resource (`applications`, `logs`, `exec`, `repositories`, `clusters`). */
  readonly actions: { [resource: string]: string[] };
}

/** The queries of the matrix: resource → actions (request values; `*`-suffixed ones are literal). */
export const MATRIX_QUERIES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['applications', ['get', 'create', 'update', 'delete', 'sync', 'override', 'action/*', 'update/*', 'delete/*']],
  ['logs', ['get']],
  ['exec', ['create']],
  ['repositories', ['get', 'create', 'update', 'delete']],
  ['clusters', ['get', 'create', 'update', 'delete']],
];

interface Rule {
  readonly subject: string;
  readonly resource: string;
  readonly action: string;
  readonly object: string;
  readonly allow: boolean;
  readonly origin: string;
  readonly text: string;
}

interface Graph {
  readonly rules: Map<string, Rule[]>;
  readonly edges: Map<string, string[]>;
  readonly gSubjects: Set<string>;
}

interface Principal {
  readonly subject: string;
  readonly kind: PrincipalKind;
  readonly displayName?: string;
}

interface Decision {
  readonly allowed: boolean;
  readonly allowedBy: Rule[];
}

const BUILTIN_ORIGIN = 'builtin';
/** The local account the builtin policy binds to role:admin. */
const LOCAL_ADMIN = 'admin';
const USER_ORIGIN = 'argocd-rbac-cm';
const DISPLAY_NAME_COMMENT = '# group: ';

/** Options of the access audit. */
export interface AccessAuditOptions {
  /**
   * Whether Argo CD's local `admin` account is enabled (argocd-cm `admin.enabled`). When false, the
   * audit still lists the account (the builtin policy makes it an admin) but says it cannot log in.
   * @default - unknown: the account is listed without a note
   */
  readonly localAdminEnabled?: boolean;
}

/**
 * The access audit: every principal's effective grants, compiled once from the builtin, user and
 * project policies (not a casbin call per question), answering like Argo CD's API server:
 * the default role, then the subject, then groups that have a `g` line, with each project's roles
 * as runtime policy. Invalid project policy falls back to builtin + user, as in Argo CD.
 */
export class AccessAudit {
  /**
   * The project name of the row for grants that apply to every project (a policy object whose
   * project segment is only wildcards, such as the object `*` followed by `/*`).
   */
  public static readonly EVERY_PROJECT = '*';

  /** Compiles the audit of one Argo CD configuration and its AppProjects. */
  public static compile(config: RbacConfig, projects: ProjectRbac[] = [], options: AccessAuditOptions = {}): AccessAudit {
    return new AccessAudit(config, projects, options);
  }

  /**
   * Whether argocd-cm's `admin.enabled` value leaves the local admin account on, read as Argo CD
   * reads it (Go's strconv.ParseBool; absent or unparsable means enabled).
   */
  public static localAdminEnabled(adminEnabledValue?: string): boolean {
    if (adminEnabledValue === undefined) return true;
    return !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(adminEnabledValue.trim());
  }

  /**
   * The projects audited, sorted by code units: the AppProjects given, plus projects named in the
   * first `/`-segment of policy.csv objects of project-scoped resources, plus `*` (EVERY_PROJECT)
   * when a policy object's project segment is only wildcards.
   */
  public readonly projectNames: string[];

  private readonly match: (value: string, pattern: string) => boolean;
  private readonly base: Graph;
  private readonly projectGraphs = new Map<string, Graph>();
  private readonly principalList: Principal[];
  private readonly closureCache = new Map<Graph, Map<string, Rule[]>>();

  private constructor(private readonly config: RbacConfig, projects: ProjectRbac[], private readonly options: AccessAuditOptions) {
    this.match = matcherFor(config.matchMode);
    const builtin = PolicyCsv.parse(config.builtinPolicy).map(l => ({ line: l, origin: BUILTIN_ORIGIN }));
    const user = PolicyCsv.parse(config.policyCsv).map(l => ({ line: l, origin: USER_ORIGIN }));
    this.base = buildGraph([...builtin, ...user]);
    const displayNames = readDisplayNames(config.policyCsv);
    // Names of project-role groups come from the AppProjects; policy.csv comments take precedence.
    for (const project of [...projects].sort((a, b) => compareStrings(a.name, b.name))) {
      for (const [group, name] of Object.entries(project.groupDisplayNames ?? {})) {
        if (!displayNames.has(group)) displayNames.set(group, name);
      }
    }
    for (const project of [...projects].sort((a, b) => compareStrings(a.name, b.name))) {
      let runtime: PolicyLine[] = [];
      try {
        const text = ProjectRoles.policiesString(project);
        runtime = text === '' ? [] : PolicyCsv.parse(text);
      } catch {
        runtime = []; // Argo CD falls back to builtin + user policy
      }
      const origin = `AppProject ${project.name}`;
      this.projectGraphs.set(project.name, runtime.length === 0 ? this.base
        : buildGraph([...builtin, ...user, ...runtime.map(l => ({ line: l, origin }))]));
    }
    // Projects named only in policy.csv objects (`p, role:dev, applications, get, a/*, allow` with no
    // AppProject file) are audited too, against builtin + user policy; a wildcard project segment
    // (`*/*`, or an object of `*`) becomes the row EVERY_PROJECT.
    const fromPolicy = policyProjects(user.map(u => u.line), config.matchMode);
    this.projectNames = [...new Set([...this.projectGraphs.keys(), ...fromPolicy])].sort(compareStrings);

    const principals = new Map<string, Principal>();
    const isRole = (s: string) => s.startsWith('role:') || s.startsWith('proj:');
    // The builtin policy's `g, admin, role:admin` binds the local account, not a group claim.
    const localAccounts = new Set(builtin.filter(b => b.line.ptype === 'g').map(b => b.line.fields[0]).filter(s => !isRole(s)));
    for (const graph of [this.base, ...this.projectGraphs.values()]) {
      for (const subject of graph.gSubjects) {
        if (isRole(subject)) continue;
        principals.set(subject, localAccounts.has(subject)
          ? { subject, kind: PrincipalKind.LOCAL_ACCOUNT, displayName: this.localAccountLabel(subject) }
          : { subject, kind: PrincipalKind.GROUP, displayName: displayNames.get(subject) });
      }
    }
    for (const subject of this.base.rules.keys()) {
      if (!isRole(subject) && !principals.has(subject)) principals.set(subject, { subject, kind: PrincipalKind.USER });
    }
    this.principalList = [...principals.values()].sort((a, b) => compareStrings(label(a), label(b)) || compareStrings(a.subject, b.subject));
  }

  /** How the audit names a local account: disabled when argocd-cm says so. */
  private localAccountLabel(subject: string): string | undefined {
    return subject === LOCAL_ADMIN && this.options.localAdminEnabled === false
      ? 'local admin account, disabled (admin.enabled: "false")' : undefined;
  }

  /** The principals (groups and users), sorted by display name. */
  public get principals(): string[] {
    return this.principalList.map(p => p.subject);
  }

  /**
   * Whether a principal may do something, as the API server decides: a group (a subject of some
   * `g` line) is evaluated as a group claim, any other principal as the token's subject.
   */
  public isAllowed(principal: string, resource: string, action: string, object: string): boolean {
    const known = this.principalList.find(p => p.subject === principal);
    const graph = this.graphFor(resource, object);
    return this.decide(graph, principal, known?.kind ?? PrincipalKind.USER, resource, action, object).allowed;
  }

  /** Principals whose closure contains `role:admin` (or everyone, when the default role is admin). */
  public get admins(): string[] {
    if (this.config.policyDefault === 'role:admin') return ['*'];
    return this.principalList.filter(p => this.closure(this.base, p.subject).some(r => r.subject === 'role:admin')
      && (p.kind !== PrincipalKind.GROUP || this.base.gSubjects.has(p.subject))).map(p => p.subject);
  }

  /** A principal's allowed actions on one project, for the matrix resources. */
  public projectAccess(principal: string, project: string): ProjectAccess {
    const known = this.principalList.find(p => p.subject === principal);
    const kind = known?.kind ?? PrincipalKind.USER;
    const graph = this.projectGraphs.get(project) ?? this.base;
    const actions: Record<string, string[]> = {};
    for (const [resource, resourceActions] of MATRIX_QUERIES) {
      actions[resource] = resourceActions.filter(action =>
        this.decide(graph, principal, kind, resource, action, `${project}/*`).allowed);
    }
    return { subject: principal, project, actions };
  }

  /** The default role's allowed actions on one project (what every authenticated user has). */
  public defaultAccess(project: string): ProjectAccess {
    return this.projectAccess('', project);
  }

  /** Every group, user and role allowed to do something, with the policy lines that allow it. */
  public whoCan(action: string, resource: string, object: string): AccessGrantee[] {
    const graph = this.graphFor(resource, object);
    const out: AccessGrantee[] = [];
    if (this.config.policyDefault !== '') {
      const decision = this.enforce(graph, this.config.policyDefault, resource, action, object);
      if (decision.allowed) {
        out.push({ subject: this.config.policyDefault, kind: PrincipalKind.DEFAULT, displayName: 'everyone (policy.default)', allowedBy: decision.allowedBy.map(describeRule) });
      }
    }
    for (const principal of this.principalList) {
      if (principal.kind === PrincipalKind.GROUP && !graph.gSubjects.has(principal.subject)) continue;
      const decision = this.enforce(graph, principal.subject, resource, action, object);
      if (decision.allowed) out.push({ ...principal, allowedBy: decision.allowedBy.map(describeRule) });
    }
    const roles = new Set<string>();
    for (const subject of [...graph.rules.keys(), ...graph.edges.keys()]) if (/^(role|proj):/.test(subject)) roles.add(subject);
    for (const role of [...roles].sort()) {
      const decision = this.enforce(graph, role, resource, action, object);
      if (decision.allowed) out.push({ subject: role, kind: PrincipalKind.ROLE, allowedBy: decision.allowedBy.map(describeRule) });
    }
    return out;
  }

  /** The matrix rows: every principal and project where the principal has more than the default role. */
  public matrix(): ProjectAccess[] {
    const rows: ProjectAccess[] = [];
    const adminSet = new Set(this.admins);
    for (const project of this.projectNames) {
      const everyone = this.defaultAccess(project);
      for (const principal of this.principalList) {
        if (adminSet.has(principal.subject)) continue;
        const access = this.projectAccess(principal.subject, project);
        if (!sameActions(access, everyone)) rows.push(access);
      }
    }
    return rows;
  }

  /** Renders the audit. */
  public render(format: AuditFormat = AuditFormat.MARKDOWN): string {
    const rows = this.matrix();
    if (format === AuditFormat.JSON) {
      return JSON.stringify({
        policyDefault: this.config.policyDefault,
        scopes: this.config.scopes,
        admins: this.admins.map(s => ({ subject: s, displayName: this.displayName(s) })),
        defaultAccess: this.projectNames.map(p => this.defaultAccess(p)).filter(a => hasAny(a)),
        principals: this.principalList.map(p => ({ subject: p.subject, kind: p.kind, displayName: p.displayName })),
        access: rows.map(r => ({ ...r, displayName: this.displayName(r.subject) })),
      }, null, 2) + '\n';
    }
    if (format === AuditFormat.CSV) {
      const lines = ['principal,display_name,project,resource,action'];
      const emit = (subject: string, display: string, access: ProjectAccess) => {
        for (const [resource, actions] of Object.entries(access.actions)) {
          for (const action of actions) lines.push([subject, display, access.project, resource, action].map(csvField).join(','));
        }
      };
      for (const admin of this.admins) lines.push([admin, this.displayName(admin) ?? '', '*', '*', '*'].map(csvField).join(','));
      for (const project of this.projectNames) emit('policy.default', this.config.policyDefault, this.defaultAccess(project));
      for (const row of rows) emit(row.subject, this.displayName(row.subject) ?? '', row);
      return lines.join('\n') + '\n';
    }
    return this.renderMarkdown(rows);
  }

  private renderMarkdown(rows: ProjectAccess[]): string {
    const out: string[] = [];
    out.push('# Argo CD access audit', '');
    out.push('Generated from argocd-rbac-cm and the AppProjects, evaluated like the Argo CD API server: default role,',
      'then the subject, then groups that have a `g` line, with project roles as runtime policy.', '');
    out.push(`- policy.default: ${this.config.policyDefault === '' ? '(none)' : `\`${this.config.policyDefault}\``}`);
    out.push(`- scopes: ${this.config.scopes.map(s => `\`${s}\``).join(', ')}`);
    out.push(`- policy.matchMode: \`${this.config.matchMode}\``, '');
    out.push('## Admins', '');
    const admins = this.admins;
    if (admins.length === 0) out.push('(none)');
    for (const admin of admins) out.push(`- ${this.principalLabel(admin)}`);
    out.push('');
    const unbound = this.principalList.filter(p => p.kind === PrincipalKind.USER);
    if (unbound.length > 0) {
      out.push('## Subjects with policy lines but no `g` line', '',
        'Argo CD evaluates these only as a token subject (local account); as a group claim they are ignored.', '');
      for (const p of unbound) out.push(`- \`${p.subject}\``);
      out.push('');
    }
    const columns = MATRIX_QUERIES.map(([resource]) => resource);
    const header = `| ${['Who', 'Project', ...columns].join(' | ')} |`;
    const divider = `|${[...columns, '', ''].map(() => '---').join('|')}|`;
    out.push('## Everyone (policy.default)', '');
    const defaults = this.projectNames.map(p => this.defaultAccess(p)).filter(hasAny);
    if (defaults.length === 0) {out.push('(nothing)');} else {
      out.push(header, divider);
      for (const access of defaults) out.push(this.markdownRow('everyone', access));
    }
    out.push('', '## Access by group', '');
    out.push('Rows list what a group has beyond the default role on each project (apps, logs, exec, repositories, clusters).', '');
    if (rows.length === 0) {out.push('(nothing beyond the default role)');} else {
      out.push(header, divider);
      const sorted = [...rows].sort((a, b) =>
        compareStrings(this.principalLabel(a.subject), this.principalLabel(b.subject)) || compareStrings(a.project, b.project));
      for (const row of sorted) out.push(this.markdownRow(this.principalLabel(row.subject), row));
    }
    return out.join('\n') + '\n';
  }

  private markdownRow(who: string, access: ProjectAccess): string {
    const cells = MATRIX_QUERIES.map(([resource]) => (access.actions[resource] ?? []).join(', ') || '-');
    const project = access.project === AccessAudit.EVERY_PROJECT ? 'every project (`*`)' : access.project;
    return `| ${[who, project, ...cells].map(c => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  }

  private displayName(subject: string): string | undefined {
    return this.principalList.find(p => p.subject === subject)?.displayName;
  }

  private principalLabel(subject: string): string {
    const name = this.displayName(subject);
    return name ? `${name} (\`${subject}\`)` : `\`${subject}\``;
  }

  private graphFor(resource: string, object: string): Graph {
    if (['applications', 'applicationsets', 'repositories', 'clusters', 'logs', 'exec'].includes(resource)) {
      const parts = object.split('/');
      return parts.length >= 2 ? this.projectGraphs.get(parts[0]) ?? this.base : this.base;
    }
    if (resource === 'projects') return this.projectGraphs.get(object) ?? this.base;
    return this.base;
  }

  private decide(graph: Graph, principal: string, kind: PrincipalKind, resource: string, action: string, object: string): Decision {
    if (this.config.policyDefault !== '') {
      const viaDefault = this.enforce(graph, this.config.policyDefault, resource, action, object);
      if (viaDefault.allowed) return viaDefault;
    }
    if (principal === '') return { allowed: false, allowedBy: [] };
    if (kind === PrincipalKind.GROUP && !graph.gSubjects.has(principal)) return { allowed: false, allowedBy: [] };
    return this.enforce(graph, principal, resource, action, object);
  }

  /** One casbin-equivalent enforce: some allow matches and no deny matches; a matcher error denies. */
  private enforce(graph: Graph, subject: string, resource: string, action: string, object: string): Decision {
    const allowedBy: Rule[] = [];
    try {
      for (const rule of this.closure(graph, subject)) {
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

  /** The rules of a subject and every role it reaches through `g` lines (compiled once per graph). */
  private closure(graph: Graph, subject: string): Rule[] {
    let cache = this.closureCache.get(graph);
    if (!cache) {
      cache = new Map();
      this.closureCache.set(graph, cache);
    }
    const cached = cache.get(subject);
    if (cached) return cached;
    const seen = new Set<string>([subject]);
    const queue = [subject];
    const rules: Rule[] = [];
    while (queue.length > 0) {
      const current = queue.shift()!;
      rules.push(...(graph.rules.get(current) ?? []));
      for (const next of graph.edges.get(current) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    cache.set(subject, rules);
    return rules;
  }
}

const PROJECT_SCOPED = ['applications', 'applicationsets', 'logs', 'exec', 'repositories', 'clusters'];

/**
 * Project names from the objects of project-scoped `p` lines: the first `/`-segment of objects
 * with at least two segments (as the API server loads the AppProject), `*` for a segment (or a
 * whole object) that is only wildcards. URLs of repositories and clusters are not projects.
 */
function policyProjects(lines: PolicyLine[], matchMode: string): string[] {
  const names = new Set<string>();
  const wildcardOnly = matchMode === 'regex' ? /^(\.[*+?]?|\^)+$/ : /^[*?]+$/;
  for (const line of lines) {
    if (line.ptype !== 'p') continue;
    const [, resource, , object] = line.fields;
    if (resource !== '*' && !PROJECT_SCOPED.includes(resource)) continue;
    if (wildcardOnly.test(object)) {
      names.add(AccessAudit.EVERY_PROJECT);
      continue;
    }
    const parts = object.split('/');
    if (parts.length < 2) continue;
    const segment = parts[0];
    if (wildcardOnly.test(segment)) {
      names.add(AccessAudit.EVERY_PROJECT);
    } else if (/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(segment)) {
      names.add(segment);
    }
  }
  return [...names];
}

function buildGraph(lines: Array<{ line: PolicyLine; origin: string }>): Graph {
  const rules = new Map<string, Rule[]>();
  const edges = new Map<string, string[]>();
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
      list.push(role);
      edges.set(subject, list);
    }
  }
  return { rules, edges, gSubjects };
}

/** Display names from `# group: <name>` comments directly above a `g` line. */
function readDisplayNames(policyCsv: string): Map<string, string> {
  const names = new Map<string, string>();
  const lines = policyCsv.split('\n').map(l => l.trim());
  lines.forEach((line, i) => {
    if (i === 0 || !lines[i - 1].startsWith(DISPLAY_NAME_COMMENT) || !line.startsWith('g')) return;
    try {
      const [parsed] = PolicyCsv.parse(line);
      if (parsed?.ptype === 'g') names.set(parsed.fields[0], lines[i - 1].slice(DISPLAY_NAME_COMMENT.length));
    } catch {
      // not a valid line: the policy parser reports it
    }
  });
  return names;
}

function describeRule(rule: Rule): string {
  return `${rule.origin}: ${rule.text}`;
}

function label(p: Principal): string {
  return p.displayName ?? p.subject;
}

function hasAny(access: ProjectAccess): boolean {
  return Object.values(access.actions).some(a => a.length > 0);
}

function sameActions(a: ProjectAccess, b: ProjectAccess): boolean {
  return MATRIX_QUERIES.every(([resource]) => (a.actions[resource] ?? []).join() === (b.actions[resource] ?? []).join());
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
