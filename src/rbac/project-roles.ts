import { PlatformLabels } from '../util/labels';
/** One role of an AppProject (`spec.roles[]`), as far as RBAC is concerned. */
export interface ProjectRoleRbac {
  /** The role name; the subject is `proj:<project>:<name>`. */
  readonly name: string;
  /**
   * Policy lines, verbatim (`p, proj:<project>:<name>, applications, sync, <project>/*, allow`).
   * @default - none
   */
  readonly policies?: string[];
  /**
   * Groups bound to the role (a group containing a comma is written double-quoted).
   * @default - none
   */
  readonly groups?: string[];
}

/** The RBAC part of an AppProject. */
export interface ProjectRbac {
  /** The project name (`metadata.name`). */
  readonly name: string;
  /**
   * The project roles (`spec.roles`).
   * @default - none
   */
  readonly roles?: ProjectRoleRbac[];
  /**
   * Display names of the groups bound to the project's roles, by group (from the AppProject
   * annotation `argocd-platform/group-display-names`, a JSON object), for the access audit.
   * @default - none
   */
  readonly groupDisplayNames?: { [group: string]: string };
}

/** The AppProject annotation holding display names of its role groups (a JSON object). */
export const GROUP_DISPLAY_NAMES_ANNOTATION = PlatformLabels.GROUP_DISPLAY_NAMES;

const ROLE_NAME = /^[a-zA-Z0-9]([-_a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const PROJECT_RESOURCES = ['applications', 'applicationsets', 'repositories', 'exec', 'logs', 'clusters'];
const PROJECT_ACTIONS = ['get', 'create', 'update', 'delete', 'sync', 'override', '*'];

function quoteMeta(value: string): string {
  return value.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * Project roles as Argo CD sees them: the runtime policy an AppProject adds to RBAC evaluation
 * (`ProjectPoliciesString()`), and Argo CD's validation of roles, policies and groups.
 */
export class ProjectRoles {
  /** Reads the RBAC part of an AppProject manifest (a plain Kubernetes object). */
  public static fromManifest(manifest: any): ProjectRbac {
    const name = manifest?.metadata?.name;
    if (typeof name !== 'string' || name === '') throw new Error('AppProject has no metadata.name');
    const roles = Array.isArray(manifest?.spec?.roles) ? manifest.spec.roles : [];
    return {
      name,
      groupDisplayNames: readGroupDisplayNames(manifest?.metadata?.annotations?.[GROUP_DISPLAY_NAMES_ANNOTATION]),
      roles: roles.map((r: any) => ({
        name: String(r?.name ?? ''),
        policies: Array.isArray(r?.policies) ? r.policies.map(String) : [],
        groups: Array.isArray(r?.groups) ? r.groups.map(String) : [],
      })),
    };
  }

  /** The subject of a project role: `proj:<project>:<role>`. */
  public static subjectOf(project: string, role: string): string {
    return `proj:${project}:${role}`;
  }

  /**
   * The runtime policy Argo CD adds for a project: per role the implicit
   * `p, proj:P:R, projects, get, P, allow`, then the role's policies, then `g, <group>, proj:P:R`.
   */
  public static policiesString(project: ProjectRbac): string {
    const lines: string[] = [];
    for (const role of project.roles ?? []) {
      const subject = ProjectRoles.subjectOf(project.name, role.name);
      lines.push(`p, ${subject}, projects, get, ${project.name}, allow`);
      lines.push(...(role.policies ?? []));
      for (const group of role.groups ?? []) lines.push(`g, ${group}, ${subject}`);
    }
    return lines.join('\n');
  }

  /** Argo CD's check of one role name; undefined when valid. */
  public static roleNameProblem(name: string): string | undefined {
    return ROLE_NAME.test(name) ? undefined
      : `invalid role name '${name}'. Must consist of alphanumeric characters, '-' or '_', and must start and end with an alphanumeric character`;
  }

  /** Argo CD's check of one group name of a project role; undefined when valid. */
  public static groupNameProblem(group: string): string | undefined {
    let name = group.trim();
    if (name.length > 1 && name.startsWith('"') && name.endsWith('"')) {
      name = name.slice(1, -1);
    } else if (name.includes(',')) {
      return `group '${name}' must be quoted`;
    }
    if (name === '') return `group '${name}' is empty`;
    if (/["\n\r\t]/.test(name)) return `group '${name}' contains invalid characters`;
    if (name.startsWith(' ') || name.endsWith(' ')) return `group '${name}' contains a leading or trailing space`;
    return undefined;
  }

  /** Argo CD's check of one project role policy line; undefined when valid. */
  public static policyProblem(project: string, role: string, policy: string): string | undefined {
    const parts = policy.split(',');
    if (parts.length !== 6 || parts[0].trim() !== 'p') {
      return `invalid policy rule '${policy}': must be of the form: 'p, sub, res, act, obj, eft'`;
    }
    // Argo CD trims each part when validating, but Casbin reads the line as CSV, dropping only the
    // leading spaces of a field: `applications ` stays `applications ` and the rule never matches.
    // Each part may follow its comma with one space; anything else around a field is refused.
    const names = ['type', 'subject', 'resource', 'action', 'object', 'effect'];
    for (let i = 0; i < parts.length; i++) {
      const field = i === 0 ? parts[i] : parts[i].replace(/^ /, '');
      if (field.trim() !== field) {
        return `invalid policy rule '${policy}': ${names[i]} ${JSON.stringify(field)} has a leading or trailing space; Argo CD would keep it and the rule would never match`;
      }
    }
    const [, sub, res, act, obj, eft] = parts.map(p => p.trim());
    const expected = ProjectRoles.subjectOf(project, role);
    if (sub !== expected) return `invalid policy rule '${policy}': policy subject must be: '${expected}', not '${sub}'`;
    if (!PROJECT_RESOURCES.includes(res)) {
      return `invalid policy rule '${policy}': project resource must be: 'applications', 'applicationsets', 'repositories', 'exec', 'logs' or 'clusters', not '${res}'`;
    }
    if (!PROJECT_ACTIONS.includes(act) && !/^(action|update|delete)\/.*/.test(act)) {
      return `invalid policy rule '${policy}': invalid action '${act}'`;
    }
    const objectPattern = new RegExp(`^${quoteMeta(project)}(/[*\\w\\-.]+)?/[*\\w\\-.]+$`);
    if (!objectPattern.test(obj)) {
      return `invalid policy rule '${policy}': object must be of form '${project}/*', '${project}[/<NAMESPACE>]/<APPNAME>' or '${project}/<APPNAME>', not '${obj}'`;
    }
    if (eft !== 'allow' && eft !== 'deny') return `invalid policy rule '${policy}': effect can only have value 'allow' or 'deny'`;
    return undefined;
  }

  /**
   * Validates a project's roles as the Argo CD API server does before accepting the AppProject.
   * Each finding names its field (`roles[1].policies[0]`).
   */
  public static validate(project: ProjectRbac): string[] {
    const problems: string[] = [];
    const seenRoles = new Set<string>();
    (project.roles ?? []).forEach((role, i) => {
      const at = `roles[${i}]`;
      const nameProblem = ProjectRoles.roleNameProblem(role.name);
      if (nameProblem) problems.push(`${at}.name: ${nameProblem}`);
      if (seenRoles.has(role.name)) problems.push(`${at}.name: role '${role.name}' already exists`);
      seenRoles.add(role.name);
      const seenPolicies = new Set<string>();
      (role.policies ?? []).forEach((policy, j) => {
        const problem = ProjectRoles.policyProblem(project.name, role.name, policy);
        if (problem) problems.push(`${at}.policies[${j}]: ${problem}`);
        if (seenPolicies.has(policy)) problems.push(`${at}.policies[${j}]: policy '${policy}' already exists for role '${role.name}'`);
        seenPolicies.add(policy);
      });
      const seenGroups = new Set<string>();
      (role.groups ?? []).forEach((group, j) => {
        const problem = ProjectRoles.groupNameProblem(group);
        if (problem) problems.push(`${at}.groups[${j}]: ${problem}`);
        if (seenGroups.has(group)) problems.push(`${at}.groups[${j}]: group '${group}' already exists for role '${role.name}'`);
        seenGroups.add(group);
      });
    });
    return problems;
  }
}

/** Reads the display-name annotation; anything but a JSON object of strings is ignored (it is documentation, not policy). */
function readGroupDisplayNames(value: unknown): { [group: string]: string } | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    const out: { [group: string]: string } = {};
    for (const [group, name] of Object.entries(parsed)) if (typeof name === 'string') out[group] = name;
    return out;
  } catch {
    return undefined;
  }
}
