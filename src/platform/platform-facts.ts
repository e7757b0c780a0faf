import { IConstruct } from 'constructs';
import { HomeCluster } from './home-cluster';

/** The single sign-on of a platform, as a typed fact (set by the SSO capability). */
export interface SsoFact {
  /** The identity provider, e.g. `azure-ad`. */
  readonly provider: string;
  /** Whether Argo CD logs in through Dex (false: Argo CD talks OIDC to the provider directly). */
  readonly dex: boolean;
}

/** One value of a fact and the construct that set it. */
interface FactValue<T> {
  readonly value: T;
  readonly contributor: IConstruct;
  readonly field: string;
}

/**
 * One typed fact. Set by at most one value: a second contributor setting another value is reported
 * at synth naming both constructs and both props.
 */
class Fact<T> {
  private set_?: FactValue<T>;

  constructor(
    private readonly name: string,
    private readonly problems: string[],
    private readonly beforeRead: () => void,
    private readonly beforeWrite: (contributor: IConstruct) => void,
    private readonly equals: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b)) {}

  public set(contributor: IConstruct, field: string, value: T): void {
    this.beforeWrite(contributor);
    const existing = this.set_;
    if (existing && !this.equals(existing.value, value)) {
      this.problems.push(`[${contributor.node.path}] ${field}: ${JSON.stringify(value)} differs from ${JSON.stringify(existing.value)} (${existing.field} of [${existing.contributor.node.path}]); both are the platform's ${this.name}, set one value (or set it once)`);
      return;
    }
    if (!existing) this.set_ = { value, contributor, field };
  }

  public get(): T | undefined {
    this.beforeRead();
    return this.set_?.value;
  }
}

/**
 * What capabilities need to know about each other, typed and in one place: the platform's RBAC
 * scopes, its SSO provider and whether Dex runs, Redis HA, the alert label carrying an
 * application's team, whether Argo CD manages its own release, and the home cluster. Constructors only *set* facts;
 * facts are *read* once the platform is complete (`ArgoPlatform.onResolve`, or at render), so the
 * order capabilities are declared in never changes what is read. Nothing re-parses a rendered
 * setting or chart value to learn one of these.
 */
export class PlatformFacts {
  /** The default alert label carrying an application's team. */
  public static readonly DEFAULT_ALERT_TEAM_LABEL = 'team';

  /**
   * @internal The platform's facts (the platform creates them).
   * @param beforeRead called before every read (the platform completes its resolution there)
   * @param beforeWrite called before every write (the platform refuses a write after its resolution)
   * @param dexConfigured whether argocd-cm has a `dex.config` (Dex runs only then)
   */
  public static _create(beforeRead: () => void, beforeWrite: (contributor: IConstruct) => void, dexConfigured: () => boolean): PlatformFacts {
    return new PlatformFacts(beforeRead, beforeWrite, dexConfigured);
  }

  private readonly problems: string[] = [];
  private readonly scopes: Fact<string[]>;
  private readonly ssoFact: Fact<SsoFact>;
  private readonly redisHaFact: Fact<boolean>;
  private readonly teamLabelFact: Fact<string>;
  private readonly selfManagedFact: Fact<string>;
  private readonly homeClusterFact: Fact<HomeCluster>;

  private constructor(private readonly beforeRead: () => void, beforeWrite: (contributor: IConstruct) => void,
    private readonly dexConfigured: () => boolean) {
    this.scopes = new Fact('RBAC scopes (argocd-rbac-cm scopes)', this.problems, beforeRead, beforeWrite);
    this.ssoFact = new Fact('single sign-on', this.problems, beforeRead, beforeWrite);
    this.redisHaFact = new Fact('Redis HA (redis-ha.enabled)', this.problems, beforeRead, beforeWrite);
    this.teamLabelFact = new Fact('alert team label (the label Alertmanager routes teams on)', this.problems, beforeRead, beforeWrite);
    this.selfManagedFact = new Fact('self-managed Argo CD release', this.problems, beforeRead, beforeWrite);
    // Set once by the platform from its own props, before any capability exists: reading it never
    // depends on declaration order, so it is readable during construction too (no resolution).
    this.homeClusterFact = new Fact('home cluster (ArgoPlatformProps homeCluster)', this.problems, () => undefined, beforeWrite);
  }

  /**
   * Sets the claims Argo CD reads groups from (`scopes` of argocd-rbac-cm).
   * @param contributor the platform
   */
  public setRbacScopes(contributor: IConstruct, scopes: string[]): void {
    this.scopes.set(contributor, 'rbac.scopes', [...scopes]);
  }

  /** The claims Argo CD reads groups from, e.g. `['groups']`. */
  public get rbacScopes(): string[] {
    return [...(this.scopes.get() ?? ['groups'])];
  }

  /**
   * Sets the platform's single sign-on.
   * @param contributor the SSO construct
   */
  public setSso(contributor: IConstruct, sso: SsoFact): void {
    this.ssoFact.set(contributor, 'sso', sso);
  }

  /** The platform's single sign-on, if any. */
  public get sso(): SsoFact | undefined {
    return this.ssoFact.get();
  }

  /** Whether Dex runs: only with a `dex.config` (direct OIDC, as ArgoSSO configures it, needs none). */
  public get dexEnabled(): boolean {
    this.beforeRead();
    return this.dexConfigured();
  }

  /**
   * Sets whether Redis runs in HA mode.
   * @param contributor the construct deciding it (the scale profile)
   */
  public setRedisHa(contributor: IConstruct, field: string, redisHa: boolean): void {
    this.redisHaFact.set(contributor, field, redisHa);
  }

  /** Whether Redis runs in HA mode (redis-ha). */
  public get redisHa(): boolean {
    return this.redisHaFact.get() ?? false;
  }

  /**
   * Sets the alert label carrying an application's team. The alerts write it and the team alert
   * routes match it: both set it, and two different values are refused naming both.
   * @param contributor the construct whose prop sets it
   * @param field the prop, e.g. `teamLabel`
   */
  public setAlertTeamLabel(contributor: IConstruct, field: string, label: string): void {
    this.teamLabelFact.set(contributor, field, label);
  }

  /** The alert label carrying an application's team. */
  public get alertTeamLabel(): string {
    return this.teamLabelFact.get() ?? PlatformFacts.DEFAULT_ALERT_TEAM_LABEL;
  }

  /**
   * Records that Argo CD manages its own Helm release.
   * @param contributor the self-managed release construct
   * @param releaseName the Helm release name
   */
  public setSelfManaged(contributor: IConstruct, releaseName: string): void {
    this.selfManagedFact.set(contributor, 'releaseName', releaseName);
  }

  /** Whether Argo CD manages its own Helm release (the install is the argo-cd chart). */
  public get selfManaged(): boolean {
    return this.selfManagedFact.get() !== undefined;
  }

  /**
   * Sets the cluster Argo CD runs on (the platform does, from its `homeCluster` prop).
   * @param contributor the platform
   */
  public setHomeCluster(contributor: IConstruct, homeCluster: HomeCluster): void {
    this.homeClusterFact.set(contributor, 'homeCluster', homeCluster);
  }

  /**
   * The cluster Argo CD runs on: its name, kube context, resource group, API server and OIDC
   * issuer as the platform's `homeCluster` prop gives them. The bootstrap document, the restore
   * runbook and the alert runbooks all read it here, so they name the same cluster and kube context.
   */
  public get homeCluster(): HomeCluster {
    return this.homeClusterFact.get() ?? { name: 'the cluster Argo CD runs on', declared: false };
  }

  /** Facts set twice with different values, one message each naming both contributors. */
  public get conflicts(): string[] {
    return [...this.problems];
  }
}
