import { IConstruct } from 'constructs';
import { assertHttpsUrl, fail } from '../util/validation';

/** The cluster Argo CD runs on (its "home" cluster), as the runbooks name it. */
export interface PlatformHomeClusterOptions {
  /**
   * The AKS cluster's name, e.g. `aks-platform-weu`.
   */
  readonly name: string;
  /**
   * The cluster's resource group: with it the runbooks read the OIDC issuer with
   * `az aks show --resource-group <group> --name <name> --query oidcIssuerProfile.issuerUrl`.
   * Required by `BootstrapDocument` (it runs `az aks update` and `az aks get-credentials` on the cluster).
   * @default - the runbooks read the issuer from the cluster's service-account discovery document (`kubectl get --raw /.well-known/openid-configuration`)
   */
  readonly resourceGroup?: string;
  /**
   * The kube context every runbook (bootstrap, restore, alerts) names for every step on this cluster.
   * @default - the cluster's name (what `az aks get-credentials` names the context)
   */
  readonly kubeContext?: string;
  /**
   * The API server URL, e.g. `https://aks-platform-dns-1a2b3c.hcp.westeurope.azmk8s.io:443`.
   * @default - not recorded (Argo CD reaches its own cluster as `https://kubernetes.default.svc`)
   */
  readonly server?: string;
  /**
   * The cluster's OIDC issuer URL (`az aks show ... --query oidcIssuerProfile.issuerUrl`): every
   * federated identity credential of the platform's workload identities names it.
   * @default - read from the cluster when a runbook needs it
   */
  readonly oidcIssuerUrl?: string;
}

/** The home cluster with defaults applied. `declared` is false when the platform was given none. */
export interface HomeCluster {
  /** The cluster's name, or `the cluster Argo CD runs on` when none was declared. */
  readonly name: string;
  /** The kube context, when known. */
  readonly kubeContext?: string;
  /** The resource group, when known. */
  readonly resourceGroup?: string;
  /** The API server URL, when known. */
  readonly server?: string;
  /** The OIDC issuer URL, when known. */
  readonly oidcIssuerUrl?: string;
  /** Whether the platform declared it (`homeCluster` prop). */
  readonly declared: boolean;
}

/** An AKS cluster name: 1 to 63 letters, digits, "-" and "_", starting and ending with a letter or digit. */
const AKS_NAME = /^[A-Za-z0-9](?:[-_A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const KUBE_CONTEXT = /^[A-Za-z0-9][-A-Za-z0-9_.@:/]{0,252}$/;

/** Checks the `homeCluster` prop of a platform and applies its defaults. */
export function resolveHomeCluster(scope: IConstruct, options: PlatformHomeClusterOptions | undefined): HomeCluster {
  if (options === undefined) return { name: 'the cluster Argo CD runs on', declared: false };
  if (typeof options !== 'object' || options === null) fail(scope, 'homeCluster', options, 'must be { name, resourceGroup?, kubeContext?, server?, oidcIssuerUrl? }');
  if (typeof options.name !== 'string' || !AKS_NAME.test(options.name)) {
    fail(scope, 'homeCluster.name', options.name, 'must be an AKS cluster name (letters, digits, "-" and "_", at most 63 characters, starting and ending with a letter or digit)');
  }
  if (options.resourceGroup !== undefined && (typeof options.resourceGroup !== 'string' || !RESOURCE_GROUP.test(options.resourceGroup))) {
    fail(scope, 'homeCluster.resourceGroup', options.resourceGroup, 'must be an Azure resource group name (letters, digits, "-", "_", ".", "(" and ")", at most 90 characters, not ending with ".")');
  }
  const kubeContext = options.kubeContext ?? options.name;
  if (typeof kubeContext !== 'string' || !KUBE_CONTEXT.test(kubeContext)) {
    fail(scope, 'homeCluster.kubeContext', kubeContext, 'must be a kube context name (letters, digits, "-", "_", ".", "@", ":" and "/")');
  }
  const server = options.server === undefined ? undefined : assertHttpsUrl(scope, 'homeCluster.server', options.server).replace(/\/+$/, '');
  const oidcIssuerUrl = options.oidcIssuerUrl === undefined ? undefined : assertHttpsUrl(scope, 'homeCluster.oidcIssuerUrl', options.oidcIssuerUrl);
  return { name: options.name, kubeContext, resourceGroup: options.resourceGroup, server, oidcIssuerUrl, declared: true };
}
