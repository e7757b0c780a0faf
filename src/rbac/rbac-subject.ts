import { IConstruct } from 'constructs';
import { fail, isGuid, unsafeTokenReason } from '../util/validation';

/** What an RBAC subject is. */
export enum RbacSubjectKind {
  /** An Entra ID group, by object ID (a GUID): what the `groups` claim carries. */
  GROUP = 'group',
  /**
   * An Entra ID application role, by its value: what the `roles` claim carries with
   * `GroupOverageStrategy.APPLICATION_ROLES`.
   */
  APP_ROLE = 'app-role',
  /** A user, by e-mail: matches only when a claim carrying it (`email`, `preferred_username`, `upn`) is in `rbac.scopes`. */
  USER = 'user',
  /** Another Argo CD role (`role:<name>` or `proj:<project>:<role>`), for role inheritance. */
  ROLE = 'role',
}

const SUBJECT_SYMBOL = Symbol.for('cdk8s-argocd-platform.RbacSubject');
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

/**
 * Who a binding is for, typed, so that a display name in place of an Entra object ID (which never
 * matches: Entra sends object IDs) is refused instead of rendering a binding nobody holds. The
 * platform checks every subject the same way (`platform.rbacSubjects`): app-role values only with
 * `GroupOverageStrategy.APPLICATION_ROLES`, e-mails only when `rbac.scopes` carries a claim with
 * the e-mail. A plain string still works where a subject is asked for: a GUID is a group, `role:`
 * and `proj:` are roles, a string with `@` is a user.
 */
export class RbacSubject {
  /** An Entra ID group by object ID (a GUID such as 84ce98d1-e359-4f3b-85af-985b458de3c6). */
  public static group(objectId: string): RbacSubject {
    if (!isGuid(objectId)) fail('RbacSubject.group', 'objectId', objectId, 'must be the group\'s object ID, a GUID such as 84ce98d1-e359-4f3b-85af-985b458de3c6 (Entra sends object IDs, never display names)');
    return new RbacSubject(RbacSubjectKind.GROUP, objectId);
  }

  /** An Entra ID application role by value, e.g. `payments.developer` (needs `GroupOverageStrategy.APPLICATION_ROLES`). */
  public static appRole(value: string): RbacSubject {
    const reason = unsafeTokenReason(value) ?? (/[\s,#]/.test(value) ? 'an app role value has no spaces, commas or "#"' : undefined)
      ?? (/^(role|proj):/.test(value) ? 'would be read as an Argo CD role' : undefined);
    if (reason) fail('RbacSubject.appRole', 'value', value, reason);
    return new RbacSubject(RbacSubjectKind.APP_ROLE, value);
  }

  /** A user by e-mail (needs `email`, `preferred_username` or `upn` in `rbac.scopes`). */
  public static user(email: string): RbacSubject {
    if (typeof email !== 'string' || !EMAIL.test(email)) fail('RbacSubject.user', 'email', email, 'must be an e-mail address');
    return new RbacSubject(RbacSubjectKind.USER, email);
  }

  /** Another Argo CD role, `role:<name>` or `proj:<project>:<role>`. */
  public static role(name: string): RbacSubject {
    if (typeof name !== 'string' || !/^(role:|proj:)[^\s,#]+$/.test(name)) fail('RbacSubject.role', 'name', name, 'must be role:<name> or proj:<project>:<role>');
    return new RbacSubject(RbacSubjectKind.ROLE, name);
  }

  /**
   * The kind a plain string stands for: a GUID is a group, `role:`/`proj:` a role, an e-mail a
   * user; anything else is undefined (not a subject Entra ever sends as a group).
   */
  public static kindOf(subject: string): RbacSubjectKind | undefined {
    if (isGuid(subject)) return RbacSubjectKind.GROUP;
    if (/^(role|proj):/.test(subject)) return RbacSubjectKind.ROLE;
    if (EMAIL.test(subject)) return RbacSubjectKind.USER;
    return undefined;
  }

  /** Whether an object is an RbacSubject, also one created by another copy of this library. */
  public static isRbacSubject(x: any): x is RbacSubject {
    return x !== null && typeof x === 'object' && SUBJECT_SYMBOL in x;
  }

  /** The kind of subject. */
  public readonly kind: RbacSubjectKind;
  /** The value in policy.csv: the object ID, app-role value, e-mail or role. */
  public readonly value: string;

  private constructor(kind: RbacSubjectKind, value: string) {
    Object.defineProperty(this, SUBJECT_SYMBOL, { value: true });
    this.kind = kind;
    this.value = value;
  }
}

/**
 * A group given as an Entra group object ID string or as a typed subject (group or app role), as
 * TeamProject takes its developer and role groups. A string must be a GUID (unchanged from before
 * subjects were typed); an app role is given as `RbacSubject.appRole(...)`.
 */
export function groupSubject(scope: IConstruct | string, field: string, group: string | RbacSubject): RbacSubject {
  if (RbacSubject.isRbacSubject(group)) {
    if (group.kind !== RbacSubjectKind.GROUP && group.kind !== RbacSubjectKind.APP_ROLE) {
      fail(scope, field, group.value, 'must be a group (RbacSubject.group) or an app role (RbacSubject.appRole)');
    }
    return group;
  }
  if (!isGuid(group)) fail(scope, field, group, 'must be a GUID such as 84ce98d1-e359-4f3b-85af-985b458de3c6');
  return RbacSubject.group(group);
}

/**
 * The platform's rules for subjects, one check for every binding (platform.rbac, TeamProject
 * developer groups, project-role groups): which claims carry groups, app roles and e-mails.
 */
export class RbacSubjectRules {
  private applicationRolesFrom?: string;

  /**
   * Records that groups arrive as app roles (`GroupOverageStrategy.APPLICATION_ROLES`).
   * @param contributor the SSO construct
   */
  public acceptApplicationRoles(contributor: IConstruct): void {
    this.applicationRolesFrom = contributor.node.path;
  }

  /** Whether app-role subjects can match (an SSO uses application roles). */
  public get applicationRoles(): boolean {
    return this.applicationRolesFrom !== undefined;
  }

  /**
   * Why a subject can never match on this platform, or undefined when it can.
   * @param subject the subject, typed or as a plain string
   * @param scopes the claims of `rbac.scopes` (argocd-rbac-cm `scopes`), e.g. `['groups', 'email']`
   */
  public problemOf(subject: string | RbacSubject, scopes: string[]): string | undefined {
    const shown = `[${scopes.join(', ')}]`;
    const typed = RbacSubject.isRbacSubject(subject);
    const value = typed ? subject.value : subject;
    const kind = typed ? subject.kind : RbacSubject.kindOf(subject) ?? (this.applicationRoles ? RbacSubjectKind.APP_ROLE : undefined);
    switch (kind) {
      case RbacSubjectKind.GROUP:
      case RbacSubjectKind.ROLE:
        return undefined;
      case RbacSubjectKind.APP_ROLE:
        if (!this.applicationRoles) {
          return 'an app-role subject matches only when groups arrive as app roles; set GroupOverageStrategy.APPLICATION_ROLES on ArgoSSO, or bind the group\'s object ID';
        }
        return scopes.includes('roles') ? undefined : `app roles arrive in the "roles" claim, but rbac.scopes is ${shown}; add "roles"`;
      case RbacSubjectKind.USER:
        return ['email', 'preferred_username', 'upn'].some(claim => scopes.includes(claim)) ? undefined
          : `an e-mail subject never matches with scopes ${shown}: Entra's token subject is an opaque id; add "email" (or preferred_username) to rbac.scopes, or bind the user's group`;
      default:
        return `${JSON.stringify(value)} is not an Entra group object ID, and a display name never matches (Entra sends object IDs); bind the group's object ID (RbacSubject.group), or with GroupOverageStrategy.APPLICATION_ROLES an app role (RbacSubject.appRole)`;
    }
  }
}
