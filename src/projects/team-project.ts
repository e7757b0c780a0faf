import { Duration, Lazy } from 'cdk8s';
import { KubeNamespace } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { SYNC_WAVE_ANNOTATION } from './sync-wave';
import { SyncWindowOptions } from './sync-window';
import { TeamAccess, TeamProjectClass } from './team-access';
import { TeamRepositoryApps, TeamRepositoryOptions } from './team-repository-apps';
import { AppProject } from '../imports/appproject-argoproj.io';
import { ArgoEnvironment } from '../platform/argo-environment';
import { ArgoPlatform } from '../platform/argo-platform';
import { PlatformLabels } from '../platform/labels';
import { PROJECT_SUBSCRIPTIONS_ANNOTATION } from '../platform/registries';
import { TeamChannel } from '../platform/team-channel';
import { ITeamProject, TeamDeploymentTarget } from '../platform/team-project-ref';
import { GROUP_DISPLAY_NAMES_ANNOTATION, ProjectRoles } from '../rbac/project-roles';
import { PolicyEffect, PolicyGrant } from '../rbac/rbac-policy';
import { groupSubject, RbacSubject } from '../rbac/rbac-subject';
import { cronScheduleReason, didYouMean, normalizeCronSchedule, timeZoneReason } from '../util/checks';
import { goDuration } from '../util/duration';
import { assertDnsLabel, compareStrings, describeInvalid, fail, sortedRecord, sourceRepositoryReason, SYSTEM_NAMESPACES, unsafeTokenReason } from '../util/validation';


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
  /**
   * Grant it in the team's production project (`<projectName>-prod`) instead of the team's
   * project. Creating, updating or deleting Applications there fails the synth (ARGO-ACC7)
   * unless acknowledged: production Applications are the platform admins' to write.
   * @default false - the grant is on the team's project, outside production
   */
  readonly production?: boolean;
}

/** A role of the team's AppProject, such as the seed's `team-lead`. */
export interface ProjectRoleOptions {
  /** The role name, e.g. `team-lead`. */
  readonly name: string;
  /**
   * Who holds the role: Entra group object IDs (GUID strings or `RbacSubject.group(...)`), or
   * app roles (`RbacSubject.appRole(...)`) with `GroupOverageStrategy.APPLICATION_ROLES`.
   */
  readonly groups: Array<string | RbacSubject>;
  /**
   * What the role may do, line by line. Users never type CSV: the policies are generated as
   * `p, proj:<project>:<role>, <resource>, <action>, <project>/<object>, <effect>`, in the team's
   * project unless a grant says `production: true`. Not with `access`.
   * @default - from `access`
   */
  readonly grants?: ProjectRoleGrant[];
  /**
   * What the role may do on the team's applications per environment class (see `TeamAccess`).
   * Not with `grants`.
   * The role exists in both projects of the team: the team's project with the actions outside
   * production, the production project with the production actions.
   * @default TeamAccess.teamLeadsDefault() - every action outside production; get and sync in production
   */
  readonly access?: TeamAccess;
  /**
   * What the role is for.
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
   * The name of the team's production AppProject, rendered when the platform has production
   * environments: its destinations are only the team's production namespaces on the production
   * clusters, and the team's production Applications belong to it. Also the RBAC object prefix
   * `<productionProjectName>/*` of the production grants.
   * @default - `<projectName>-prod`
   */
  readonly productionProjectName?: string;
  /**
   * What the project is for (shown in the Argo CD UI).
   * @default - "Applications of team <team>"
   */
  readonly description?: string;
  /**
   * Git or Helm repositories the team may deploy from. A wildcard fails the synth through the
   * guardrail ARGO-PRJ1 (it lets the team deploy anything from anywhere) unless acknowledged.
   * @default - none yet; applications add their repositories
   */
  readonly sourceRepos?: string[];
  /**
   * Azure AD group object IDs of the team's developers. They get the global role
   * `role:<projectName>` with `developerAccess` on the project's applications, and logs.
   * @default - none
   */
  readonly developerGroups?: Array<string | RbacSubject>;
  /**
   * What the developers may do on the team's applications per environment class. The seed's
   * `policy.csv` (developers sync everything, production included) is `TeamAccess.syncEverywhere()`:
   * an explicit choice, listed under "Who can change production" in the access audit.
   * @default TeamAccess.developersDefault() - get, sync and resource actions outside production; get in production
   */
  readonly developerAccess?: TeamAccess;
  /**
   * Display names of the team's Azure AD groups (developers and project roles), by object ID, for
   * the access audit: rendered as `# group:` comments in policy.csv and, for project-role groups,
   * as the AppProject annotation `argocd-platform/group-display-names` (Azure sends only object IDs).
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
   * Sync windows. A window limited to environments goes to the project of those environments
   * (the production project for production environments); one without goes to both projects.
   * @default - none
   */
  readonly syncWindows?: SyncWindowOptions[];
  /**
   * Create the team's Namespace in each environment, labelled with the team.
   * @default false
   */
  readonly createNamespaces?: boolean;
  /**
   * The team's own repository, from which the team declares its Applications itself
   * (Argo CD "Applications in any namespace"). The platform then
   * - creates the Namespace `applicationNamespace` on the Argo CD cluster, labelled with the team,
   *   with a Role and RoleBinding that let the argocd-server service account manage Applications
   *   there (and only there), so the UI and CLI work on the team's Applications;
   * - adds it to `application.namespaces` in argocd-cmd-params-cm, so the application controller,
   *   the API server and the notifications controller watch it;
   * - lists it in the AppProject's `sourceNamespaces` and adds the repository to `sourceRepos`;
   * - renders one root Application per environment, `<team>-apps-<env>`, in Argo CD's namespace,
   *   reading `<pathPrefix>/<env>` of the repository into that namespace, in a contained project of
   *   its own named after the namespace: its only destination is the namespace on the Argo CD
   *   cluster and its only allowed kind is `Application` (argoproj.io);
   * - for production, the same with the namespace `productionApplicationNamespace`: only the
   *   production project lists it, and only the production root Applications write into it (they
   *   do not prune: a merge never deletes a production Application).
   *
   * Why this is safe, where a root Application in the platform project is not: the root
   * Application's project lets the team's repository create Applications in its namespace and
   * nothing else (no Pods, Roles or Secrets next to Argo CD, no cluster-scoped resources, never
   * Argo CD's settings or AppProjects). The root Application itself lives in Argo CD's namespace,
   * which only the platform repository writes, so the team cannot change its project. The
   * Applications it creates live in `applicationNamespace`, which only this team's project lists in
   * `sourceNamespaces` (the root project lists none): Argo CD refuses to reconcile an Application
   * there that names another project (and `default` has no source namespaces), so a team cannot
   * escalate by choosing `spec.project` (argoproj/argo-cd#3045, #13525), and its Applications deploy
   * only to the team's namespaces. Their RBAC object is `<project>/<applicationNamespace>/<app>`,
   * which the team's grants on `<project>/*` cover.
   *
   * The notifications controller needs its cluster-wide role to notify for Applications outside
   * Argo CD's namespace. Notification subscriptions as annotations then work as usual; per-namespace
   * notification settings would additionally need `notificationscontroller.selfservice.enabled`,
   * which this does not set. Image Updater resources go into the same namespace as the Applications
   * they select. Annotation resource tracking (the 3.x default) is recommended, since the tracked
   * application name becomes `<namespace>_<name>`.
   * @default - none; the team's Applications come from the platform repository
   */
  readonly teamRepository?: TeamRepositoryOptions;
  /**
   * The namespace on the Argo CD cluster where the team's Applications from `teamRepository` live
   * (a DNS-1123 label). Only with `teamRepository`. It must belong to this team alone: not Argo
   * CD's namespace, a system namespace, or any team's deployment namespace.
   * @default - `<team>-apps`
   */
  readonly applicationNamespace?: string;
  /**
   * The namespace on the Argo CD cluster where the team's production Applications from
   * `teamRepository` live. Only the team's production project lists it in `sourceNamespaces`, and
   * only the repository's production root Application writes into it, so the non-production
   * folders of the team's repository cannot create a production Application. Only with
   * `teamRepository`, on a platform with production environments.
   * @default - `<applicationNamespace>-prod`
   */
  readonly productionApplicationNamespace?: string;
  /**
   * Where the team is told about its own applications (sync failures, degradation, production
   * deployments) and, when the platform has alerts, about its own alerts. Rendered by
   * `ArgoNotifications` as the AppProject's `notifications.argoproj.io/subscriptions` annotation.
   * @default - the team is not notified
   */
  readonly notify?: TeamChannel[];
}

/** The namespaced kinds a team may not deploy by default. */
export const DEFAULT_NAMESPACE_BLACKLIST: ResourceKind[] = [
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'LimitRange' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
];

/** Whether the runtime's time-zone database knows the zone (Argo CD loads it with Go's time.LoadLocation). */
function isTimeZone(zone: string): boolean {
  return timeZoneReason(zone) === undefined;
}

const TEAM_PROJECT_SYMBOL = Symbol.for('cdk8s-argocd-platform.TeamProject');

/**
 * One team on the platform, as the seed's multi-team model builds it by hand, with production as
 * a project boundary: an AppProject whose destinations are the team's namespaces outside
 * production (never `*`) and, when the platform has production environments, a production
 * AppProject (`<project>-prod`) whose destinations are only the team's production namespaces on
 * the production clusters. Each has no cluster-scoped resources, the guardrail kinds blacklisted,
 * its own project roles (such as `team-lead`), sync windows and notification subscriptions; the
 * team's production Applications belong to the production project. The global role
 * `role:<project>` binds the team's Azure AD groups in the platform's argocd-rbac-cm; optionally
 * the team's namespaces; and optionally the route for the team's own repository
 * (`teamRepository`): root Applications `<team>-apps-<env>` in contained projects that bring the
 * team's Applications into namespaces only the team's projects accept Applications from (the
 * production ones into a namespace of their own).
 *
 * Both AppProjects carry sync wave -1, so a sync of the platform folder creates them before the
 * Applications that name them (Argo CD refuses an Application whose project does not exist).
 *
 * @example
 * import { ArgoPlatform, TeamAccess, TeamChannelKind, TeamProject } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * new TeamProject(platform, 'Payments', {
 *   team: 'payments',
 *   projectName: 'payments-team',
 *   sourceRepos: ['git@github.com:example/gitops-config.git'],
 *   createNamespaces: true,
 *   developerGroups: ['1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01'],
 *   developerAccess: TeamAccess.developersDefault(),
 *   roles: [{ name: 'team-lead', groups: ['2c7a1f3b-8d4e-4f6a-9b32-6a5d4c3b2e02'], access: TeamAccess.teamLeadsDefault() }],
 *   notify: [{ kind: TeamChannelKind.SLACK, recipient: 'payments-deployments' }],
 * });
 */
export class TeamProject extends Construct implements ITeamProject {
  /** Whether an object is a TeamProject, also one created by another copy of this library (where `instanceof` is false). */
  public static isTeamProject(x: any): x is TeamProject {
    return x !== null && typeof x === 'object' && TEAM_PROJECT_SYMBOL in x;
  }

  /** The team name. */
  public readonly team: string;
  /** The AppProject name (the team's project, outside production). */
  public readonly projectName: string;
  /**
   * The production AppProject's name.
   * @default - none: the platform has no production environment
   */
  public readonly productionProjectName?: string;
  /** The global role of the team's developers, `role:<projectName>`. */
  public readonly developerRole: string;
  /** The platform the project belongs to. */
  public readonly platform: ArgoPlatform;
  /**
   * The team's repository, with defaults applied.
   * @default - none
   */
  public readonly teamRepository?: TeamRepositoryOptions;
  /**
   * The namespace of the Applications from the team's repository.
   * @default - none (no team repository)
   */
  public readonly applicationNamespace?: string;
  /**
   * The namespace of the production Applications from the team's repository.
   * @default - none (no team repository, or no production environment)
   */
  public readonly productionApplicationNamespace?: string;
  private readonly repositoryApps?: TeamRepositoryApps;
  private readonly repos: string[] = [];
  private readonly roles: Array<ProjectRoleOptions & { readonly groups: string[] }> = [];
  private readonly roleGroupSubjects: Array<{ field: string; subject: RbacSubject }> = [];
  private readonly windows: SyncWindowOptions[] = [];
  private readonly windowProblems: string[] = [];

  constructor(scope: Construct, id: string, props: TeamProjectProps) {
    super(scope, id);
    Object.defineProperty(this, TEAM_PROJECT_SYMBOL, { value: true });
    this.platform = ArgoPlatform.platformOf(this);
    this.team = assertDnsLabel(this, 'team', props.team);
    this.projectName = assertDnsLabel(this, 'projectName', props.projectName ?? props.team);
    if (this.projectName === 'default') fail(this, 'projectName', this.projectName, 'the "default" project has no restrictions; give the team a project of its own');
    this.developerRole = `role:${this.projectName}`;
    const hasProduction = this.platform.environments.some(e => e.production);
    if (hasProduction) {
      this.productionProjectName = assertDnsLabel(this, 'productionProjectName', props.productionProjectName ?? `${this.projectName}-prod`);
      if (this.productionProjectName === this.projectName || this.productionProjectName === 'default') {
        fail(this, 'productionProjectName', this.productionProjectName, 'must be a project of its own, neither the team\'s project nor "default"');
      }
    } else if (props.productionProjectName !== undefined) {
      fail(this, 'productionProjectName', props.productionProjectName, 'the platform has no production environment');
    }
    this.checkUnique();
    const description = props.description ?? `Applications of team ${this.team}`;
    const descriptionReason = unsafeTokenReason(description);
    if (descriptionReason) fail(this, 'description', description, descriptionReason);

    for (const repo of props.sourceRepos ?? []) this.addSourceRepo(repo);
    for (const role of props.roles ?? []) this.addRole(role);
    for (const window of props.syncWindows ?? []) this.addSyncWindow(window);
    const clusterResources = (props.clusterResources ?? []).map((k, i) => this.checkKind(`clusterResources[${i}]`, k));
    const blacklist = (props.namespaceResourceBlacklist ?? DEFAULT_NAMESPACE_BLACKLIST).map((k, i) => this.checkKind(`namespaceResourceBlacklist[${i}]`, k));

    const envs = this.platform.environments;
    if (props.applicationNamespace !== undefined && props.teamRepository === undefined) {
      fail(this, 'applicationNamespace', props.applicationNamespace, 'only applies with teamRepository (the namespace of the Applications from the team\'s repository)');
    }
    if (props.productionApplicationNamespace !== undefined && props.teamRepository === undefined) {
      fail(this, 'productionApplicationNamespace', props.productionApplicationNamespace, 'only applies with teamRepository (the namespace of the production Applications from the team\'s repository)');
    }
    if (props.teamRepository !== undefined) {
      this.repositoryApps = new TeamRepositoryApps(this, 'TeamRepository', {
        project: this,
        repository: props.teamRepository,
        applicationNamespace: props.applicationNamespace,
        productionApplicationNamespace: props.productionApplicationNamespace,
      });
      this.teamRepository = this.repositoryApps.repository;
      this.applicationNamespace = this.repositoryApps.applicationNamespace;
      this.productionApplicationNamespace = this.repositoryApps.productionApplicationNamespace;
      this.addSourceRepo(this.teamRepository.repoUrl);
    }
    this.platform.teams.register(this, {
      team: this.team,
      projectName: this.projectName,
      productionProjectName: this.productionProjectName,
      construct: this,
      applicationNamespace: this.applicationNamespace,
      productionApplicationNamespace: this.productionApplicationNamespace,
      channels: props.notify,
    });
    for (const env of envs) {
      this.platform.namespaces.claim(this, {
        cluster: this.platform.clusterKeyOf(env.cluster),
        namespace: env.namespaceFor(this.team),
        team: this.team,
        environment: env.environmentName,
        construct: this,
      });
    }
    // The root Applications of a team repository are in their own contained projects, so the
    // team's projects deploy only to the team's namespaces: outside production, or in it.
    const destinationsOf = (production: boolean) => envs.filter(env => env.production === production || !hasProduction)
      .map(env => ({ ...env.cluster, namespace: env.namespaceFor(this.team) }));
    const developerGroups = (props.developerGroups ?? []).map((group, i) => groupSubject(this, `developerGroups[${i}]`, group));
    for (const [group, name] of Object.entries(props.groupDisplayNames ?? {})) {
      const reason = unsafeTokenReason(name);
      if (reason) fail(this, `groupDisplayNames[${group}]`, name, reason);
    }
    const groupDisplayNames = props.groupDisplayNames ?? {};
    const spec = {
      clusterResourceWhitelist: clusterResources,
      namespaceResourceBlacklist: blacklist,
      orphanedResources: { warn: props.warnOnOrphanedResources ?? true },
    };
    this.renderProject('Resource', hasProduction ? TeamProjectClass.NON_PRODUCTION : TeamProjectClass.ALL, {
      description, destinations: destinationsOf(false), sourceNamespace: this.applicationNamespace, groupDisplayNames, ...spec,
    });
    if (this.productionProjectName) {
      this.renderProject('ProductionProject', TeamProjectClass.PRODUCTION, {
        description: `Production applications of team ${this.team}: only its production namespaces`,
        destinations: destinationsOf(true),
        sourceNamespace: this.productionApplicationNamespace,
        groupDisplayNames,
        ...spec,
      });
    }

    // The global role: the developers' access per project class, on this team's projects only.
    const developerAccess = this.checkAccess('developerAccess', props.developerAccess ?? TeamAccess.developersDefault());
    const grants: PolicyGrant[] = [];
    for (const projectClass of this.projectClasses()) {
      const project = this.projectNameOf(projectClass);
      grants.push(...developerAccess.grantsFor(projectClass).map(g => ({
        resource: 'applications', action: g.action, object: `${project}/${g.objectInProject}`, effect: g.effect,
      })));
    }
    for (const projectClass of this.projectClasses()) grants.push({ resource: 'logs', action: 'get', object: `${this.projectNameOf(projectClass)}/*` });
    const source = this.node.path;
    this.platform.rbac.addRole(this.developerRole, grants, { description: `developers of team ${this.team}`, source });
    for (const group of developerGroups) {
      this.platform.rbac.bind(group, this.developerRole, { displayName: groupDisplayNames[group.value], source });
    }

    if (props.createNamespaces) {
      for (const env of envs) this.createNamespace(env);
    }

    this.node.addValidation({
      validate: () => [
        ...(this.repos.length === 0
          ? [describeInvalid(this, 'sourceRepos', [], 'the project has no source repositories; add them in props or through its applications')] : []),
        ...this.validateApplicationNamespace(),
        ...this.windowProblems,
        // Project-role groups are checked like every binding (app roles need APPLICATION_ROLES ...).
        ...this.roleGroupSubjects.flatMap(({ field, subject }) => {
          const problem = this.platform.rbacSubjects.problemOf(subject, this.platform.facts.rbacScopes);
          return problem ? [describeInvalid(this, field, subject.value, problem)] : [];
        }),
      ],
    });
  }

  /** The namespace the team's Application objects of the platform repository go into: Argo CD's namespace. */
  public get applicationObjectsNamespace(): string {
    return this.platform.argoCdNamespace;
  }

  /** The root Application of the team's repository in an environment, e.g. `payments-apps-prod`. */
  public rootAppNameFor(environment: string): string {
    if (!this.repositoryApps) fail(this, 'environment', environment, 'the project has no team repository, so no root applications');
    return this.repositoryApps.rootAppNameFor(environment);
  }

  /** The namespace Argo CD runs in (where the team's Applications live). */
  public get argoCdNamespace(): string {
    return this.platform.argoCdNamespace;
  }

  /** The team's namespace, project and environment chart in every environment of the platform. */
  public deploymentTargets(): TeamDeploymentTarget[] {
    return this.platform.environments.map(env => ({
      environmentName: env.environmentName,
      production: env.production,
      namespace: env.namespaceFor(this.team),
      cluster: env.cluster,
      chart: env,
      projectName: env.production && this.productionProjectName ? this.productionProjectName : this.projectName,
      applicationNamespace: this.platform.argoCdNamespace,
    }));
  }

  /** The AppProject of the team's Applications in an environment: the production project for a production environment. */
  public projectNameFor(environment: string): string {
    const env = this.platform.environment(environment);
    return env.production && this.productionProjectName ? this.productionProjectName : this.projectName;
  }

  /** The team's namespace in an environment. */
  public namespaceFor(environment: string): string {
    return this.platform.environment(environment).namespaceFor(this.team);
  }

  /** Allows the team to deploy from a repository. */
  public addSourceRepo(repo: string): void {
    const reason = sourceRepositoryReason(repo);
    if (reason) fail(this, 'sourceRepos', repo, reason);
    if (!this.repos.includes(repo)) this.repos.push(repo);
  }

  /** Adds a project role; its policies are validated as Argo CD validates an AppProject. */
  public addRole(role: ProjectRoleOptions): void {
    const field = `roles[${role?.name}]`;
    const nameProblem = ProjectRoles.roleNameProblem(role.name ?? '');
    if (nameProblem) fail(this, `${field}.name`, role.name, nameProblem);
    if (this.roles.some(r => r.name === role.name)) fail(this, `${field}.name`, role.name, 'role names must be unique in a project');
    if (!role.groups || role.groups.length === 0) fail(this, `${field}.groups`, role.groups, 'a role needs at least one Azure AD group');
    const subjects = role.groups.map((g, i) => groupSubject(this, `${field}.groups[${i}]`, g));
    subjects.forEach((subject, i) => this.roleGroupSubjects.push({ field: `${field}.groups[${i}]`, subject }));
    if (role.grants !== undefined && role.access !== undefined) {
      fail(this, `${field}.access`, role.access.nonProduction, 'give either grants (line by line) or access (per environment class), not both');
    }
    if (role.grants === undefined) {
      const access = this.checkAccess(`${field}.access`, role.access ?? TeamAccess.teamLeadsDefault());
      for (const projectClass of this.projectClasses()) {
        const project = this.projectNameOf(projectClass);
        for (const grant of access.grantsFor(projectClass)) {
          const reason = unsafeTokenReason(grant.action)
            ?? ProjectRoles.policyProblem(project, role.name, this.policyLine(project, role.name, grant));
          if (reason) fail(this, `${field}.access`, { nonProduction: access.nonProduction, production: access.production }, reason);
        }
      }
    }
    (role.grants ?? []).forEach((grant, i) => {
      if (grant.production !== undefined && typeof grant.production !== 'boolean') fail(this, `${field}.grants[${i}].production`, grant.production, 'must be true or false');
      if (grant.production && !this.productionProjectName) fail(this, `${field}.grants[${i}].production`, grant.production, 'the platform has no production environment, so the team has no production project');
      const project = grant.production ? this.productionProjectName! : this.projectName;
      const policy = this.policyLine(project, role.name, grant);
      const reason = unsafeTokenReason(grant.action) ?? unsafeTokenReason(grant.objectInProject ?? '*')
        ?? ProjectRoles.policyProblem(project, role.name, policy);
      if (reason) fail(this, `${field}.grants[${i}]`, grant, reason);
    });
    if (role.description !== undefined && unsafeTokenReason(role.description)) {
      fail(this, `${field}.description`, role.description, unsafeTokenReason(role.description)!);
    }
    this.roles.push({ ...role, groups: subjects.map(g => g.value) });
  }

  /**
   * Adds a sync window. Its problems are reported at the synth, each with the window's index
   * (`syncWindows[1].timeZone`), for every team at once.
   */
  public addSyncWindow(window: SyncWindowOptions): void {
    const field = `syncWindows[${this.windows.length}]`;
    const problems: string[] = [];
    const cronReason = cronScheduleReason(window.schedule);
    if (cronReason) problems.push(describeInvalid(this, `${field}.schedule`, window.schedule, cronReason));
    let minutes = 0;
    try {
      minutes = window.duration.toMinutes();
    } catch {
      minutes = 0;
    }
    if (!Number.isInteger(minutes) || minutes < 1) {
      const ms = window.duration instanceof Duration ? window.duration.toMilliseconds({ integral: false }) : NaN;
      // NaN shows as NaN (cdk8s' toHumanString gives an empty string).
      const shown = Number.isFinite(ms) ? window.duration.toHumanString() : window.duration instanceof Duration ? ms : window.duration;
      problems.push(describeInvalid(this, `${field}.duration`, shown, 'must be a whole number of minutes, at least one'));
    }
    const known = this.platform.environments.map(e => e.environmentName);
    (window.environments ?? []).forEach((env, i) => {
      if (!known.includes(env)) {
        problems.push(describeInvalid(this, `${field}.environments[${i}]`, env, `no such environment; the platform has ${known.join(', ')}`, didYouMean(env, known).trim() || undefined));
      }
    });
    if (window.timeZone !== undefined && !isTimeZone(window.timeZone)) {
      problems.push(describeInvalid(this, `${field}.timeZone`, window.timeZone, timeZoneReason(window.timeZone)!));
    }
    (window.applications ?? []).forEach((app, i) => {
      if (unsafeTokenReason(app)) problems.push(describeInvalid(this, `${field}.applications[${i}]`, app, unsafeTokenReason(app)!));
    });
    this.windowProblems.push(...problems);
    this.windows.push(window);
  }

  /** The classes of the team's projects: one project without production environments, else two. */
  private projectClasses(): TeamProjectClass[] {
    return this.productionProjectName ? [TeamProjectClass.NON_PRODUCTION, TeamProjectClass.PRODUCTION] : [TeamProjectClass.ALL];
  }

  private projectNameOf(projectClass: TeamProjectClass): string {
    return projectClass === TeamProjectClass.PRODUCTION ? this.productionProjectName! : this.projectName;
  }

  private renderProject(id: string, projectClass: TeamProjectClass, options: {
    description: string;
    destinations: Array<{ server?: string; name?: string; namespace: string }>;
    sourceNamespace?: string;
    groupDisplayNames: { [objectId: string]: string };
    clusterResourceWhitelist: ResourceKind[];
    namespaceResourceBlacklist: ResourceKind[];
    orphanedResources: { warn: boolean };
  }): void {
    const name = this.projectNameOf(projectClass);
    const productionEnvironments = this.platform.environments.filter(e => e.production).map(e => e.environmentName);
    new AppProject(this, id, {
      metadata: {
        name,
        namespace: this.platform.argoCdNamespace,
        labels: { [PlatformLabels.TEAM]: this.team },
        annotations: {
          [SYNC_WAVE_ANNOTATION]: '-1',
          // What the platform declares production: the audit classifies every project by its destinations against these.
          ...(projectClass === TeamProjectClass.PRODUCTION ? { [PlatformLabels.PRODUCTION_ENVIRONMENTS]: productionEnvironments.join(',') } : {}),
          // Azure sends object IDs only; the access audit shows project-role groups by these names.
          [GROUP_DISPLAY_NAMES_ANNOTATION]: Lazy.any({
            produce: () => {
              const groups = this.renderRoles(projectClass).flatMap(r => r.groups);
              const names = sortedRecord(Object.fromEntries(groups
                .filter(g => options.groupDisplayNames[g] !== undefined).map(g => [g, options.groupDisplayNames[g]])));
              return Object.keys(names).length ? JSON.stringify(names) : undefined;
            },
          }),
          [PROJECT_SUBSCRIPTIONS_ANNOTATION]: Lazy.any({ produce: () => this.platform.teams.projectSubscriptions(this.team) }),
        },
      },
      spec: {
        description: options.description,
        sourceRepos: Lazy.any({ produce: () => [...this.repos].sort() }),
        destinations: options.destinations,
        sourceNamespaces: options.sourceNamespace ? [options.sourceNamespace] : undefined,
        clusterResourceWhitelist: options.clusterResourceWhitelist,
        namespaceResourceBlacklist: options.namespaceResourceBlacklist,
        orphanedResources: options.orphanedResources,
        roles: Lazy.any({ produce: () => orUndefined(this.renderRoles(projectClass)) }),
        syncWindows: Lazy.any({ produce: () => orUndefined(this.renderSyncWindows(projectClass)) }),
      },
    });
  }

  private renderRoles(projectClass: TeamProjectClass) {
    const project = this.projectNameOf(projectClass);
    const rendered = [...this.roles].sort((a, b) => compareStrings(a.name, b.name)).map(role => {
      const grants = role.grants !== undefined
        ? role.grants.filter(g => projectClass === TeamProjectClass.ALL || (g.production ?? false) === (projectClass === TeamProjectClass.PRODUCTION))
        : (role.access ?? TeamAccess.teamLeadsDefault()).grantsFor(projectClass);
      const policies = grants.map(g => this.policyLine(project, role.name, g));
      return {
        name: role.name,
        description: role.description,
        policies: [...new Set(policies)].sort(),
        groups: [...new Set(role.groups)].sort(),
      };
    });
    // A role without a permission in this project is left out of it.
    return rendered.filter(r => r.policies.length > 0);
  }

  private renderSyncWindows(projectClass: TeamProjectClass) {
    const inClass = (env: string) => projectClass === TeamProjectClass.ALL
      || this.platform.environment(env).production === (projectClass === TeamProjectClass.PRODUCTION);
    return this.windows.filter(w => w.environments === undefined || w.environments.some(inClass)).map(w => {
      // Argo CD applies a window when the application name OR the namespace OR the cluster matches,
      // unless andOperator is set; so a window limited to environments must not list applications: ['*'].
      const namespaces = w.environments?.filter(inClass).map(e => this.platform.environment(e).namespaceFor(this.team));
      const applications = w.applications ?? (namespaces ? undefined : ['*']);
      return {
        kind: w.kind,
        schedule: normalizeCronSchedule(w.schedule),
        duration: goDuration(w.duration),
        namespaces,
        applications,
        andOperator: namespaces && w.applications ? true : undefined,
        manualSync: w.manualSync ?? false,
        timeZone: w.timeZone ?? 'UTC',
        description: w.description,
      };
    });
  }

  /** Checks that an access is a TeamAccess. */
  private checkAccess(field: string, access: TeamAccess): TeamAccess {
    if (!TeamAccess.isTeamAccess(access)) fail(this, field, access, 'must be a TeamAccess, e.g. TeamAccess.developersDefault()');
    return access;
  }

  private policyLine(project: string, role: string, grant: ProjectRoleGrant): string {
    return [
      'p', ProjectRoles.subjectOf(project, role), grant.resource ?? 'applications', grant.action,
      `${project}/${grant.objectInProject ?? '*'}`, grant.effect ?? PolicyEffect.ALLOW,
    ].join(', ');
  }

  /**
   * Cross-team checks, once every project exists: the application namespace belongs to this team
   * alone. Read from the platform's registries (teams, namespaces, applications), never by scanning
   * the construct tree, so a fleet's synth stays linear.
   */
  private validateApplicationNamespace(): string[] {
    const namespace = this.applicationNamespace;
    if (!namespace) return [];
    const problems: string[] = [];
    const checks: Array<[string, string, string]> = [['applicationNamespace', namespace, this.repositoryApps!.rootProjectName]];
    if (this.productionApplicationNamespace) {
      checks.push(['productionApplicationNamespace', this.productionApplicationNamespace, this.repositoryApps!.productionRootProjectName!]);
    }
    for (const [field, ns, rootProject] of checks) {
      if ([this.platform.platformProject.projectName, this.projectName, this.productionProjectName].includes(rootProject)) {
        problems.push(describeInvalid(this, field, ns, `names the root applications' project, which would be ${rootProject === this.platform.platformProject.projectName ? 'the platform\'s own AppProject' : 'one of the team\'s own projects'}`));
      }
      const sameName = this.platform.teams.byProject(rootProject);
      if (sameName && sameName.construct !== this) {
        problems.push(describeInvalid(this, field, ns, `names the root applications' project, which is also the project of [${sameName.construct.node.path}]`));
      }
      for (const other of this.platform.teams.byApplicationNamespace(ns).filter(t => t.construct !== this)) {
        problems.push(describeInvalid(this, field, ns, `is also the application namespace of [${other.construct.node.path}]; each team needs its own, or one team's repository could use the other's project`));
      }
      // Another team's deployment namespace is refused on any cluster (an environment may move to another cluster).
      for (const claim of this.platform.namespaces.claimsNamed(ns)) {
        if (claim.construct === this || claim.environment === undefined) continue;
        problems.push(describeInvalid(this, field, ns, `is the deployment namespace of [${claim.construct.node.path}] in ${claim.environment}`));
      }
    }
    for (const [envName, name] of Object.entries(this.repositoryApps?.rootAppNames ?? {})) {
      const clash = this.platform.applications.named(this.platform.argoCdNamespace, name).find(a => a.construct !== this.repositoryApps);
      if (clash) {
        problems.push(describeInvalid(this, 'teamRepository', name, `the root Application of ${envName} has the same name as [${clash.construct.node.path}] in Argo CD's namespace; rename that application`));
      }
    }
    return problems;
  }

  private createNamespace(env: ArgoEnvironment) {
    const name = env.namespaceFor(this.team);
    // On the environment's own cluster (not necessarily the one Argo CD runs in).
    new KubeNamespace(env.clusterResourcesChart(), `Namespace-${this.projectName}`, {
      metadata: {
        name,
        labels: {
          [PlatformLabels.TEAM]: this.team,
          [PlatformLabels.ENVIRONMENT]: env.environmentName,
          [PlatformLabels.PRODUCTION]: String(env.production),
        },
      },
    });
  }

  /** Two teams, or a team and the platform, must never share a project or a namespace. */
  private checkUnique() {
    if (this.projectName === this.platform.platformProject.projectName) {
      fail(this, 'projectName', this.projectName, 'is the platform\'s own AppProject');
    }
    const sameProject = this.platform.teams.byProject(this.projectName);
    if (sameProject) fail(this, 'projectName', this.projectName, `is also the project of [${sameProject.construct.node.path}]`);
    if (this.productionProjectName !== undefined) {
      if (this.productionProjectName === this.platform.platformProject.projectName) {
        fail(this, 'productionProjectName', this.productionProjectName, 'is the platform\'s own AppProject');
      }
      const sameProduction = this.platform.teams.byProject(this.productionProjectName);
      if (sameProduction) fail(this, 'productionProjectName', this.productionProjectName, `is also a project of [${sameProduction.construct.node.path}]`);
    }
    const sameTeam = this.platform.teams.tryGet(this.team);
    if (sameTeam) fail(this, 'team', this.team, `is also the team of [${sameTeam.construct.node.path}]`);
    for (const env of this.platform.environments) {
      const namespace = env.namespaceFor(this.team);
      if (SYSTEM_NAMESPACES.includes(namespace) || namespace === this.platform.argoCdNamespace) {
        fail(this, 'team', this.team, `gives the namespace ${namespace} in ${env.environmentName}, which belongs to ${namespace === this.platform.argoCdNamespace ? 'Argo CD' : 'Kubernetes'}`);
      }
    }
  }

  private checkKind(field: string, kind: ResourceKind): ResourceKind {
    if (typeof kind?.group !== 'string' || !/^[a-z0-9.\-]*$/.test(kind.group)) fail(this, `${field}.group`, kind?.group, 'must be an API group such as "" or "networking.k8s.io"');
    if (typeof kind.kind !== 'string' || !/^([A-Z][A-Za-z0-9]*|\*)$/.test(kind.kind)) fail(this, `${field}.kind`, kind.kind, 'must be a Kubernetes kind such as ResourceQuota');
    return { group: kind.group, kind: kind.kind };
  }
}

function orUndefined<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}
