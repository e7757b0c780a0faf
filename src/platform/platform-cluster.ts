import { Construct, IConstruct } from 'constructs';

/**
 * A cluster declared on a platform (by `ArgoCluster`), as the core and other capabilities see it:
 * its name, API server and the environments that deploy to it.
 */
export interface IPlatformCluster extends IConstruct {
  /** The cluster's name in Argo CD, e.g. `aks-prod`. */
  readonly clusterName: string;
  /** The API server URL, without a trailing slash. */
  readonly server: string;
  /** The kube context that reaches the cluster (runbook steps on it). */
  readonly kubeContext: string;
  /** The AKS cluster's resource group, when declared. */
  readonly resourceGroup?: string;
  /** The AKS cluster's resource name in Azure. */
  readonly aksName: string;
  /** The environments deploying to this cluster, sorted. */
  readonly environmentNames: string[];
  /**
   * Records that an environment deploys to this cluster (called by the platform).
   * @param environment the environment's name
   */
  addEnvironment(environment: string): void;
}

/** Creates the cluster construct of one entry of the platform's `clusters` prop. */
type ClusterFactory = (scope: Construct, id: string, options: any) => IPlatformCluster;

let clusterFactory: ClusterFactory | undefined;

/**
 * @internal Registers how the platform creates the clusters of its `clusters` prop (the clusters
 * capability does, when it is loaded), so the core never imports a capability.
 */
export function _registerClusterFactory(factory: ClusterFactory): void {
  clusterFactory = factory;
}

/** @internal Creates a cluster of the platform's `clusters` prop. */
export function _createCluster(scope: Construct, id: string, options: unknown): IPlatformCluster {
  if (!clusterFactory) {
    throw new Error(`[${scope.node.path}] clusters: the clusters capability is not loaded; import ArgoCluster from cdk8s-argocd-platform (or declare the cluster with new ArgoCluster(platform, ...))`);
  }
  return clusterFactory(scope, id, options);
}
