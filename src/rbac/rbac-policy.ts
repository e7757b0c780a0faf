import { PolicyCsv } from './policy-csv';
import { RbacValidationError } from './rbac-errors';
import { RbacSubject, RbacSubjectKind } from './rbac-subject';
import { actionProblem, objectPatternProblem, objectProblem, resourceProblem } from './rbac-vocabulary';
import { printable, quoteForError } from '../util/text';
import { builtinRoleReason, compareStrings, describeInvalid, globMetaReason, unsafeTokenReason } from '../util/validation';

/** Allow or deny. A deny always wins over an allow (Argo CD's policy effect). */
export enum PolicyEffect {
  /** Grants the permission. */
  ALLOW = 'allow',
  /** Takes the permission away, whatever else allows it. */
  DENY = 'deny',
}

/** How `argocd-rbac-cm` matches resources, actions and objects (`policy.matchMode`). */
export enum PolicyMatchMode {
  /** gobwas glob; `*` also matches `/`. */
  GLOB = 'glob',
  /** Go regular expressions, unanchored. */
  REGEX = 'regex',
}

/** One permission: `p, <role>, <resource>, <action>, <object>, <effect>`. */
export interface PolicyGrant {
  /** The Argo CD resource, e.g. `applications`, `logs`, `repositories` (see `RbacResource`). */
  readonly resource: string;
  /** The action, e.g. `get`, `sync`, `action/apps/Deployment/restart`, `*` (see `RbacAction`, `RbacActions`). */
  readonly action: string;
  /**
   * The object, in the resource's format: `<project>/<app>` (or `<project>/<namespace>/<app>`)
   * for applications, applicationsets, logs and exec; a URL or `<project>/<url>` for clusters and
   * repositories; a name or `*` for the rest.
   */
  readonly object: string;
  /**
   * Allow or deny.
   * @default PolicyEffect.ALLOW
   */
  readonly effect?: PolicyEffect;
}

/** Props for an RbacPolicy. */
export interface RbacPolicyProps {
  /**
   * The `policy.matchMode` the policy is evaluated with: each grant object must compile as a
   * glob (glob mode) or as a Go regular expression (regex mode).
   * @default PolicyMatchMode.GLOB
   */
  readonly matchMode?: PolicyMatchMode;
  /**
   * Who owns the policy (usually a construct path, e.g. the platform's), named in the validation errors
   * of calls that give no `source` of their own; the field then names the call, as in `rbac.bind(subject)`.
   * @default - errors of such calls name the field only
   */
  readonly owner?: string;
}

/** Options for a role. */
export interface RbacRoleOptions {
  /**
   * One line that says what the role is for; rendered as the comment above its block.
   * @default - the role name alone
   */
  readonly description?: string;
  /**
   * Who asks for this role (usually a construct path), named in validation errors.
   * @default - errors name the field only
   */
  readonly source?: string;
}

/** Options for a binding. */
export interface RbacBindingOptions {
  /**
   * A human name for the subject (e.g. the Azure AD group's display name), used in the access
   * audit and rendered as a `# group: <name>` comment above the `g` line. Azure AD sends object
   * IDs, so this is the only place a reviewer sees which group an ID is.
   * @default - the subject alone
   */
  readonly displayName?: string;
  /**
   * Who asks for this binding (usually a construct path), named in validation errors.
   * @default - errors name the field only
   */
  readonly source?: string;
}

/** A role with its grants. */
export interface RbacRoleDefinition {
  /** `role:<name>`. */
  readonly name: string;
  /**
   * The role's one-line description.
   * @default - none
   */
  readonly description?: string;
  /** The role's grants, in the order added (duplicates removed). */
  readonly grants: PolicyGrant[];
}

/** A `g` line: a subject bound to a role. */
export interface RbacBinding {
  /** The group object ID, user or role bound. */
  readonly subject: string;
  /** The role, `role:<name>`. */
  readonly role: string;
  /**
   * What the subject is (typed at bind, or read from a plain string).
   * @default - unknown: a string that is neither a GUID, a role nor an e-mail
   */
  readonly subjectKind?: RbacSubjectKind;
  /**
   * The subject's display name.
   * @default - none
   */
  readonly displayName?: string;
}

interface RoleBlock {
  description?: string;
  grants: PolicyGrant[];
}

const BUILTIN_ROLES = ['role:admin', 'role:readonly'];
const DISPLAY_NAME_COMMENT = '# group: ';

/**
 * A global Argo CD RBAC policy (the `policy.csv` of `argocd-rbac-cm`), built from typed roles,
 * grants and bindings, validated against Argo CD 3.5's resources, actions and object formats,
 * and rendered deterministically: one block per role (sorted), a one-line comment, its `p` lines
 * (sorted), then the `g` lines that bind subjects to it (quoted, sorted).
 */
export class RbacPolicy {
  /** Prefixes `role:` unless the name has it already. */
  public static roleName(name: string): string {
    return name.startsWith('role:') ? name : `role:${name}`;
  }

  /**
   * Reads a policy rendered by `render()` (or any policy whose `p` subjects are roles) back into
   * a model: block comments become descriptions, `# group:` comments display names.
   * @param matchMode the `policy.matchMode` the text is evaluated with
   */
  public static parse(text: string, matchMode: PolicyMatchMode = PolicyMatchMode.GLOB): RbacPolicy {
    const policy = new RbacPolicy({ matchMode });
    const rawLines = text.split('\n').map(l => l.trim());
    const lines = PolicyCsv.parse(text);
    // A block comment is the comment line right before a block's first line: `# <role>[ (built-in)][: <description>]`.
    const descriptions = new Map<string, string>();
    for (const line of lines) {
      const role = line.ptype === 'p' ? line.fields[0] : line.fields[1];
      const header = rawLines[line.lineNumber - 2] ?? '';
      for (const prefix of [`# ${role} (built-in): `, `# ${role}: `]) {
        if (header.startsWith(prefix) && !descriptions.has(role)) descriptions.set(role, header.slice(prefix.length));
      }
    }
    for (const line of lines) {
      if (line.ptype === 'p') {
        const [subject, resource, action, object, effect] = line.fields;
        const options = descriptions.has(subject) ? { description: descriptions.get(subject) } : {};
        policy.addRoleExact(subject, [{ resource, action, object, effect: effect as PolicyEffect }], options);
      } else {
        const previous = rawLines[line.lineNumber - 2] ?? '';
        const displayName = previous.startsWith(DISPLAY_NAME_COMMENT) ? previous.slice(DISPLAY_NAME_COMMENT.length) : undefined;
        policy.bind(line.fields[0], line.fields[1], { displayName });
      }
    }
    for (const [role, description] of descriptions) {
      if (!policy.roles.has(role)) policy.roles.set(role, { description, grants: [] });
    }
    return policy;
  }

  /** How objects are matched; grant objects are checked to compile in this mode. */
  public readonly matchMode: PolicyMatchMode;
  private readonly owner?: string;
  private readonly roles = new Map<string, RoleBlock>();
  private readonly bindingList: RbacBinding[] = [];

  constructor(props: RbacPolicyProps = {}) {
    this.matchMode = props.matchMode ?? PolicyMatchMode.GLOB;
    this.owner = props.owner;
  }

  /**
   * Where a call's errors point: its own source, or the policy's owner with the call in the field
   * (`rbac.bind(subject)`), or the field alone.
   */
  private origin(source: string | undefined, call: string): ErrorOrigin {
    if (source !== undefined || this.owner === undefined) return { source, field: name => name };
    return { source: this.owner, field: name => `rbac.${call}(${name})` };
  }

  /**
   * Defines a role (or adds grants to one already defined). Throws an RbacValidationError naming
   * the field and value for an unknown resource or action, an action the resource does not have,
   * an object in the wrong format, or text Argo CD would misread.
   * @param name `payments-team` or `role:payments-team`
   * @param grants its permissions
   * @returns the role name, `role:<name>`
   */
  public addRole(name: string, grants: PolicyGrant[], options: RbacRoleOptions = {}): string {
    const role = RbacPolicy.roleName(name);
    const origin = this.origin(options.source, 'addRole');
    checkToken(origin.source, origin.field('role'), role);
    const reason = builtinRoleReason(role) ?? globMetaReason(role);
    if (reason) raise(origin.source, origin.field('role'), role, reason);
    return this.addRoleExact(role, grants, options, origin);
  }

  /**
   * Binds a subject to a role: an Entra group object ID, an app role, a user or another role,
   * typed (`RbacSubject.group(...)`, `RbacSubject.appRole(...)` ...) or as a plain string (a GUID is
   * a group). The platform checks every subject against its claims (`platform.rbacSubjects`).
   */
  public bind(subjectOrString: string | RbacSubject, role: string, options: RbacBindingOptions = {}): void {
    const subject = RbacSubject.isRbacSubject(subjectOrString) ? subjectOrString.value : subjectOrString;
    const subjectKind = RbacSubject.isRbacSubject(subjectOrString) ? subjectOrString.kind : RbacSubject.kindOf(subject);
    const { source, field } = this.origin(options.source, 'bind');
    checkToken(source, field('subject'), subject);
    const subjectGlob = globMetaReason(subject);
    if (subjectGlob) raise(source, field('subject'), subject, subjectGlob);
    const roleName = role.startsWith('proj:') ? role : RbacPolicy.roleName(role);
    checkToken(source, field('role'), roleName);
    // Binding to the built-ins by their exact names is how admins are made; a look-alike is refused.
    const lookAlike = BUILTIN_ROLES.includes(roleName) ? undefined : builtinRoleReason(roleName);
    const roleProblem = lookAlike ?? globMetaReason(roleName);
    if (roleProblem) raise(source, field('role'), roleName, roleProblem);
    if (subject.startsWith('role:') && builtinRoleReason(subject)) {
      raise(source, field('subject'), subject, 'must not be a built-in role: binding it would change what every holder of the built-in role may do');
    }
    if (options.displayName !== undefined) checkToken(source, field('displayName'), options.displayName);
    const existing = this.bindingList.findIndex(b => b.subject === subject && b.role === roleName);
    if (existing !== -1) {
      if (options.displayName && !this.bindingList[existing].displayName) {
        this.bindingList[existing] = { ...this.bindingList[existing], displayName: options.displayName };
      }
      return;
    }
    this.bindingList.push({ subject, role: roleName, displayName: options.displayName, subjectKind });
  }

  /** Roles defined or bound, sorted. */
  public get roleNames(): string[] {
    const names = new Set<string>([...this.roles.keys(), ...this.bindingList.map(b => b.role)]);
    return [...names].sort();
  }

  /** The roles defined with grants, sorted by name. */
  public get roleDefinitions(): RbacRoleDefinition[] {
    return [...this.roles.keys()].sort().map(name => {
      const block = this.roles.get(name)!;
      return { name, description: block.description, grants: [...block.grants] };
    });
  }

  /** The bindings, sorted by role then subject. */
  public get bindings(): RbacBinding[] {
    return [...this.bindingList].sort((a, b) => compareStrings(a.role, b.role) || compareStrings(a.subject, b.subject));
  }

  /** The display name given to a subject, if any. */
  public displayNameOf(subject: string): string | undefined {
    return this.bindingList.find(b => b.subject === subject && b.displayName)?.displayName;
  }

  /**
   * Deferred checks: bindings to a role that has no grants and is not builtin (Argo CD warns
   * `user defined roles not found in policies`; the binding grants nothing).
   */
  public validate(): string[] {
    const problems: string[] = [];
    for (const binding of this.bindings) {
      const role = binding.role;
      if (role.startsWith('role:') && !BUILTIN_ROLES.includes(role) && !(this.roles.get(role)?.grants.length)
        && !this.bindingList.some(b => b.subject === role)) {
        problems.push(`rbac: role ${role} is bound to ${JSON.stringify(binding.subject)} but has no grants (got ${JSON.stringify(role)})`);
      }
    }
    return problems;
  }

  /** The rendered `policy.csv`. */
  public render(): string {
    const lines: string[] = [];
    for (const role of this.roleNames) {
      const block = this.roles.get(role);
      const builtin = BUILTIN_ROLES.includes(role) ? ' (built-in)' : '';
      if (lines.length > 0) lines.push('');
      lines.push(PolicyCsv.formatComment(`${role}${builtin}${block?.description ? `: ${block.description}` : ''}`));
      const pLines = (block?.grants ?? []).map(g =>
        PolicyCsv.formatLine('p', [role, g.resource, g.action, g.object, g.effect ?? PolicyEffect.ALLOW]));
      lines.push(...uniqueSorted(pLines));
      const gLines = this.bindingList.filter(b => b.role === role)
        .map(b => ({ line: PolicyCsv.formatLine('g', [b.subject, role], true), displayName: b.displayName }))
        .sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
      for (const g of gLines) {
        if (g.displayName) lines.push(PolicyCsv.formatComment(`${DISPLAY_NAME_COMMENT.slice(2)}${g.displayName}`));
        lines.push(g.line);
      }
    }
    return lines.length ? lines.join('\n') + '\n' : '';
  }

  private addRoleExact(role: string, grants: PolicyGrant[], options: RbacRoleOptions, origin?: ErrorOrigin): string {
    const { source, field } = origin ?? { source: options.source, field: (name: string) => name };
    checkToken(source, field('role'), role);
    grants.forEach((grant, i) => {
      const at = `grants[${i}]`;
      checkToken(source, field(`${at}.resource`), grant.resource);
      checkToken(source, field(`${at}.action`), grant.action);
      checkToken(source, field(`${at}.object`), grant.object);
      const resourceReason = resourceProblem(grant.resource);
      if (resourceReason) raise(source, field(`${at}.resource`), grant.resource, resourceReason);
      const actionReason = actionProblem(grant.resource, grant.action);
      if (actionReason) raise(source, field(`${at}.action`), grant.action, actionReason);
      const objectReason = objectProblem(grant.resource, grant.object) ?? objectPatternProblem(grant.object, this.matchMode);
      if (objectReason) raise(source, field(`${at}.object`), grant.object, objectReason);
      const effect = grant.effect ?? PolicyEffect.ALLOW;
      if (effect !== PolicyEffect.ALLOW && effect !== PolicyEffect.DENY) raise(source, field(`${at}.effect`), effect, 'must be allow or deny');
    });
    const block = this.roles.get(role) ?? { grants: [] };
    if (options.description !== undefined) {
      checkToken(source, field('description'), options.description);
      block.description = options.description;
    }
    for (const grant of grants) {
      const normalized: PolicyGrant = {
        resource: grant.resource, action: grant.action, object: grant.object, effect: grant.effect ?? PolicyEffect.ALLOW,
      };
      if (!block.grants.some(g => sameGrant(g, normalized))) block.grants.push(normalized);
    }
    this.roles.set(role, block);
    return role;
  }
}

/** Where a call's validation errors point: the construct path, and the field as the call names it. */
interface ErrorOrigin {
  readonly source?: string;
  readonly field: (name: string) => string;
}

function sameGrant(a: PolicyGrant, b: PolicyGrant): boolean {
  return a.resource === b.resource && a.action === b.action && a.object === b.object && a.effect === b.effect;
}

function raise(source: string | undefined, field: string, value: unknown, reason: string): never {
  throw new RbacValidationError(source ? describeInvalid(source, field, value, reason) : `${printable(field)}: ${reason} (got ${quoteForError(value)})`);
}

function checkToken(source: string | undefined, field: string, value: string) {
  const reason = unsafeTokenReason(value);
  if (reason) raise(source, field, value, reason);
}

function uniqueSorted(lines: string[]): string[] {
  return [...new Set(lines)].sort();
}
