/**
 * The labels and annotations this library puts on what it renders, and the ones of Argo CD,
 * Kubernetes and Azure it sets. One place, so selectors, audits and tests never spell a key
 * differently from the construct that writes it.
 */
export class PlatformLabels {
  /** The team that owns an object (AppProject, Application, Namespace, Role ...). */
  public static readonly TEAM = 'argocd-platform/team';
  /** The application (without environment suffix) of a team Application. */
  public static readonly APP = 'argocd-platform/app';
  /** The environment an object belongs to. */
  public static readonly ENVIRONMENT = 'argocd-platform/environment';
  /**
   * Whether the environment an object belongs to is production: `"true"` or `"false"`, as the platform
   * declares it (`production` of the environment), never guessed from the name. On every object that
   * carries the environment label and that the platform renders (Applications, root Applications, the
   * environment's namespaces, image updates), so `argocd-platform lint` judges the output as the synth did.
   */
  public static readonly PRODUCTION = 'argocd-platform/production';
  /** Marks the root Applications (App of Apps) the platform renders. */
  public static readonly ROOT_APP = 'argocd-platform/root-app';
  /** Marks a team's application namespace (Applications in any namespace). */
  public static readonly APPLICATION_NAMESPACE = 'argocd-platform/application-namespace';
  /** The cluster a cluster Secret describes (its name), for ApplicationSet cluster generators. */
  public static readonly CLUSTER = 'argocd-platform/cluster';
  /** Marks the AppProject of a team repository's root Applications. */
  public static readonly ROOT_PROJECT = 'argocd-platform/root-project';
  /** Annotation: guardrail findings accepted on this object, one `ARGO-<ID>: <reason>` per line. */
  public static readonly ACKNOWLEDGE = 'argocd-platform/acknowledge';
  /** Annotation: display names of a project's Entra groups, by object ID (JSON). */
  public static readonly GROUP_DISPLAY_NAMES = 'argocd-platform/group-display-names';
  /**
   * Annotation: the production environments an AppProject's destinations serve, comma-separated
   * (`prod` or `prod-eu,prod-us`). A team's production AppProject carries it; the access audit and
   * the guardrails read production from it, never from a name.
   */
  public static readonly PRODUCTION_ENVIRONMENTS = 'argocd-platform/production-environments';
  /** Pod annotation prefix: the hash of a settings object read only at pod start (`<prefix><name>`). */
  public static readonly SETTINGS_HASH_PREFIX = 'argocd-platform.cdk8s.io/checksum-';

  /** Argo CD: which kind of Secret this is (`repository`, `repo-creds`, `cluster`). */
  public static readonly ARGOCD_SECRET_TYPE = 'argocd.argoproj.io/secret-type';
  /** Kubernetes: the application an object is part of (`argocd` for Argo CD's settings). */
  public static readonly PART_OF = 'app.kubernetes.io/part-of';
  /** Kubernetes: the name of the application an object belongs to. */
  public static readonly NAME = 'app.kubernetes.io/name';
  /** Kubernetes: the component within the application (e.g. `repo-server`). */
  public static readonly COMPONENT = 'app.kubernetes.io/component';
  /** Kubernetes: the instance of the application (the Helm release). */
  public static readonly INSTANCE = 'app.kubernetes.io/instance';

  /** Azure workload identity: pod label that makes the webhook inject the federated token. */
  public static readonly AZURE_WORKLOAD_IDENTITY_USE = 'azure.workload.identity/use';
  /** Azure workload identity: service account annotation naming the managed identity's client ID. */
  public static readonly AZURE_WORKLOAD_IDENTITY_CLIENT_ID = 'azure.workload.identity/client-id';
  /** Azure workload identity: service account annotation naming the identity's tenant. */
  public static readonly AZURE_WORKLOAD_IDENTITY_TENANT_ID = 'azure.workload.identity/tenant-id';

  private constructor() {}
}

/** @internal */
export const AZURE_WORKLOAD_IDENTITY_USE_LABEL = PlatformLabels.AZURE_WORKLOAD_IDENTITY_USE;
/** @internal */
export const AZURE_WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = PlatformLabels.AZURE_WORKLOAD_IDENTITY_CLIENT_ID;
