import { compileGoRegex, isValidGlob } from './glob-match';

/**
 * Argo CD 3.5 RBAC vocabulary: resources, actions, which actions each resource has, and the
 * object format each resource expects. Pure data and checks; knows nothing about constructs.
 */

/** An Argo CD RBAC resource (the third field of a `p` line). */
export enum RbacResource {
  /** Applications; object `<project>/<app>` or `<project>/<namespace>/<app>`. */
  APPLICATIONS = 'applications',
  /** ApplicationSets; object `<project>/<appset>` (project of the template). */
  APPLICATIONSETS = 'applicationsets',
  /** Clusters; object the server URL, or `<project>/<server-url>` for project-scoped clusters. */
  CLUSTERS = 'clusters',
  /** AppProjects; object the project name. */
  PROJECTS = 'projects',
  /** Repositories (read credentials); object the repo URL or `<project>/<repo-url>`. */
  REPOSITORIES = 'repositories',
  /** Write credentials for repositories (source hydrator); object the repo URL. */
  WRITE_REPOSITORIES = 'write-repositories',
  /** Repository certificates; object `*` or the name. */
  CERTIFICATES = 'certificates',
  /** Local accounts; object `*` or the account name. */
  ACCOUNTS = 'accounts',
  /** GnuPG keys; object `*` or the key id. */
  GPGKEYS = 'gpgkeys',
  /** Pod logs; object `<project>/<app>`. */
  LOGS = 'logs',
  /** Web terminal; object `<project>/<app>`. */
  EXEC = 'exec',
  /** UI/proxy extensions; object the extension name. */
  EXTENSIONS = 'extensions',
}

/** An Argo CD RBAC action (the fourth field of a `p` line); see `RbacActions` for fine-grained ones. */
export enum RbacAction {
  /** Read. */
  GET = 'get',
  /** Create. */
  CREATE = 'create',
  /** Update (from 3.0, not the managed resources of an application: use `update/*`). */
  UPDATE = 'update',
  /** Delete (from 3.0, not the managed resources of an application: use `delete/*`). */
  DELETE = 'delete',
  /** Sync an application. */
  SYNC = 'sync',
  /** Override the sync source / revision. */
  OVERRIDE = 'override',
  /** Run any resource action (same as `action/*`). */
  ACTION = 'action',
  /** Invoke an extension. */
  INVOKE = 'invoke',
  /** Every action. */
  ALL = '*',
}

/** Builds fine-grained actions. */
export class RbacActions {
  /** Every fine-grained update (`update/*`). */
  public static readonly UPDATE_ANY_RESOURCE = 'update/*';
  /** Every fine-grained delete (`delete/*`). */
  public static readonly DELETE_ANY_RESOURCE = 'delete/*';
  /** Every resource action (`action/*`). */
  public static readonly ANY_RESOURCE_ACTION = 'action/*';

  /**
   * `update/<group>/<kind>/<namespace>/<name>`: update one managed resource of an application.
   * Use `*` for any part; the core API group is the empty string.
   */
  public static updateResource(group: string, kind: string, namespace: string, name: string): string {
    return ['update', group, kind, namespace, name].join('/');
  }

  /** `delete/<group>/<kind>/<namespace>/<name>`: delete one managed resource of an application. */
  public static deleteResource(group: string, kind: string, namespace: string, name: string): string {
    return ['delete', group, kind, namespace, name].join('/');
  }

  /** `action/<group>/<kind>/<action-name>`, e.g. `action/apps/Deployment/restart`. */
  public static resourceAction(group: string, kind: string, actionName: string): string {
    return ['action', group, kind, actionName].join('/');
  }

}

/** All resources, in Argo CD's order (`util/rbac/rbac.go`). */
export const RESOURCES: readonly string[] = Object.values(RbacResource);

/** Resources whose object starts with `<project>/`. */
export const PROJECT_SCOPED_RESOURCES: readonly string[] = [
  RbacResource.APPLICATIONS, RbacResource.APPLICATIONSETS, RbacResource.LOGS,
  RbacResource.EXEC, RbacResource.CLUSTERS, RbacResource.REPOSITORIES,
];

/** Resources whose object is always `<project>/<name>` (or `<project>/<namespace>/<name>`). */
const APP_LIKE_RESOURCES: readonly string[] = [
  RbacResource.APPLICATIONS, RbacResource.APPLICATIONSETS, RbacResource.LOGS, RbacResource.EXEC,
];

const CRUD = ['get', 'create', 'update', 'delete'];

/** Plain actions per resource (Argo CD 3.5 docs table, plus `write-repositories` from the code). */
export const RESOURCE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  [RbacResource.APPLICATIONS]: [...CRUD, 'sync', 'override', 'action'],
  [RbacResource.APPLICATIONSETS]: CRUD,
  [RbacResource.CLUSTERS]: CRUD,
  [RbacResource.PROJECTS]: CRUD,
  [RbacResource.REPOSITORIES]: CRUD,
  [RbacResource.WRITE_REPOSITORIES]: CRUD,
  [RbacResource.ACCOUNTS]: ['get', 'update'],
  // The builtin admin role grants `certificates, update`, so it is accepted though the docs omit it.
  [RbacResource.CERTIFICATES]: ['get', 'create', 'update', 'delete'],
  [RbacResource.GPGKEYS]: ['get', 'create', 'delete'],
  [RbacResource.LOGS]: ['get'],
  [RbacResource.EXEC]: ['create'],
  [RbacResource.EXTENSIONS]: ['invoke'],
};

/** The actions a resource has; for `*` every action of every resource. */
export function actionsOf(resource: string): readonly string[] {
  if (resource === '*') return [...new Set(Object.values(RESOURCE_ACTIONS).flat())];
  return RESOURCE_ACTIONS[resource] ?? [];
}

/** Why an action is not valid for a resource, or undefined when it is. */
export function actionProblem(resource: string, action: string): string | undefined {
  if (action === '*') return undefined;
  const known = actionsOf(resource);
  if (action === 'rollback') {
    return 'rollback is not an RBAC action in Argo CD 3.5 (a rollback is checked as sync)';
  }
  const fineGrained = /^(update|delete|action)\/(.*)$/.exec(action);
  if (fineGrained) {
    const verb = fineGrained[1];
    if (resource !== RbacResource.APPLICATIONS && resource !== '*') {
      return `fine-grained "${verb}/..." actions exist only for applications`;
    }
    const parts = fineGrained[2].split('/');
    if (fineGrained[2] === '*') return undefined;
    if (verb === 'action') {
      return parts.length === 3 || (parts.length < 3 && parts[parts.length - 1].endsWith('*'))
        ? undefined : 'must be action/<group>/<kind>/<action-name> (or end in *)';
    }
    return parts.length === 4 || (parts.length < 4 && parts[parts.length - 1].endsWith('*'))
      ? undefined : `must be ${verb}/<group>/<kind>/<namespace>/<name> (or end in *)`;
  }
  if (known.includes(action)) return undefined;
  const all = actionsOf('*');
  if (all.includes(action)) {
    return `resource ${resource} has no action ${action}; it has ${known.join(', ')}`;
  }
  return `unknown action; Argo CD 3.5 actions are ${all.join(', ')}, update/*, delete/*, action/* and *`;
}

/** Why a resource is not valid, or undefined when it is. */
export function resourceProblem(resource: string): string | undefined {
  if (resource === '*' || RESOURCES.includes(resource)) return undefined;
  if (resource === 'rollback') return 'unknown resource';
  return `unknown resource; Argo CD 3.5 resources are ${RESOURCES.join(', ')}`;
}

const URL_LIKE = /^([a-z][a-z0-9+.-]*:\/\/|[^/@\s]+@[^:\s]+:|\*)/i;

/** Why an object is in the wrong format for a resource, or undefined when it is fine. */
export function objectProblem(resource: string, object: string): string | undefined {
  if (object === '*' || resource === '*') return undefined;
  if (APP_LIKE_RESOURCES.includes(resource)) {
    const parts = object.split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some(p => p === '')) {
      return `${resource} objects are <project>/<name> or <project>/<namespace>/<name>`;
    }
    return undefined;
  }
  if (resource === RbacResource.CLUSTERS || resource === RbacResource.REPOSITORIES || resource === RbacResource.WRITE_REPOSITORIES) {
    const what = resource === RbacResource.CLUSTERS ? 'the cluster server URL (a cluster name is not accepted)' : 'the repository URL';
    const projectForm = resource === RbacResource.WRITE_REPOSITORIES ? '' : ', <project>/<url>';
    if (URL_LIKE.test(object)) return undefined;
    const slash = object.indexOf('/');
    if (resource !== RbacResource.WRITE_REPOSITORIES && slash > 0) {
      const rest = object.slice(slash + 1);
      if (rest === '*' || URL_LIKE.test(rest)) return undefined;
    }
    return `${resource} objects are ${what}${projectForm} or *`;
  }
  if (object.includes('/')) {
    return `${resource} objects are a plain name or *, without "/"`;
  }
  return undefined;
}

/**
 * Why an object pattern never matches anything, or undefined when it compiles: an invalid glob
 * is logged by Argo CD and never matches; in `regex` match mode an invalid regular expression
 * makes every check that reaches the line an error (deny).
 */
export function objectPatternProblem(object: string, matchMode: string = 'glob'): string | undefined {
  if (matchMode === 'regex') {
    try {
      compileGoRegex(object);
      return undefined;
    } catch (e) {
      return `is not a valid regular expression (policy.matchMode is regex), so Argo CD fails every check that reaches this line: ${(e as Error).message}`;
    }
  }
  return isValidGlob(object) ? undefined
    : 'is not a valid glob pattern (e.g. an unclosed or reversed [..] range, an unclosed {, or a trailing \\): Argo CD logs it and the line never matches';
}
