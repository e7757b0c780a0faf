import { renderCsv, renderJson, renderMarkdown } from './access-audit-render';
import { ACTION_FAMILIES, AUDIT_RESOURCES, Cell, computeCell, entryAllows, GrantEntry, sameCell, specificActions } from './access-cells';
import { CompiledPolicy, IOperationCounter, isGroupSubject, isRoleSubject, PolicyGraph, subjectsOf } from './compiled-policy';
import { globMatch } from './glob-match';
import { isProductionObject, ObjectScope } from './object-scope';
import { PolicyCsv } from './policy-csv';
import { PrincipalKind } from './principal-kind';
import { ProjectRbac } from './project-roles';
import { RbacConfig } from './rbac-config';
import { PROJECT_SCOPED_RESOURCES } from './rbac-vocabulary';
import { markdownCode, markdownText } from '../util/markdown';
import { compareStrings } from '../util/validation';

/** Output format of the access audit. */
export enum AuditFormat {
  /** Markdown, for pull-request review. */
  MARKDOWN = 'md',
  /** CSV, one row per principal, project, environments, resource and action. */
  CSV = 'csv',
  /** JSON. */
  JSON = 'json',
}

export { PrincipalKind } from './principal-kind';

/**
 * Which environments an audit row speaks about. With the projects' production destinations known
 * (`productionDestinations`), a project's rows are production or non-production as a whole (its
 * destinations decide); without them, production is read from Application names (`*-<env>`).
 */
export enum EnvironmentScope {
  /** Every application, production or not. */
  ALL = 'all',
  /** Applications of a production project, or (by name) of production environments. */
  PRODUCTION = 'production',
  /** Every other application. */
  NON_PRODUCTION = 'non-production',
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

/**
 * One action of an audit cell: allowed on every object of the cell when `on` is empty, else on the
 * objects matching `on`; never on objects matching `except`. A family (`action/*`, `update/*`,
 * `delete/*`) holds for every action of the family except those in `exceptActions` (allowed
 * nowhere in the cell) and those with an entry of their own.
 */
export interface AccessEntry {
  /** The action (a request value, e.g. `sync`, `action/*` or `action/apps/Deployment/restart`). */
  readonly action: string;
  /** Object patterns it is limited to; empty for every object of the cell. */
  readonly on: string[];
  /** Object patterns where it is denied. */
  readonly except: string[];
  /** Specific actions of the family that are allowed nowhere in the cell. */
  readonly exceptActions: string[];
  /** The lines behind it: the `g` line that binds the subject, then the `p` line, each `<origin>: <line>`. */
  readonly policyLines: string[];
}

/** One row of the audit: what a principal may do in one project (or any other) and environment class. */
export interface AccessRow {
  /** The subject: a group, a local account, or the default role for everyone. */
  readonly subject: string;
  /** What kind of subject. */
  readonly kind: PrincipalKind;
  /**
   * The display name.
   * @default - none
   */
  readonly displayName?: string;
  /**
   * The project; absent for every project that has no row of its own for this subject.
   * @default - any other project
   */
  readonly project?: string;
  /** Which applications the row speaks about. */
  readonly environments: EnvironmentScope;
  /** Entries per resource (applications, logs, exec, repositories, clusters); absent when none. */
  readonly access: { [resource: string]: AccessEntry[] };
}

/** Options of the access audit. */
export interface AccessAuditOptions {
  /**
   * Whether Argo CD's local `admin` account is enabled (argocd-cm `admin.enabled`). When false, the
   * audit still lists the account (the builtin policy makes it an admin) but says it cannot log in.
   * @default - unknown: the account is listed without a note
   */
  readonly localAdminEnabled?: boolean;
  /**
   * Whether argocd-cm enables the web terminal (`exec.enabled: "true"`). When false, `exec create`
   * grants have no effect and the audit leaves them out (and says so in its settings).
   * @default - unknown: exec grants are listed
   */
  readonly execEnabled?: boolean;
  /**
   * The production environments. Without `productionDestinations`, an application whose name
   * ends in `-<env>` is in production, as the platform names them (`<app>-<env>`); empty: no
   * environment split. With `productionDestinations`, only shown in the settings.
   * @default - ['prod'] without productionDestinations, else none
   */
  readonly productionEnvironments?: string[];
  /**
   * The projects whose destinations reach production (see `accessAuditInputs`). When given,
   * production is a project boundary: "Who can change production" lists every principal able to
   * change an Application of these projects, under any name, and every row of a project is
   * production or not as a whole.
   * @default - production is read from Application names (`productionEnvironments`)
   */
  readonly productionDestinations?: ProductionDestinationProject[];
  /**
   * Counts unit operations (rule checks), for tests of how the audit's work grows.
   * @default - none
   */
  readonly counter?: IOperationCounter;
}

/**
 * A project that may deploy into production, read from its destinations: a production namespace
 * (or a pattern covering one), cluster-scoped resources on a production cluster, or Applications
 * that name a production project (Argo CD's namespace, a production project's source namespace).
 */
export interface ProductionDestinationProject {
  /** The project name. */
  readonly project: string;
  /** Why the project reaches production: its destinations that do, as text (`payments-prod on aks-prod`). */
  readonly productionDestinations: string[];
  /**
   * The namespaces the project accepts Applications from (`spec.sourceNamespaces`).
   * @default - none
   */
  readonly sourceNamespaces?: string[];
  /**
   * The Applications (a team repository's root Applications) that sync a repository into the
   * project's source namespaces.
   * @default - none
   */
  readonly teamRepositories?: TeamRepositoryPath[];
}

/** An Application that syncs a repository into a production project's source namespace. */
export interface TeamRepositoryPath {
  /** The Application (e.g. `payments-apps-prod`). */
  readonly application: string;
  /** The Application's own project (the contained root project). */
  readonly applicationProject: string;
  /** The repository. */
  readonly repoUrl: string;
  /**
   * The folder of the repository.
   * @default - the repository root
   */
  readonly path?: string;
  /** The source namespace it writes Applications into. */
  readonly namespace: string;
  /** Whether it prunes automatically (deletes Applications removed from the repository). */
  readonly prune: boolean;
}

/** Someone who may change an Application of a production project, under any name. */
export interface ProductionChanger {
  /** The subject (group, local account, project role or default role). */
  readonly subject: string;
  /** What kind of subject. */
  readonly kind: PrincipalKind;
  /**
   * The subject's display name.
   * @default - none
   */
  readonly displayName?: string;
  /** Whether the subject is one of the platform's admins (`role:admin`). */
  readonly admin: boolean;
  /** The entries that change production, per resource (applications other than get; exec). */
  readonly access: { [resource: string]: AccessEntry[] };
}

/** A production project and who can change its Applications. */
export interface ProductionProjectAccess {
  /** The project and why it is production. */
  readonly destination: ProductionDestinationProject;
  /** Who may change its Applications (default role, groups, local accounts, then project roles). */
  readonly changers: ProductionChanger[];
}

/** A principal of the audit. */
export interface AuditPrincipal {
  readonly subject: string;
  readonly kind: PrincipalKind;
  readonly displayName?: string;
}

/** The local account the builtin policy binds to role:admin. */
const LOCAL_ADMIN = 'admin';
const DISPLAY_NAME_COMMENT = '# group: ';

/**
 * The access audit: every principal's effective grants, compiled once from the builtin, user and
 * project policies and decided like the API server (`RbacEvaluator.canWithGroups`): the default
 * role, then the subject, then groups that have a `g` line, with each project's roles as runtime
 * policy. Each row is exact for its project and environment class: partial grants are written with
 * their object patterns ("sync except `billing/*-prod`"), specific actions are listed, groups
 * Argo CD ignores get no rows. Work grows with the rows printed: a principal is evaluated only in
 * the projects its rules name and in those whose roles bind it; every other project shares its
 * "any other project" row.
 */
export class AccessAudit {
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

  /** The projects with rows of their own: the AppProjects and the projects named in policy objects, sorted. */
  public readonly projectNames: string[];
  /** The production environments. */
  public readonly productionEnvironments: string[];
  /** Whether production is read from the projects' destinations (`productionDestinations` given). */
  public readonly destinationMode: boolean;
  /** The configuration audited. */
  public readonly config: RbacConfig;

  private readonly policy: CompiledPolicy;
  private readonly principalList: AuditPrincipal[];
  private readonly principalIndex = new Map<string, AuditPrincipal>();
  private readonly listed: Set<string>;
  private readonly specific: Map<string, string[]>;
  private rowCache?: AccessRow[];
  /** The environments read from Application names (none when production is read from destinations). */
  private readonly nameSplit: string[];
  private readonly productionProjects: Set<string>;
  private rowsBySubject?: Map<string, AccessRow[]>;

  private constructor(config: RbacConfig, projects: ProjectRbac[], private readonly options: AccessAuditOptions) {
    this.config = config;
    this.policy = new CompiledPolicy(config, projects, options.counter);
    this.destinationMode = options.productionDestinations !== undefined;
    this.productionEnvironments = [...(options.productionEnvironments ?? (this.destinationMode ? [] : ['prod']))];
    this.nameSplit = this.destinationMode ? [] : this.productionEnvironments;
    this.productionProjects = new Set((options.productionDestinations ?? []).map(p => p.project));
    this.specific = specificActions(this.policy);
    const displayNames = readDisplayNames(config.policyCsv);
    for (const project of [...projects].sort((a, b) => compareStrings(a.name, b.name))) {
      for (const [group, name] of Object.entries(project.groupDisplayNames ?? {})) {
        if (!displayNames.has(group)) displayNames.set(group, name);
      }
    }
    const names = new Set<string>([...this.policy.projectGraphs.keys(), ...this.productionProjects]);
    for (const graph of this.graphs()) {
      for (const rules of graph.rules.values()) {
        for (const rule of rules) {
          const head = literalProject(rule.resource, rule.object);
          if (head !== undefined) names.add(head);
        }
      }
    }
    this.projectNames = [...names].sort(compareStrings);
    this.listed = names;

    for (const graph of this.graphs()) {
      for (const subject of graph.gSubjects) {
        if (isRoleSubject(subject) || this.principalIndex.has(subject)) continue;
        this.principalIndex.set(subject, this.policy.localAccounts.has(subject)
          ? { subject, kind: PrincipalKind.LOCAL_ACCOUNT, displayName: this.localAccountLabel(subject) }
          : { subject, kind: PrincipalKind.GROUP, displayName: displayNames.get(subject) });
      }
    }
    for (const subject of this.policy.base.rules.keys()) {
      if (!isRoleSubject(subject) && !this.principalIndex.has(subject)) this.principalIndex.set(subject, { subject, kind: PrincipalKind.USER });
    }
    this.principalList = [...this.principalIndex.values()]
      .sort((a, b) => compareStrings(label(a), label(b)) || compareStrings(a.subject, b.subject));
  }

  /** The principals (groups, local accounts and users), sorted by display name. */
  public get principals(): string[] {
    return this.principalList.map(p => p.subject);
  }

  /** A principal's kind and display name, if the policy names it. */
  public principal(subject: string): AuditPrincipal | undefined {
    return this.principalIndex.get(subject);
  }

  /**
   * Whether a principal may do something, as the API server decides: a group (a subject of some
   * `g` line) is evaluated as a group claim, any other principal as the token's subject.
   */
  public isAllowed(principal: string, resource: string, action: string, object: string): boolean {
    const kind = this.principalIndex.get(principal)?.kind ?? PrincipalKind.USER;
    return this.policy.decide(principal, kind === PrincipalKind.GROUP, resource, action, object);
  }

  /** Principals whose closure contains `role:admin` (or everyone, when the default role is admin). */
  public get admins(): string[] {
    if (this.config.policyDefault === 'role:admin') return ['*'];
    return this.principalList.filter(p => p.kind !== PrincipalKind.USER
      && this.policy.closure(this.policy.base, p.subject).rules.some(r => r.subject === 'role:admin')
      && (p.kind !== PrincipalKind.GROUP || this.policy.base.gSubjects.has(p.subject))).map(p => p.subject);
  }

  /** Subjects with `p` lines but no `g` line: Argo CD ignores them as group claims. */
  public get unboundSubjects(): string[] {
    return this.principalList.filter(p => p.kind === PrincipalKind.USER).map(p => p.subject);
  }

  /** Every group, user and role allowed to do something, with the policy lines that allow it. */
  public whoCan(action: string, resource: string, object: string): AccessGrantee[] {
    const graph = this.policy.graphFor(resource, object);
    const out: AccessGrantee[] = [];
    if (this.config.policyDefault !== '') {
      const decision = this.policy.enforce(graph, this.config.policyDefault, resource, action, object);
      if (decision.allowed) {
        out.push({ subject: this.config.policyDefault, kind: PrincipalKind.DEFAULT, displayName: 'everyone (policy.default)', allowedBy: decision.allowedBy.map(describeRule) });
      }
    }
    for (const principal of this.principalList) {
      if (principal.kind === PrincipalKind.GROUP && !isGroupSubject(graph, principal.subject)) continue;
      const decision = this.policy.enforce(graph, principal.subject, resource, action, object);
      if (decision.allowed) out.push({ ...principal, allowedBy: decision.allowedBy.map(describeRule) });
    }
    const roles = new Set<string>();
    for (const subject of subjectsOf(graph)) if (/^(role|proj):/.test(subject)) roles.add(subject);
    for (const role of [...roles].sort(compareStrings)) {
      const decision = this.policy.enforce(graph, role, resource, action, object);
      if (decision.allowed) out.push({ subject: role, kind: PrincipalKind.ROLE, allowedBy: decision.allowedBy.map(describeRule) });
    }
    return out;
  }

  /**
   * The audit's rows: for everyone (the default role) and each group and local account, an
   * "any other project" row, then a row for each project where the subject's access differs from
   * it, split into production and non-production when they differ. Rows with no access are left
   * out unless they take access away from the "any other project" row.
   */
  public rows(): AccessRow[] {
    if (this.rowCache) return this.rowCache;
    const rows: AccessRow[] = [];
    const candidates = this.candidateProjects();
    if (this.config.policyDefault !== '') {
      rows.push(...this.rowsOf({ subject: this.config.policyDefault, kind: PrincipalKind.DEFAULT, displayName: 'everyone (policy.default)' }, false, candidates));
    }
    for (const principal of this.principalList) {
      if (principal.kind === PrincipalKind.USER) continue; // ignored as a group claim
      rows.push(...this.rowsOf(principal, principal.kind === PrincipalKind.GROUP, candidates));
    }
    this.rowCache = rows;
    return rows;
  }

  /**
   * The row a reader uses for a subject, project and environment class: the project's own row,
   * else the subject's "any other project" row; undefined when the subject has nothing there.
   * @param production whether the application is in production
   */
  public rowFor(subject: string, project: string, production: boolean): AccessRow | undefined {
    const scopes = this.destinationMode ? [EnvironmentScope.PRODUCTION, EnvironmentScope.NON_PRODUCTION, EnvironmentScope.ALL]
      : this.nameSplit.length === 0 ? [EnvironmentScope.ALL]
        : [production ? EnvironmentScope.PRODUCTION : EnvironmentScope.NON_PRODUCTION, EnvironmentScope.ALL];
    if (!this.rowsBySubject) {
      this.rowsBySubject = new Map();
      for (const row of this.rows()) this.rowsBySubject.set(row.subject, [...(this.rowsBySubject.get(row.subject) ?? []), row]);
    }
    const rows = this.rowsBySubject.get(subject) ?? [];
    for (const candidate of [project, undefined]) {
      for (const environments of scopes) {
        const row = rows.find(r => r.project === candidate && r.environments === environments);
        if (row) return row;
      }
    }
    return undefined;
  }

  /**
   * What the printed rows say about one request, read as a reviewer reads them: what everyone
   * has, or what the subject's row for the project and environment class allows. For groups and
   * local accounts; equals `isAllowed` for every request (the property the tests check).
   */
  public rowsAllow(subject: string, resource: string, action: string, object: string): boolean {
    const slash = object.indexOf('/');
    if (slash <= 0) return false;
    const project = object.slice(0, slash);
    const production = isProductionObject(object, this.nameSplit);
    const reads = (row: AccessRow | undefined) => {
      const entries = row?.access[resource] ?? [];
      const own = entries.find(e => e.action === action);
      if (own) return entryAllows(own, object, this.policy.match);
      const family = resource === 'applications' ? ACTION_FAMILIES.find(f => f !== action && globMatch(action, f)) : undefined;
      const familyEntry = family ? entries.find(e => e.action === family) : undefined;
      return familyEntry ? entryAllows(familyEntry, object, this.policy.match, action) : false;
    };
    const everyone = this.config.policyDefault === '' ? undefined : this.rowFor(this.config.policyDefault, project, production);
    const principal = this.principalIndex.get(subject);
    const own = principal && principal.kind !== PrincipalKind.USER ? this.rowFor(subject, project, production) : undefined;
    return reads(everyone) || reads(own);
  }

  /** Whether a project reaches production by its destinations (always false without `productionDestinations`). */
  public isProductionProject(project: string): boolean {
    return this.productionProjects.has(project);
  }

  /**
   * For each project whose destinations reach production: every principal (default role, group,
   * local account, project role) allowed to change one of its Applications, under any name (Argo
   * CD ties the destination to the project, never to the name): every application action but get,
   * and exec. Computed from the same cells as the rows. Empty without `productionDestinations`.
   */
  public productionAccess(): ProductionProjectAccess[] {
    const admins = new Set(this.admins);
    const out: ProductionProjectAccess[] = [];
    const projects = [...(this.options.productionDestinations ?? [])].sort((a, b) => compareStrings(a.project, b.project));
    const changing = (access: { [resource: string]: AccessEntry[] } | undefined) => {
      const result: { [resource: string]: AccessEntry[] } = {};
      for (const [resource] of AUDIT_RESOURCES) {
        const entries = (access?.[resource] ?? []).filter(e => (resource === 'applications' && e.action !== 'get') || resource === 'exec');
        if (entries.length > 0) result[resource] = entries;
      }
      return result;
    };
    for (const destination of projects) {
      const changers: ProductionChanger[] = [];
      const subjects: AuditPrincipal[] = [
        ...(this.config.policyDefault !== '' ? [{ subject: this.config.policyDefault, kind: PrincipalKind.DEFAULT, displayName: 'everyone (policy.default)' }] : []),
        ...this.principalList.filter(p => p.kind !== PrincipalKind.USER),
      ];
      for (const principal of subjects) {
        const access = changing(this.rowFor(principal.subject, destination.project, true)?.access);
        if (Object.keys(access).length === 0) continue;
        const admin = principal.kind === PrincipalKind.DEFAULT ? admins.has('*') : admins.has(principal.subject);
        changers.push({ subject: principal.subject, kind: principal.kind, displayName: principal.displayName, admin, access });
      }
      // Project roles are subjects of their own too (a project token acts as `proj:<project>:<role>`).
      const graph = this.policy.graphOfProject(destination.project);
      const roles = [...subjectsOf(graph)].filter(s => s.startsWith(`proj:${destination.project}:`)).sort(compareStrings);
      for (const role of roles) {
        const cell = computeCell(this.policy, graph, { subject: role, asGroup: false }, this.scope(destination.project, undefined), this.specific);
        const via = this.policy.closure(graph, role).via;
        const all: { [resource: string]: AccessEntry[] } = {};
        for (const [resource, entries] of cell) if (resource !== 'exec' || this.options.execEnabled !== false) all[resource] = entries.map(e => toAccessEntry(e, via));
        const access = changing(all);
        if (Object.keys(access).length > 0) changers.push({ subject: role, kind: PrincipalKind.ROLE, admin: false, access });
      }
      out.push({ destination, changers });
    }
    return out;
  }

  /** Renders the audit. */
  public render(format: AuditFormat = AuditFormat.MARKDOWN): string {
    const rows = this.rows();
    if (format === AuditFormat.JSON) return renderJson(this, rows);
    if (format === AuditFormat.CSV) return renderCsv(rows);
    return renderMarkdown(this, rows);
  }

  /** Whether the web terminal is enabled (argocd-cm `exec.enabled`), if known. */
  public get execEnabled(): boolean | undefined {
    return this.options.execEnabled;
  }

  /** How the audit names a subject. */
  public labelOf(subject: string): string {
    const name = this.principalIndex.get(subject)?.displayName;
    return name ? `${markdownText(name)} (${markdownCode(subject)})` : markdownCode(subject);
  }

  private rowsOf(principal: AuditPrincipal, asGroup: boolean, candidates: Map<string, Set<string>>): AccessRow[] {
    const who = { subject: principal.subject, asGroup };
    const classes: Array<boolean | undefined> = this.nameSplit.length === 0 ? [undefined] : [false, true];
    const cellsFor = (project: string | undefined, graph: PolicyGraph) => classes.map(production =>
      computeCell(this.policy, graph, who, this.scope(project, production), this.specific));
    const fresh = cellsFor(undefined, this.policy.base);
    const out: AccessRow[] = [];
    const push = (project: string | undefined, cells: Cell[], differs: boolean[]) => {
      if (cells.length === 2 && differs[0] && differs[1] && sameCell(cells[0], cells[1])) {
        out.push(this.row(principal, project, EnvironmentScope.ALL, cells[0]));
        return;
      }
      cells.forEach((cell, i) => {
        if (!differs[i]) return;
        const environments = this.destinationMode ? this.projectScope(project)
          : classes[i] === undefined ? EnvironmentScope.ALL
            : classes[i] ? EnvironmentScope.PRODUCTION : EnvironmentScope.NON_PRODUCTION;
        out.push(this.row(principal, project, environments, cell));
      });
    };
    push(undefined, fresh, fresh.map(c => c.size > 0));
    for (const project of [...(candidates.get(principal.subject) ?? [])].sort(compareStrings)) {
      const cells = cellsFor(project, this.policy.graphOfProject(project));
      const differs = cells.map((c, i) => !sameCell(c, fresh[i]));
      if (differs.some(d => d)) push(project, cells, differs);
    }
    return out;
  }

  private row(principal: AuditPrincipal, project: string | undefined, environments: EnvironmentScope, cell: Cell): AccessRow {
    const graph = project === undefined ? this.policy.base : this.policy.graphOfProject(project);
    const via = this.policy.closure(graph, principal.subject).via;
    const access: { [resource: string]: AccessEntry[] } = {};
    for (const [resource] of AUDIT_RESOURCES) {
      const entries = cell.get(resource);
      if (!entries) continue;
      if (resource === 'exec' && this.options.execEnabled === false) continue; // the web terminal is off
      access[resource] = entries.map(e => toAccessEntry(e, via));
    }
    return { subject: principal.subject, kind: principal.kind, displayName: principal.displayName, project, environments, access };
  }

  /** A project's environment class when production is read from destinations. */
  private projectScope(project: string | undefined): EnvironmentScope {
    // Nothing declared production: the rows do not claim any project is outside it.
    if (project === undefined || this.productionProjects.size === 0) return EnvironmentScope.ALL;
    return this.productionProjects.has(project) ? EnvironmentScope.PRODUCTION : EnvironmentScope.NON_PRODUCTION;
  }

  private scope(project: string | undefined, production: boolean | undefined): ObjectScope {
    return {
      project,
      listedProjects: this.listed,
      production,
      productionEnvironments: this.nameSplit,
      regex: this.config.matchMode === 'regex',
    };
  }

  /**
   * For each subject, the projects where its access may differ from "any other project": those
   * its rules name literally, and those whose AppProject roles reach it.
   */
  private candidateProjects(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    const add = (subject: string, project: string) => {
      const set = out.get(subject) ?? new Set<string>();
      set.add(project);
      out.set(subject, set);
    };
    const subjects = [...this.principalList.map(p => p.subject), ...(this.config.policyDefault ? [this.config.policyDefault] : [])];
    for (const subject of subjects) {
      for (const rule of this.policy.closure(this.policy.base, subject).rules) {
        const head = literalProject(rule.resource, rule.object);
        if (head !== undefined) {
          add(subject, head);
        } else {
          // A head such as `team-a-*` gets tidier rows in the projects it matches (found by prefix).
          for (const project of this.projectsMatchingHead(rule.object)) add(subject, project);
        }
      }
    }
    for (const [project, affected] of this.policy.affectedByProject) {
      for (const subject of affected) add(subject, project);
    }
    return out;
  }

  /** Listed projects matched by an object's wildcard project segment that starts with a literal prefix. */
  private projectsMatchingHead(object: string): string[] {
    const slash = object.indexOf('/');
    if (slash <= 0 || this.config.matchMode === 'regex') return [];
    const head = object.slice(0, slash);
    const prefix = /^[^*?[\]{}\\]*/.exec(head)![0];
    if (prefix === '' || prefix === head) return [];
    const out: string[] = [];
    let lo = 0;
    let hi = this.projectNames.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (compareStrings(this.projectNames[mid], prefix) < 0) lo = mid + 1; else hi = mid;
    }
    for (let i = lo; i < this.projectNames.length && this.projectNames[i].startsWith(prefix); i++) {
      this.policy.countOperations(1);
      if (globMatch(this.projectNames[i], head)) out.push(this.projectNames[i]);
    }
    return out;
  }

  private graphs(): PolicyGraph[] {
    return [...new Set<PolicyGraph>([this.policy.base, ...this.policy.projectGraphs.values()])];
  }

  /** How the audit names a local account: disabled when argocd-cm says so. */
  private localAccountLabel(subject: string): string | undefined {
    return subject === LOCAL_ADMIN && this.options.localAdminEnabled === false
      ? 'local admin account, disabled (admin.enabled: "false")' : undefined;
  }
}

/** The project a rule's object names literally (its first `/`-segment has no wildcard), if any. */
function literalProject(resource: string, object: string): string | undefined {
  if (resource !== '*' && !PROJECT_SCOPED_RESOURCES.includes(resource) && /^[^*?[\]{}\\]*$/.test(resource)) return undefined;
  const slash = object.indexOf('/');
  if (slash <= 0) return undefined;
  const head = object.slice(0, slash);
  return /^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(head) ? head : undefined;
}

function toAccessEntry(entry: GrantEntry, via: Map<string, { origin: string; text: string }>): AccessEntry {
  const lines: string[] = [];
  for (const rule of entry.allowedBy) {
    const edge = via.get(rule.subject);
    if (edge) lines.push(`${edge.origin}: ${edge.text}`);
    lines.push(describeRule(rule));
  }
  return { action: entry.action, on: entry.on, except: entry.except, exceptActions: entry.exceptActions, policyLines: [...new Set(lines)] };
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

function describeRule(rule: { origin: string; text: string }): string {
  return `${rule.origin}: ${rule.text}`;
}

function label(p: AuditPrincipal): string {
  return p.displayName ?? p.subject;
}
