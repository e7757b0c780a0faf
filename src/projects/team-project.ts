import { Duration, Lazy } from 'cdk8s';
import { KubeNamespace } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ITeamProject, TeamDeploymentTarget } from './team-project-ref';
import { AppProject } from '../imports/argoproj.io';
import { ArgoEnvironment } from '../platform/argo-environment';
import { ArgoPlatform } from '../platform/argo-platform';
import { ProjectRoles } from '../rbac/project-roles';
import { PolicyEffect, PolicyGrant } from '../rbac/rbac-policy';
import { assertDnsLabel, assertGuid, describeInvalid, fail, unsafeTokenReason } from '../util/validation';

/** A Kubernetes resource kind, by API group and kind. */
export interface ResourceKind {
  /** The API group; `''` for the core group. */
  readonly group: string;
  /** The kind, e.g. `ResourceQuota`. */
  readonly kind: string;
}

/** A permission of a project role (rendered as `p, proj:<project>:<role>, ...`). */
export interface ProjectRoleGrant {
  /**
   * The resource: applications, applicationsets, repositories, exec, logs or clusters.
   * @default 'applications'
   */
  readonly resource?: string;
  /** The action, e.g. `get`, `sync`, `*`, `action/apps/Deployment/restart`. */
  readonly action: string;
  /**
   * The object inside this project, after `<project>/`, e.g. `*` or `api-*`.
   * @default '*' (every application of the project)
   */
  readonly objectInProject?: string;
  /**
   * @default PolicyEffect.ALLOW
   */
  readonly effect?: PolicyEffect;
}

/** A role of the team's AppProject, such as the seed's `team-lead`. */
export interface ProjectRoleOptions {
  /** The role name, e.g. `team-lead`. */
  readonly name: string;
  /** Azure AD group object IDs whose members hold the role. */
  readonly groups: string[];
  /**
   * What the role may do. Users never type CSV: the policies are generated as
   * `p, proj:<project>:<role>, <resource>, <action>, <project>/<object>, <effect>`.
   * @default - every action on the project's applications (`applications, *, <project>/*`), as the seed's team-lead
   */
  readonly grants?: ProjectRoleGrant[];
  /**
   * What the role is for.
   * @default - none
   */
  readonly description?: string;
}

/** Whether a sync window allows or denies syncs. */
export enum SyncWindowKind {
  /** Syncs may run only inside the window. */
  ALLOW = 'allow',
  /** Syncs may not run inside the window. */
  DENY = 'deny',
}

/** A sync window of the team's project. */
export interface SyncWindowOptions {
  /** Allow or deny. */
  readonly kind: SyncWindowKind;
  /** When the window opens, as a five-field cron expression, e.g. `0 22 * * *`. */
  readonly schedule: string;
  /** How long it stays open. */
  readonly duration: Duration;
  /**
   * The environments it applies to (the team's namespaces there).
   * @default - every environment of the platform
   */
  readonly environments?: string[];
  /**
   * Application name patterns it applies to.
   * @default - every application of the project in those environments
   */
  readonly applications?: string[];
  /**
   * Allow manual syncs while the window blocks automated ones.
   * @default false
   */
  readonly manualSync?: boolean;
  /**
   * The IANA time zone of the schedule.
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /**
   * What the window is for.
   * @default - none
   */
  readonly description?: string;
}

/** Props for a TeamProject. */
export interface TeamProjectProps {
  /** The team's short name (a DNS-1123 label), used in namespace names such as `payments-prod`. */
  readonly team: string;
  /**
   * The AppProject's name; also the global role `role:<projectName>` and the RBAC object prefix `<projectName>/*`.
   * @default - the team name
   */
  readonly projectName?: string;
  /**
   * What the project is for (shown in the Argo CD UI).
   * @default - "Applications of team <team>"
   */
  readonly description?: string;
  /**
   * Git or Helm repositories the team may deploy from. `*` is refused: a wildcard lets the team
   * deploy anything from anywhere.
   * @default - none yet; applications add their repositories
   */
  readonly sourceRepos?: string[];
  /**
   * Azure AD group object IDs of the team's developers. They get the global role
   * `role:<projectName>`: get, sync, resource actions and logs on `<projectName>/*`.
   * @default - none
   */
  readonly developerGroups?: string[];
  /**
   * Display names of the team's Azure AD groups, by object ID, for the access audit and the
   * `# group:` comments in policy.csv (Azure sends only object IDs).
   * @default - groups appear by object ID only
   */
  readonly groupDisplayNames?: { [objectId: string]: string };
  /**
   * Project roles, e.g. `{ name: 'team-lead', groups: [...] }`.
   * @default - none
   */
  readonly roles?: ProjectRoleOptions[];
  /**
   * Cluster-scoped kinds the team may deploy.
   * @default - none: clusterResourceWhitelist is empty
   */
  readonly clusterResources?: ResourceKind[];
  /**
   * Namespaced kinds the team may not deploy, so teams cannot edit their own guardrails.
   * @default - ResourceQuota, LimitRange and NetworkPolicy
   */
  readonly namespaceResourceBlacklist?: ResourceKind[];
  /**
   * Warn about resources in the team's namespaces that no application manages.
   * @default true
   */
  readonly warnOnOrphanedResources?: boolean;
  /**
   * Sync windows.
   * @default - none
   */
  readonly syncWindows?: SyncWindowOptions[];
  /**
   * Create the team's Namespace in each environment, labelled with the team.
   * @default false
   */
  readonly createNamespaces?: boolean;
}

/** The namespaced kinds a team may not deploy by default. */
export const DEFAULT_NAMESPACE_BLACKLIST: ResourceKind[] = [
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'LimitRange' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
];

const CRON_FIELD = /^[0-9*,\-/?LW#A-Za-z]+$/;

/**
 * One team on the platform, as the seed's multi-team model builds it by hand: an AppProject whose
 * destinations are the team's namespace in each environment (never `*`), no cluster-scoped
 * resources, its guardrail kinds blacklisted, project roles such as `team-lead`; the global role
 * `role:<project>` bound to the team's Azure AD groups in the platform's argocd-rbac-cm; and
 * optionally the team's namespaces.
 */
export class TeamProject extends Construct implements ITeamProject {
  /** The team name. */
  public readonly team: string;
  /** The AppProject name. */
  public readonly projectName: string;
  /** The global role of the team's developers, `role:<projectName>`. */
  public readonly developerRole: string;
  /** The platform the project belongs to. */
  public readonly platform: ArgoPlatform;
  private readonly repos: string[] = [];
  private readonly roles: ProjectRoleOptions[] = [];
  private readonly windows: SyncWindowOptions[] = [];

  constructor(scope: Construct, id: string, props: TeamProjectProps) {
    super(scope, id);
    this.platform = ArgoPlatform.platformOf(this);
    this.team = assertDnsLabel(this, 'team', props.team);
    this.projectName = assertDnsLabel(this, 'projectName', props.projectName ?? props.team);
    if (this.projectName === 'default') fail(this, 'projectName', this.projectName, 'the "default" project has no restrictions; give the team a project of its own');
    this.developerRole = `role:${this.projectName}`;
    const description = props.description ?? `Applications of team ${this.team}`;
    const descriptionReason = unsafeTokenReason(description);
    if (descriptionReason) fail(this, 'description', description, descriptionReason);

    for (const repo of props.sourceRepos ?? []) this.addSourceRepo(repo);
    for (const role of props.roles ?? []) this.addRole(role);
    for (const window of props.syncWindows ?? []) this.addSyncWindow(window);
    const clusterResources = (props.clusterResources ?? []).map((k, i) => this.checkKind(`clusterResources[${i}]`, k));
    const blacklist = (props.namespaceResourceBlacklist ?? DEFAULT_NAMESPACE_BLACKLIST).map((k, i) => this.checkKind(`namespaceResourceBlacklist[${i}]`, k));

    const envs = this.platform.environments;
    new AppProject(this, 'Resource', {
      metadata: { name: this.projectName, namespace: this.platform.argoCdNamespace, labels: { 'argocd-platform/team': this.team } },
      spec: {
        description,
        sourceRepos: Lazy.any({ produce: () => [...this.repos].sort() }),
        destinations: envs.map(env => ({ ...env.cluster, namespace: env.namespaceFor(this.team) })),
        clusterResourceWhitelist: clusterResources,
        namespaceResourceBlacklist: blacklist,
        orphanedResources: { warn: props.warnOnOrphanedResources ?? true },
        roles: Lazy.any({ produce: () => orUndefined(this.renderRoles()) }),
        syncWindows: Lazy.any({ produce: () => orUndefined(this.renderSyncWindows()) }),
      },
    });

    // The global role: the seed's developer defaults, on this project's applications only.
    const object = `${this.projectName}/*`;
    const grants: PolicyGrant[] = [
      { resource: 'applications', action: 'get', object },
      { resource: 'applications', action: 'sync', object },
      { resource: 'applications', action: 'action/*', object },
      { resource: 'logs', action: 'get', object },
    ];
    const source = this.node.path;
    this.platform.rbac.addRole(this.developerRole, grants, { description: `developers of team ${this.team}`, source });
    (props.developerGroups ?? []).forEach((group, i) => {
      assertGuid(this, `developerGroups[${i}]`, group);
      const displayName = props.groupDisplayNames?.[group];
      if (displayName !== undefined && unsafeTokenReason(displayName)) fail(this, `groupDisplayNames[${group}]`, displayName, unsafeTokenReason(displayName)!);
      this.platform.rbac.bind(group, this.developerRole, { displayName, source });
    });

    if (props.createNamespaces) {
      for (const env of envs) this.createNamespace(env);
    }

    this.node.addValidation({
      validate: () => this.repos.length === 0
        ? [describeInvalid(this, 'sourceRepos', [], 'the project has no source repositories; add them in props or through its applications')] : [],
    });
  }

  /** The namespace Argo CD runs in (where the team's Applications live). */
  public get argoCdNamespace(): string {
    return this.platform.argoCdNamespace;
  }

  /** The team's namespace and the environment chart in every environment of the platform. */
  public deploymentTargets(): TeamDeploymentTarget[] {
    return this.platform.environments.map(env => ({
      environmentName: env.environmentName,
      production: env.production,
      namespace: env.namespaceFor(this.team),
      cluster: env.cluster,
      chart: env,
    }));
  }

  /** The team's namespace in an environment. */
  public namespaceFor(environment: string): string {
    return this.platform.environment(environment).namespaceFor(this.team);
  }

  /** Allows the team to deploy from a repository. */
  public addSourceRepo(repo: string): void {
    const reason = unsafeTokenReason(repo);
    if (reason) fail(this, 'sourceRepos', repo, reason);
    if (repo === '*' || repo === '*/*') {
      fail(this, 'sourceRepos', repo, 'a wildcard source repository lets the team deploy anything from anywhere; list the repositories');
    }
    if (!/^(https:\/\/|ssh:\/\/|git@|oci:\/\/)[^\s]+$/.test(repo) && !/^[a-z0-9.-]+\.[a-z]{2,}\/[^\s]+$/.test(repo)) {
      fail(this, 'sourceRepos', repo, 'must be a repository URL (https://, ssh://, git@host:org/repo or oci://)');
    }
    if (!this.repos.includes(repo)) this.repos.push(repo);
  }

  /** Adds a project role; its policies are validated as Argo CD validates an AppProject. */
  public addRole(role: ProjectRoleOptions): void {
    const field = `roles[${role?.name}]`;
    const nameProblem = ProjectRoles.roleNameProblem(role.name ?? '');
    if (nameProblem) fail(this, `${field}.name`, role.name, nameProblem);
    if (this.roles.some(r => r.name === role.name)) fail(this, `${field}.name`, role.name, 'role names must be unique in a project');
    if (!role.groups || role.groups.length === 0) fail(this, `${field}.groups`, role.groups, 'a role needs at least one Azure AD group');
    role.groups.forEach((g, i) => assertGuid(this, `${field}.groups[${i}]`, g));
    (role.grants ?? []).forEach((grant, i) => {
      const policy = this.policyLine(role.name, grant);
      const reason = unsafeTokenReason(grant.action) ?? unsafeTokenReason(grant.objectInProject ?? '*')
        ?? ProjectRoles.policyProblem(this.projectName, role.name, policy);
      if (reason) fail(this, `${field}.grants[${i}]`, grant, reason);
    });
    if (role.description !== undefined && unsafeTokenReason(role.description)) {
      fail(this, `${field}.description`, role.description, unsafeTokenReason(role.description)!);
    }
    this.roles.push(role);
  }

  /** Adds a sync window. */
  public addSyncWindow(window: SyncWindowOptions): void {
    const fields = (window.schedule ?? '').trim().split(/\s+/);
    if (fields.length !== 5 || !fields.every(f => CRON_FIELD.test(f))) {
      fail(this, 'syncWindows.schedule', window.schedule, 'must be a five-field cron expression such as "0 22 * * *"');
    }
    for (const env of window.environments ?? []) this.platform.environment(env);
    if (window.timeZone !== undefined && !/^[A-Za-z_]+(\/[A-Za-z0-9_+\-]+)*$/.test(window.timeZone)) {
      fail(this, 'syncWindows.timeZone', window.timeZone, 'must be an IANA time zone such as Europe/London');
    }
    for (const app of window.applications ?? []) {
      if (unsafeTokenReason(app)) fail(this, 'syncWindows.applications', app, unsafeTokenReason(app)!);
    }
    this.windows.push(window);
  }

  private renderRoles() {
    return [...this.roles].sort((a, b) => a.name.localeCompare(b.name)).map(role => {
      const policies = (role.grants ?? [{ action: '*' }]).map(g => this.policyLine(role.name, g));
      return {
        name: role.name,
        description: role.description,
        policies: [...new Set(policies)].sort(),
        groups: [...new Set(role.groups)].sort(),
      };
    });
  }

  private renderSyncWindows() {
    return this.windows.map(w => {
      const envs = (w.environments ?? this.platform.environments.map(e => e.environmentName)).map(e => this.platform.environment(e));
      return {
        kind: w.kind,
        schedule: w.schedule.trim().split(/\s+/).join(' '),
        duration: formatDuration(w.duration),
        namespaces: envs.map(e => e.namespaceFor(this.team)),
        applications: w.applications ?? ['*'],
        manualSync: w.manualSync ?? false,
        timeZone: w.timeZone ?? 'UTC',
        description: w.description,
      };
    });
  }

  private policyLine(role: string, grant: ProjectRoleGrant): string {
    return [
      'p', ProjectRoles.subjectOf(this.projectName, role), grant.resource ?? 'applications', grant.action,
      `${this.projectName}/${grant.objectInProject ?? '*'}`, grant.effect ?? PolicyEffect.ALLOW,
    ].join(', ');
  }

  private createNamespace(env: ArgoEnvironment) {
    const name = env.namespaceFor(this.team);
    new KubeNamespace(env, `Namespace-${this.projectName}`, {
      metadata: {
        name,
        labels: { 'argocd-platform/team': this.team, 'argocd-platform/environment': env.environmentName },
      },
    });
  }

  private checkKind(field: string, kind: ResourceKind): ResourceKind {
    if (typeof kind?.group !== 'string' || !/^[a-z0-9.\-]*$/.test(kind.group)) fail(this, `${field}.group`, kind?.group, 'must be an API group such as "" or "networking.k8s.io"');
    if (typeof kind.kind !== 'string' || !/^([A-Z][A-Za-z0-9]*|\*)$/.test(kind.kind)) fail(this, `${field}.kind`, kind.kind, 'must be a Kubernetes kind such as ResourceQuota');
    return { group: kind.group, kind: kind.kind };
  }
}

/** Argo CD durations: `1h`, `30m`, `1h30m`. */
function formatDuration(duration: Duration): string {
  const minutes = duration.toMinutes();
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours ? `${hours}h` : ''}${rest || !hours ? `${rest}m` : ''}`;
}

function orUndefined<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}
