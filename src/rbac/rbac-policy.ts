import { unsafeTokenReason } from '../util/validation';

/** Allow or deny. A deny always wins over an allow (Argo CD's policy effect). */
export enum PolicyEffect {
  /** Grants the permission. */
  ALLOW = 'allow',
  /** Takes the permission away, whatever else allows it. */
  DENY = 'deny',
}

/** One permission: `p, <role>, <resource>, <action>, <object>, <effect>`. */
export interface PolicyGrant {
  /** The Argo CD resource, e.g. `applications`, `logs`, `repositories`. */
  readonly resource: string;
  /** The action, e.g. `get`, `sync`, `action/apps/Deployment/restart`, `*`. */
  readonly action: string;
  /**
   * The object, in the resource's format: `<project>/<app>` for applications, applicationsets,
   * logs and exec; a name, URL or `*` for the rest.
   */
  readonly object: string;
  /**
   * @default PolicyEffect.ALLOW
   */
  readonly effect?: PolicyEffect;
}

/** Options for a role. */
export interface RbacRoleOptions {
  /**
   * One line that says what the role is for; rendered as the comment above its block.
   * @default - the role name alone
   */
  readonly description?: string;
}

/** Options for a binding. */
export interface RbacBindingOptions {
  /**
   * A human name for the subject (e.g. the Azure AD group's display name), used in the access
   * audit and the policy comment. Azure AD sends object IDs, so this is the only place a reviewer
   * sees which group an ID is.
   * @default - the subject alone
   */
  readonly displayName?: string;
}

interface RoleBlock {
  description?: string;
  grants: PolicyGrant[];
}

interface Binding {
  subject: string;
  role: string;
  displayName?: string;
}

const BUILTIN_ROLES = ['role:admin', 'role:readonly'];

/**
 * A global Argo CD RBAC policy (the `policy.csv` of `argocd-rbac-cm`), built from typed roles,
 * grants and bindings, rendered deterministically: one block per role, comment first, then its
 * `p` lines, then the `g` lines that bind subjects to it, all sorted.
 */
export class RbacPolicy {
  /** Prefixes `role:` unless the name has it already. */
  public static roleName(name: string): string {
    return name.startsWith('role:') ? name : `role:${name}`;
  }

  private readonly roles = new Map<string, RoleBlock>();
  private readonly bindings: Binding[] = [];

  /**
   * Defines a role (or adds grants to one already defined).
   * @param name `payments-team` or `role:payments-team`
   * @param grants its permissions
   */
  public addRole(name: string, grants: PolicyGrant[], options: RbacRoleOptions = {}): string {
    const role = RbacPolicy.roleName(name);
    checkToken('role', role);
    for (const grant of grants) {
      checkToken('resource', grant.resource);
      checkToken('action', grant.action);
      checkToken('object', grant.object);
    }
    const block = this.roles.get(role) ?? { grants: [] };
    if (options.description !== undefined) {
      checkToken('description', options.description);
      block.description = options.description;
    }
    block.grants.push(...grants);
    this.roles.set(role, block);
    return role;
  }

  /**
   * Binds a subject (an Azure AD group object ID, a user, or another role) to a role.
   */
  public bind(subject: string, role: string, options: RbacBindingOptions = {}): void {
    checkToken('subject', subject);
    const roleName = RbacPolicy.roleName(role);
    checkToken('role', roleName);
    if (options.displayName !== undefined) checkToken('displayName', options.displayName);
    if (this.bindings.some(b => b.subject === subject && b.role === roleName)) return;
    this.bindings.push({ subject, role: roleName, displayName: options.displayName });
  }

  /** Roles defined or bound, sorted. */
  public get roleNames(): string[] {
    const names = new Set<string>([...this.roles.keys(), ...this.bindings.map(b => b.role)]);
    return [...names].sort();
  }

  /** The display name given to a subject, if any. */
  public displayNameOf(subject: string): string | undefined {
    return this.bindings.find(b => b.subject === subject && b.displayName)?.displayName;
  }

  /** The rendered `policy.csv`. */
  public render(): string {
    const lines: string[] = [];
    for (const role of this.roleNames) {
      const block = this.roles.get(role);
      const builtin = BUILTIN_ROLES.includes(role) ? ' (built-in)' : '';
      if (lines.length > 0) lines.push('');
      lines.push(`# ${role}${builtin}${block?.description ? `: ${block.description}` : ''}`);
      const pLines = (block?.grants ?? []).map(g =>
        csvLine(['p', role, g.resource, g.action, g.object, g.effect ?? PolicyEffect.ALLOW]));
      lines.push(...uniqueSorted(pLines));
      const gLines = this.bindings.filter(b => b.role === role).map(b => csvLine(['g', quote(b.subject), role]));
      lines.push(...uniqueSorted(gLines));
    }
    return lines.length ? lines.join('\n') + '\n' : '';
  }
}

function checkToken(field: string, value: string) {
  const reason = unsafeTokenReason(value);
  if (reason) throw new Error(`${field}: ${reason} (got ${JSON.stringify(value)})`);
}

function quote(value: string): string {
  return `"${value}"`;
}

function csvLine(fields: string[]): string {
  return fields.map(f => (f.includes(',') && !f.startsWith('"') ? quote(f) : f)).join(', ');
}

function uniqueSorted(lines: string[]): string[] {
  return [...new Set(lines)].sort();
}

/** How `argocd-rbac-cm` matches resources, actions and objects (`policy.matchMode`). */
export enum PolicyMatchMode {
  /** gobwas glob; `*` also matches `/`. */
  GLOB = 'glob',
  /** Go regular expressions, unanchored. */
  REGEX = 'regex',
}
