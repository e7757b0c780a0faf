import { IConstruct } from 'constructs';
import { TeamChannel } from './team-channel';
import { PlatformCapability } from '../util/platform-capability';

/** A team registered with its platform (by `TeamProject` or `ExternalTeamProject`). */
export interface TeamRegistration {
  /** The team's name, e.g. `payments`. */
  readonly team: string;
  /** The team's AppProject name. */
  readonly projectName: string;
  /**
   * The team's production AppProject name.
   * @default - none (the platform has no production environment)
   */
  readonly productionProjectName?: string;
  /** The construct that declared the team. */
  readonly construct: IConstruct;
  /**
   * The namespace of the Applications from the team's own repository, on the Argo CD cluster.
   * @default - none (the team has no team repository)
   */
  readonly applicationNamespace?: string;
  /**
   * The namespace of the production Applications from the team's own repository.
   * @default - none
   */
  readonly productionApplicationNamespace?: string;
  /**
   * Where the team is told about its applications and alerts.
   * @default - none
   */
  readonly channels?: TeamChannel[];
}

/** Renders the notification subscriptions of a team's AppProject (provided by the notifications capability). */
export interface ITeamChannelRenderer {
  /**
   * The value of the `notifications.argoproj.io/subscriptions` annotation of the team's AppProject.
   * @returns undefined when the team has no channel
   */
  projectSubscriptions(team: TeamRegistration): string | undefined;
}

/** The AppProject annotation carrying a team's notification subscriptions (a YAML list, notifications-engine's format). */
export const PROJECT_SUBSCRIPTIONS_ANNOTATION = 'notifications.argoproj.io/subscriptions';

/** An Application registered with its platform (by `TeamApplication` and the platform's root apps). */
export interface ApplicationRegistration {
  /** The Application's name. */
  readonly name: string;
  /** The namespace the Application object lives in (Argo CD's namespace, or a team's application namespace). */
  readonly namespace: string;
  /** The environment it deploys to; undefined for platform-level Applications. */
  readonly environment?: string;
  /** The AppProject it belongs to. */
  readonly projectName: string;
  /** The team that owns it, if any. */
  readonly team?: string;
  /** The construct that declared it. */
  readonly construct: IConstruct;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The teams of one platform, registered when they are created. Uniqueness checks, cross-team checks
 * and per-team routing (alerts, notifications) read the registry instead of scanning the construct
 * tree, so building a fleet stays linear and independent of declaration order.
 */
export class TeamRegistry {
  private readonly teams = new Map<string, TeamRegistration>();
  private readonly projects = new Map<string, TeamRegistration>();
  private readonly applicationNamespaces = new Map<string, TeamRegistration[]>();
  private readonly problems: string[] = [];
  private lookupCount = 0;
  private channelRenderer?: { contributor: IConstruct; renderer: ITeamChannelRenderer };

  /**
   * Registers a team. A second team with the same name or project name is reported at synth naming both constructs.
   * @param contributor the construct that declares the team
   */
  public register(contributor: IConstruct, registration: TeamRegistration): void {
    const byTeam = this.teams.get(registration.team);
    if (byTeam) {
      this.problems.push(`[${contributor.node.path}] team: "${registration.team}" is already declared by [${byTeam.construct.node.path}]; team names must be unique`);
      return;
    }
    const projectNames = [registration.projectName, ...(registration.productionProjectName ? [registration.productionProjectName] : [])];
    for (const [i, name] of projectNames.entries()) {
      const byProject = this.projects.get(name);
      if (byProject) {
        this.problems.push(`[${contributor.node.path}] ${i === 0 ? 'projectName' : 'productionProjectName'}: "${name}" is already a project of team "${byProject.team}" [${byProject.construct.node.path}]; project names must be unique`);
        return;
      }
    }
    this.teams.set(registration.team, registration);
    for (const name of projectNames) this.projects.set(name, registration);
    for (const namespace of [registration.applicationNamespace, registration.productionApplicationNamespace]) {
      if (namespace === undefined) continue;
      const list = this.applicationNamespaces.get(namespace) ?? [];
      list.push(registration);
      this.applicationNamespaces.set(namespace, list);
    }
  }

  /** The teams whose team-repository Applications live in this namespace (normally at most one). */
  public byApplicationNamespace(namespace: string): TeamRegistration[] {
    this.lookupCount++;
    return [...(this.applicationNamespaces.get(namespace) ?? [])];
  }

  /** The team with this name, if registered. */
  public tryGet(team: string): TeamRegistration | undefined {
    this.lookupCount++;
    return this.teams.get(team);
  }

  /** The team owning this AppProject, if any. */
  public byProject(projectName: string): TeamRegistration | undefined {
    this.lookupCount++;
    return this.projects.get(projectName);
  }

  /** Every registered team, sorted by name. */
  public get all(): TeamRegistration[] {
    return [...this.teams.values()].sort((a, b) => byCodeUnits(a.team, b.team));
  }

  /**
   * Sets who renders the teams' channel subscriptions (the notifications capability); one per platform.
   * @param contributor the notifications construct
   */
  public setChannelRenderer(contributor: IConstruct, renderer: ITeamChannelRenderer): void {
    if (this.channelRenderer && this.channelRenderer.contributor !== contributor) {
      this.problems.push(`[${contributor.node.path}] channels: team channels are already rendered by [${this.channelRenderer.contributor.node.path}]; one per platform`);
      return;
    }
    this.channelRenderer = { contributor, renderer };
  }

  /** The `notifications.argoproj.io/subscriptions` annotation value of a team's AppProject, if the team has channels. */
  public projectSubscriptions(team: string): string | undefined {
    const registration = this.teams.get(team);
    if (!registration || !this.channelRenderer || !(registration.channels ?? []).length) return undefined;
    return this.channelRenderer.renderer.projectSubscriptions(registration);
  }

  /** Registration problems (duplicates; channels nobody delivers to), one message each. */
  public get conflicts(): string[] {
    const silent = this.channelRenderer ? [] : this.all.filter(t => (t.channels ?? []).length > 0).map(t =>
      `[${t.construct.node.path}] notify: the platform has no notifications (ArgoNotifications), so this team would never be told; add ArgoNotifications or remove the channels (got ${JSON.stringify(t.channels!.map(c => `${c.kind}:${c.recipient}`))})`);
    return [...this.problems, ...silent];
  }

  /** How many lookups were made (tests use it to show that work grows linearly with the fleet). */
  public get lookups(): number {
    return this.lookupCount;
  }
}

/** The Applications of one platform, registered when they are created. */
export class ApplicationRegistry {
  private readonly apps = new Map<string, ApplicationRegistration[]>();
  private readonly problems: string[] = [];
  private lookupCount = 0;

  /**
   * Registers an Application. Two Applications with one name in one namespace are reported at synth naming both.
   * @param contributor the construct that declares the Application
   */
  public register(contributor: IConstruct, registration: ApplicationRegistration): void {
    const key = `${registration.namespace}/${registration.name}`;
    const existing = this.apps.get(key);
    if (existing) {
      this.problems.push(`[${contributor.node.path}] name: Application "${registration.name}" in namespace "${registration.namespace}" is already declared by [${existing[0].construct.node.path}]`);
      existing.push(registration);
      return;
    }
    this.apps.set(key, [registration]);
  }

  /** The Application with this name in this namespace, if registered (the first one, when two were declared). */
  public tryGet(namespace: string, name: string): ApplicationRegistration | undefined {
    this.lookupCount++;
    return this.apps.get(`${namespace}/${name}`)?.[0];
  }

  /** Every Application declared with this name in this namespace (more than one is a conflict). */
  public named(namespace: string, name: string): ApplicationRegistration[] {
    this.lookupCount++;
    return [...(this.apps.get(`${namespace}/${name}`) ?? [])];
  }

  /** Every registered Application, sorted by namespace then name. */
  public get all(): ApplicationRegistration[] {
    return [...this.apps.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([, r]) => r[0]);
  }

  /** The Applications of one AppProject, sorted. */
  public ofProject(projectName: string): ApplicationRegistration[] {
    return this.all.filter(a => a.projectName === projectName);
  }

  /** Registration problems (duplicates), one message each. */
  public get conflicts(): string[] {
    return [...this.problems];
  }

  /** How many lookups were made (tests use it to show that work grows linearly with the fleet). */
  public get lookups(): number {
    return this.lookupCount;
  }
}

/** A claim on a namespace of a cluster: a team deploys there, or its Applications live there. */
export interface NamespaceClaim {
  /** The cluster, as its API server URL (or `name:<cluster name>` when only the name is known). */
  readonly cluster: string;
  /** The namespace. */
  readonly namespace: string;
  /** The team claiming it. */
  readonly team: string;
  /** The environment it deploys to there; undefined for a team's application namespace. */
  readonly environment?: string;
  /** The construct that claimed it. */
  readonly construct: IConstruct;
}

/**
 * The namespaces of every cluster the platform deploys to, claimed by the teams that use them.
 * A namespace of one cluster belongs to one team in one environment: two environments resolving to
 * the same cluster and namespace (for example the pattern `{team}` for dev and qa on one cluster)
 * are refused, since both would write the same Namespace and the environments would overwrite
 * each other's workloads.
 */
export class NamespaceRegistry {
  private readonly claims = new Map<string, NamespaceClaim[]>();
  private readonly byName = new Map<string, NamespaceClaim[]>();
  private readonly aliases = new Map<string, string>();
  private lookupCount = 0;

  /**
   * Claims a namespace of a cluster. Conflicting claims are reported at synth (see `conflicts`).
   * @param contributor the construct that claims the namespace
   */
  public claim(contributor: IConstruct, claim: NamespaceClaim): void {
    void contributor;
    const key = `${claim.cluster} ${claim.namespace}`;
    const list = this.claims.get(key) ?? [];
    list.push(claim);
    this.claims.set(key, list);
    const named = this.byName.get(claim.namespace) ?? [];
    named.push(claim);
    this.byName.set(claim.namespace, named);
  }

  /**
   * Records that a cluster identity (such as `name:aks-prod`) is the cluster with this API server,
   * so claims made either way are compared as one cluster.
   * @param identity the identity claims may use, e.g. `name:aks-prod`
   * @param server the cluster's API server URL
   */
  public aliasCluster(identity: string, server: string): void {
    this.aliases.set(identity, server);
  }

  /** The claims on a namespace of this name on any cluster, in the order they were made. */
  public claimsNamed(namespace: string): NamespaceClaim[] {
    this.lookupCount++;
    return [...(this.byName.get(namespace) ?? [])];
  }

  /** The claims on a namespace of a cluster, in the order they were made. */
  public claimsOf(cluster: string, namespace: string): NamespaceClaim[] {
    this.lookupCount++;
    return [...(this.claims.get(`${cluster} ${namespace}`) ?? [])];
  }

  /**
   * Deployment namespaces claimed twice: by two environments of one team, or by two teams. (A
   * team's application namespace is checked by the team itself, with its own message.)
   */
  public get conflicts(): string[] {
    // Cluster identities are resolved now (a cluster given by name, `name:<name>`, resolves to its
    // API server once declared), so the result does not depend on declaration order.
    const resolve = (cluster: string) => this.aliases.get(cluster) ?? cluster;
    const groups = new Map<string, NamespaceClaim[]>();
    for (const list of this.claims.values()) {
      for (const claim of list) {
        const resolved = { ...claim, cluster: resolve(claim.cluster) };
        const key = `${resolved.cluster} ${claim.namespace}`;
        groups.set(key, [...(groups.get(key) ?? []), resolved]);
      }
    }
    const problems: string[] = [];
    for (const list of groups.values()) {
      const deployments = list.filter(c => c.environment !== undefined);
      const [first, ...rest] = deployments;
      for (const other of rest) {
        if (other.team === first.team && other.environment === first.environment) continue;
        const what = other.team === first.team
          ? `environments ${first.environment} and ${other.environment} both resolve to namespace "${other.namespace}" on cluster ${other.cluster} for team ${other.team}`
          : `namespace "${other.namespace}" on cluster ${other.cluster} is the ${other.environment} namespace of team ${other.team} and the ${first.environment} namespace of team ${first.team} [${first.construct.node.path}]`;
        problems.push(`[${other.construct.node.path}] namespace: ${what}; give each environment on a shared cluster its own namespace (a namespacePattern with {env}) or its own cluster`);
      }
    }
    return problems;
  }

  /** How many lookups were made. */
  public get lookups(): number {
    return this.lookupCount;
  }
}

// The capability vocabulary is below every layer (the guardrail engine reads it too).
export { PlatformCapability } from '../util/platform-capability';


/**
 * Which capabilities a platform has, and the construct providing each. A capability is provided
 * once per platform: a second provider is reported naming both (for example two ArgoSSO).
 */
export class CapabilityRegistry {
  private readonly providers = new Map<PlatformCapability, IConstruct>();
  private readonly problems: string[] = [];

  /**
   * Records that a construct provides a capability.
   * @param contributor the providing construct
   */
  public provide(contributor: IConstruct, capability: PlatformCapability): void {
    const existing = this.providers.get(capability);
    if (existing && existing !== contributor) {
      this.problems.push(`[${contributor.node.path}] ${capability}: this platform already has it from [${existing.node.path}]; one per platform`);
      return;
    }
    this.providers.set(capability, contributor);
  }

  /** Whether the platform has the capability. */
  public has(capability: PlatformCapability): boolean {
    return this.providers.has(capability);
  }

  /** The construct providing a capability, if any. */
  public providerOf(capability: PlatformCapability): IConstruct | undefined {
    return this.providers.get(capability);
  }

  /** Problems (two providers), one message each. */
  public get conflicts(): string[] {
    return [...this.problems];
  }
}
