import { resourceExclusionListItem } from '../platform/resource-exclusions';
import { fail } from '../util/validation';

/** A custom entry of `resource.exclusions`. */
export interface ResourceExclusionProps {
  /** API groups (`''` for the core group). */
  readonly apiGroups: string[];
  /** Kinds. */
  readonly kinds: string[];
  /**
   * Cluster API server URLs (globs) the exclusion applies to.
   * @default ['*'] every cluster
   */
  readonly clusters?: string[];
}

const TOKEN = /^[A-Za-z0-9*.\-_]*$/;

const RESOURCEEXCLUSION_SYMBOL = Symbol.for('cdk8s-argocd-platform.ResourceExclusion');

/**
 * An entry of argocd-cm `resource.exclusions`: resources Argo CD never watches, caches or shows.
 * The presets are high-churn kinds that nobody declares in Git and that are never children of
 * managed resources worth showing, so excluding them cuts the controller's watch traffic and
 * memory (the seed's "exclude non-essential resource types").
 *
 * The presets are *additions* to Argo CD's own defaults (Endpoints, EndpointSlice, Lease, the
 * authn/authz review kinds, CertificateSigningRequest, cert-manager CertificateRequest, Cilium and
 * Kyverno report kinds, as in the argo-cd chart's `configs.cm."resource.exclusions"`), which the
 * platform core renders into argocd-cm: every entry is contributed as one item of the same
 * `resource.exclusions` list (`platform.settings.addToList(..., '\n')`), so entries from several
 * constructs merge instead of conflicting.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#resource-exclusioninclusion
 */
export class ResourceExclusion {

  /**
   * Velero (and AKS Backup, which runs Velero) operation objects: Backup, Restore,
   * PodVolumeBackup, PodVolumeRestore, DataUpload, DataDownload. Created by schedules, never in Git.
   */
  public static readonly VELERO_OPERATIONS = new ResourceExclusion({
    apiGroups: ['velero.io'],
    kinds: ['Backup', 'DataDownload', 'DataUpload', 'PodVolumeBackup', 'PodVolumeRestore', 'Restore'],
  });

  /** Tekton runs (PipelineRun, TaskRun, CustomRun): created per build, never in Git. */
  public static readonly TEKTON_RUNS = new ResourceExclusion({
    apiGroups: ['tekton.dev'],
    kinds: ['CustomRun', 'PipelineRun', 'TaskRun'],
  });

  /** Argo Workflows' per-step bookkeeping (WorkflowTaskResult, WorkflowArtifactGCTask); Workflows themselves stay visible. */
  public static readonly ARGO_WORKFLOWS_TASK_RESULTS = new ResourceExclusion({
    apiGroups: ['argoproj.io'],
    kinds: ['WorkflowArtifactGCTask', 'WorkflowTaskResult'],
  });

  /** CSI volume snapshots taken by backup tools (VolumeSnapshot, VolumeSnapshotContent). */
  public static readonly VOLUME_SNAPSHOTS = new ResourceExclusion({
    apiGroups: ['snapshot.storage.k8s.io'],
    kinds: ['VolumeSnapshot', 'VolumeSnapshotContent'],
  });

  /** Whether an object is a ResourceExclusion, also one created by another copy of this library (where `instanceof` is false). */
  public static isResourceExclusion(x: any): x is ResourceExclusion {
    return x !== null && typeof x === 'object' && RESOURCEEXCLUSION_SYMBOL in x;
  }
  /** A custom entry. */
  public static of(props: ResourceExclusionProps): ResourceExclusion {
    return new ResourceExclusion(props);
  }

  /** API groups. */
  public readonly apiGroups: string[];
  /** Kinds. */
  public readonly kinds: string[];
  /** Cluster globs. */
  public readonly clusters: string[];

  private constructor(props: ResourceExclusionProps) {
    Object.defineProperty(this, RESOURCEEXCLUSION_SYMBOL, { value: true });
    for (const [field, list] of [['apiGroups', props.apiGroups], ['kinds', props.kinds], ['clusters', props.clusters ?? ['*']]] as const) {
      if (!Array.isArray(list) || list.length === 0) fail('ResourceExclusion', field, list, 'must be a non-empty list');
      for (const item of list) {
        const ok = typeof item === 'string' && (field === 'clusters' ? /^[^\s"\\]+$/.test(item) : TOKEN.test(item))
          && (field === 'apiGroups' || item.length > 0);
        if (!ok) fail('ResourceExclusion', field, item, field === 'clusters' ? 'must be a cluster URL or glob without spaces or quotes' : 'must be letters, digits, ".", "-", "_" or "*"');
      }
    }
    this.apiGroups = [...props.apiGroups];
    this.kinds = [...props.kinds];
    this.clusters = [...(props.clusters ?? ['*'])];
  }

  /** The entry as one line of the `resource.exclusions` YAML list (a flow mapping, so entries join with newlines). */
  public toListItem(): string {
    return resourceExclusionListItem(this);
  }
}
