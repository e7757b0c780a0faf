import { IConstruct } from 'constructs';
import { compareStrings, isGuid } from '../util/validation';

/** Where a workload identity's federated credentials live in Entra ID. */
export enum FederatedIdentityKind {
  /** A user-assigned managed identity (`az identity federated-credential create`). */
  MANAGED_IDENTITY = 'managed-identity',
  /** An app registration (`az ad app federated-credential create`), e.g. the SSO app with workload identity. */
  APP_REGISTRATION = 'app-registration',
}

/** One Kubernetes service account on the home cluster that signs in to Entra ID as an identity. */
export interface FederatedSubject {
  /** The identity's client ID (GUID). */
  readonly clientId: string;
  /** Managed identity or app registration. */
  readonly kind: FederatedIdentityKind;
  /** The service account's namespace. */
  readonly namespace: string;
  /** The service account's name. */
  readonly serviceAccount: string;
  /** What it is for, e.g. `deploys to the cluster aks-prod`. */
  readonly purpose: string;
}

/**
 * The workload identities whose federated credentials name the home cluster's OIDC issuer, for
 * the runbooks that recreate them after the home cluster is rebuilt. Capabilities that install a
 * workload with its own identity outside the argo-cd chart (Image Updater) register it here; the
 * restore runbook also finds the ones it can read from the output (annotated ServiceAccounts, the
 * chart's service-account annotations, workload-identity cluster Secrets).
 */
export class FederatedIdentityRegistry {
  private readonly subjects = new Map<string, FederatedSubject & { contributor: string }>();

  /**
   * Registers a service account that signs in as an identity.
   * @param contributor the construct that needs it
   * @param subject the identity and service account
   */
  public register(contributor: IConstruct, subject: FederatedSubject): void {
    if (!isGuid(subject.clientId)) throw new Error(`[${contributor.node.path}] federated identity clientId: must be a GUID (got ${JSON.stringify(subject.clientId)})`);
    const key = `${subject.clientId}/${subject.namespace}/${subject.serviceAccount}`;
    if (!this.subjects.has(key)) this.subjects.set(key, { ...subject, contributor: contributor.node.path });
  }

  /** The registered subjects, sorted by client ID, namespace and service account. */
  public get all(): FederatedSubject[] {
    return [...this.subjects.entries()].sort(([a], [b]) => compareStrings(a, b))
      .map(([, { contributor, ...subject }]) => subject);
  }
}
