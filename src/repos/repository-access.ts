import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoPlatform } from '../platform/argo-platform';
import { FederatedIdentityKind } from '../platform/federated-identities';
import { AZURE_WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, AZURE_WORKLOAD_IDENTITY_USE_LABEL, PlatformLabels } from '../platform/labels';
import { ArgoSecret, PART_OF_ARGOCD } from '../secrets/argo-secret';
import { assertSecretSource, SecretSource } from '../secrets/secret-source';
import { assertEnumMember, assertNoLiteralSecret } from '../util/checks';
import { ANY_REPOSITORY_URL, urlReason } from '../util/url';
import { assertDnsLabel, assertDnsSubdomain, assertGuid, describeInvalid, fail, sortedRecord, unsafeTokenReason } from '../util/validation';

/** The kind of source a repository Secret gives access to (its `type` field). */
export enum RepositoryType {
  /** A Git repository (https:// or SSH URL). */
  GIT = 'git',
  /**
   * A Helm chart repository: a classic one (`https://` URL), or Helm charts in an OCI registry
   * given as `registry/path` without a scheme (Argo CD's Helm-OCI form, the `repoURL` of an
   * Application with `chart`), rendered with `enableOCI: "true"`.
   */
  HELM = 'helm',
  /** An OCI registry (`oci://` URL), for OCI artifacts (Argo CD 3.1+ `type: oci` sources). */
  OCI = 'oci',
}

/** What a repository Secret or credential template connects to and with which credentials. */
export interface RepositoryAccessProps {
  /**
   * The URL: `git@host:org/repo`, `ssh://git@host[:port]/org/repo`, `https://host/org/repo`,
   * `oci://registry/path`, or `registry/path` (no scheme) for Helm charts in an OCI registry
   * (`type: RepositoryType.HELM`; it must equal the Application's `repoURL`). For a credential template it is a prefix: every repository whose URL
   * starts with it (longest match wins) uses the template's credentials. Plain `http://` is
   * refused: the credentials would cross the network in clear text.
   */
  readonly url: string;
  /**
   * The kind of repository.
   * @default RepositoryType.GIT
   */
  readonly type?: RepositoryType;
  /**
   * The SSH private key, for SSH URLs (`sshPrivateKey`). Key Vault through external-secrets is
   * the default path (`SecretSource.fromAzureKeyVault`); never a literal.
   * @default - none; required for SSH URLs
   */
  readonly sshPrivateKey?: SecretSource;
  /**
   * The user name for https and OCI URLs (any non-empty value for a GitHub personal access
   * token). Not a secret: Argo CD shows it in the UI.
   * @default - none; required for https and OCI URLs unless `useAzureWorkloadIdentity`
   */
  readonly username?: string;
  /**
   * The password or personal access token for https and OCI URLs (`password`); never a literal.
   * @default - none; required for https and OCI URLs unless `useAzureWorkloadIdentity`
   */
  readonly password?: SecretSource;
  /**
   * Authenticate to Azure Container Registry (or Azure Repos) with the repo-server's Azure
   * workload identity (`useAzureWorkloadIdentity: "true"`) instead of a stored password: no
   * username, password or key is given, and the Secret holds no secret value (a plain Secret of
   * URL, type and flags, because Argo CD reads repositories only from Secrets). The platform wires
   * the repo-server through its chart values (`platform.chartValues`): the service account
   * annotation `azure.workload.identity/client-id: <azureWorkloadIdentityClientId>` and the pod
   * label `azure.workload.identity/use: "true"`. The managed identity needs a federated credential
   * for `system:serviceaccount:<argocd namespace>:argocd-repo-server` and pull rights (AcrPull).
   * Only for https and Helm-OCI (`registry/path`) URLs; requires `azureWorkloadIdentityClientId`.
   * @default false
   */
  readonly useAzureWorkloadIdentity?: boolean;
  /**
   * The client ID (a GUID) of the managed identity the repo-server uses with
   * `useAzureWorkloadIdentity`. Two repositories naming different client IDs fail the synth (the
   * repo-server has one service account).
   * @default - none; required with useAzureWorkloadIdentity
   */
  readonly azureWorkloadIdentityClientId?: string;
  /**
   * Scope the Secret to one AppProject (`project`): only that project's applications use it.
   * @default - available to every project
   */
  readonly project?: string;
  /**
   * The Secret's name.
   * @default - derived from the URL, e.g. `repo-creds-github-com-civica`
   */
  readonly secretName?: string;
}

/** Which Argo CD Secret type a construct renders (`argocd.argoproj.io/secret-type`). */
export enum RepositorySecretType {
  /** One repository, matched by exact URL. */
  REPOSITORY = 'repository',
  /** A credential template, matched by URL prefix. */
  CREDENTIAL_TEMPLATE = 'repo-creds',
}

/** The parsed transport of a repository URL. */
interface ParsedUrl {
  /** `helm-oci`: `registry/path` without a scheme, Argo CD's form for Helm charts in an OCI registry. */
  readonly transport: 'ssh' | 'https' | 'oci' | 'helm-oci';
  /** The host as `ssh_known_hosts` names it (`[host]:port` for SSH on a port other than 22). */
  readonly knownHostsName: string;
  readonly path: string;
}

const HOST = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;
/** `registry[:port]/path` with no scheme; the registry has a dot (a domain) so that it is not a relative path. */
const HELM_OCI = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+)(:\d+)?(\/[^\s*?#]*)?$/;

function parseUrl(url: string): ParsedUrl | string {
  const unsafe = urlReason(url, ANY_REPOSITORY_URL);
  if (unsafe) return unsafe;
  const scp = /^([A-Za-z0-9._-]+)@([^:/]+):(?!\/\/)(.*)$/.exec(url);
  if (scp) {
    if (!HOST.test(scp[2])) return `"${scp[2]}" is not a host name`;
    return { transport: 'ssh', knownHostsName: scp[2].toLowerCase(), path: scp[3] };
  }
  const scheme = /^([a-z]+):\/\//.exec(url)?.[1];
  const helmOci = scheme === undefined ? HELM_OCI.exec(url) : null;
  if (helmOci) return { transport: 'helm-oci', knownHostsName: helmOci[1], path: (helmOci[6] ?? '').replace(/^\/+/, '') };
  if (scheme !== 'ssh' && scheme !== 'https' && scheme !== 'oci') {
    return 'must be git@host:path, ssh://[user@]host[:port]/path, https://host/path, oci://registry/path or (Helm charts in an OCI registry) registry/path';
  }
  let parsed: URL;
  try {
    parsed = new URL(scheme === 'https' ? url : url.replace(/^[a-z]+:/, 'https:'));
  } catch {
    return 'is not a valid URL';
  }
  if (!parsed.hostname || !HOST.test(parsed.hostname)) return 'must name a host';
  if (scheme === 'https' && parsed.password) return 'must not embed a password; use the password prop';
  if (parsed.search || parsed.hash) return 'must not have a query or fragment';
  const port = parsed.port && parsed.port !== '22' ? parsed.port : '';
  return {
    transport: scheme,
    knownHostsName: scheme === 'ssh' && port ? `[${parsed.hostname}]:${port}` : parsed.hostname,
    path: parsed.pathname.replace(/^\/+/, ''),
  };
}

function slug(value: string): string {
  return value.toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^[^@/]+@/, '').replace(/\.git$/, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * The behaviour shared by ArgoRepository and RepositoryCredentialTemplate: URL and credential
 * checks, and one ArgoSecret carrying the secret-type label, the plain fields and the secret keys.
 */
export abstract class RepositoryAccess extends Construct {
  /** The URL (or URL prefix for a credential template). */
  public readonly url: string;
  /** The repository type. */
  public readonly type: RepositoryType;
  /** The name of the Secret Argo CD reads. */
  public readonly secretName: string;
  /**
   * The Secret, delivered as an ExternalSecret or SealedSecret.
   * @default - none with `useAzureWorkloadIdentity`: the Secret holds no secret value and is rendered as is
   */
  public readonly secret?: ArgoSecret;

  protected constructor(scope: Construct, id: string, secretType: RepositorySecretType, props: RepositoryAccessProps) {
    super(scope, id);
    const platform = ArgoPlatform.platformOf(this);
    if (Chart.of(this) !== platform) {
      fail(this, 'scope', Chart.of(this).node.path,
        `repository Secrets belong to the Argo CD namespace and are applied with the platform's own folder; create this construct inside the ArgoPlatform "${platform.node.path}", not an environment chart`);
    }
    this.type = props.type ?? RepositoryType.GIT;
    assertEnumMember(this, 'type', this.type, RepositoryType);
    const parsed = parseUrl(props.url);
    if (typeof parsed === 'string') fail(this, 'url', props.url, parsed);
    this.url = props.url;
    // A classic Helm repository may sit at a host root (https://charts.example.org); a Git or OCI repository names a path.
    const hostRootAllowed = this.type === RepositoryType.HELM && parsed.transport === 'https';
    if (secretType === RepositorySecretType.REPOSITORY && !hostRootAllowed && parsed.path.replace(/\/+$/, '') === '') {
      fail(this, 'url', props.url, 'a repository URL names one repository (host and path); use a RepositoryCredentialTemplate for a whole host or organisation');
    }
    this.checkTransport(parsed, props);
    if (props.project !== undefined) assertDnsLabel(this, 'project', props.project);

    const prefix = secretType === RepositorySecretType.REPOSITORY ? 'repo' : 'repo-creds';
    this.secretName = assertDnsSubdomain(this, 'secretName', props.secretName ?? `${prefix}-${slug(props.url)}`.slice(0, 253).replace(/-+$/, ''));

    const plainData: Record<string, string> = { url: this.url, type: this.type };
    if (parsed.transport === 'helm-oci') {
      // Argo CD's Helm-OCI repository: `type: helm`, the URL without oci://, `enableOCI: "true"`, and a name.
      plainData.enableOCI = 'true';
      plainData.name = this.secretName;
    }
    if (props.project !== undefined) plainData.project = props.project;
    if (props.username !== undefined) plainData.username = props.username;
    const labels = { [PlatformLabels.ARGOCD_SECRET_TYPE]: secretType };
    if (props.useAzureWorkloadIdentity) {
      plainData.useAzureWorkloadIdentity = 'true';
      // The repo-server authenticates with its workload identity: annotate its service account, label its pods.
      platform.chartValues.set(this, 'repoServer.serviceAccount.annotations', { [AZURE_WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: props.azureWorkloadIdentityClientId });
      platform.chartValues.set(this, 'repoServer.podLabels', { [AZURE_WORKLOAD_IDENTITY_USE_LABEL]: 'true' });
      platform.federatedIdentities.register(this, {
        clientId: props.azureWorkloadIdentityClientId!,
        kind: FederatedIdentityKind.MANAGED_IDENTITY,
        namespace: platform.argoCdNamespace,
        serviceAccount: 'argocd-repo-server',
        purpose: `the repo-server pulls ${this.url} (and every repository using useAzureWorkloadIdentity)`,
      });
      // No secret value at all: a plain Secret of URL, type and flags is safe in Git.
      new ApiObject(this, 'Secret', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: this.secretName, namespace: platform.argoCdNamespace, labels: sortedRecord({ ...labels, ...PART_OF_ARGOCD }) },
        type: 'Opaque',
        stringData: sortedRecord(plainData),
      } as any);
    } else {
      const source = (props.sshPrivateKey ?? props.password)!;
      this.secret = new ArgoSecret(this, 'Secret', {
        secretName: this.secretName,
        namespace: platform.argoCdNamespace,
        backend: source.backend,
        labels,
        plainData,
      });
      if (props.sshPrivateKey) this.secret.addKey('sshPrivateKey', props.sshPrivateKey);
      if (props.password) this.secret.addKey('password', props.password);
    }

    if (parsed.transport === 'ssh') {
      this.node.addValidation({
        validate: () => platform.sshKnownHosts.hasHost(parsed.knownHostsName) ? [] : [describeInvalid(this, 'url', this.url,
          `Argo CD verifies SSH host keys, but ${parsed.knownHostsName} has no entry in argocd-ssh-known-hosts-cm; add it with SshKnownHosts`)],
      });
    }
  }

  private checkTransport(parsed: ParsedUrl, props: RepositoryAccessProps) {
    const secretFields: Array<[string, unknown]> = [['sshPrivateKey', props.sshPrivateKey], ['password', props.password]];
    for (const [field, value] of secretFields) {
      assertNoLiteralSecret(this, field, value, SecretSource.isSecretSource, 'a SecretSource (SecretSource.fromAzureKeyVault(...) or fromSealedSecret(...))');
      if (value !== undefined) assertSecretSource(this, field, value as SecretSource);
    }
    const allowed: Record<RepositoryType, ParsedUrl['transport'][]> = {
      [RepositoryType.GIT]: ['ssh', 'https'],
      [RepositoryType.HELM]: ['https', 'helm-oci'],
      [RepositoryType.OCI]: ['oci'],
    };
    const describeTransport = (t: ParsedUrl['transport']) =>
      t === 'ssh' ? 'SSH (git@host:path or ssh://)' : t === 'helm-oci' ? 'registry/path without a scheme (Helm charts in an OCI registry)' : `${t}://`;
    if (!allowed[this.type].includes(parsed.transport)) {
      const hint = parsed.transport === 'helm-oci' ? '; for Helm charts in an OCI registry set type: RepositoryType.HELM' : '';
      fail(this, 'url', props.url, `a ${this.type} repository URL must use ${allowed[this.type].map(describeTransport).join(' or ')}${hint}`);
    }
    const useWorkloadIdentity = props.useAzureWorkloadIdentity;
    if (useWorkloadIdentity !== undefined && typeof useWorkloadIdentity !== 'boolean') {
      fail(this, 'useAzureWorkloadIdentity', useWorkloadIdentity, 'must be true or false');
    }
    if (!useWorkloadIdentity && props.azureWorkloadIdentityClientId !== undefined) {
      fail(this, 'azureWorkloadIdentityClientId', props.azureWorkloadIdentityClientId, 'only applies with useAzureWorkloadIdentity');
    }
    if (useWorkloadIdentity) {
      if (parsed.transport !== 'https' && parsed.transport !== 'helm-oci') {
        fail(this, 'useAzureWorkloadIdentity', props.url,
          'Argo CD uses Azure workload identity for https URLs (Azure Repos) and Helm charts in an OCI registry (registry/path with type helm, e.g. ACR); this URL is not one');
      }
      const given: Array<[string, unknown]> = [['sshPrivateKey', props.sshPrivateKey], ['password', props.password], ['username', props.username]];
      for (const [field, value] of given) {
        if (value !== undefined) {
          fail(this, field, field === 'username' ? value : '<redacted>', 'is not used with useAzureWorkloadIdentity (the repo-server authenticates with its workload identity); remove it');
        }
      }
      if (props.azureWorkloadIdentityClientId === undefined) {
        fail(this, 'azureWorkloadIdentityClientId', undefined,
          'useAzureWorkloadIdentity needs the client ID of the managed identity the repo-server uses; without it the repo-server has no workload identity and chart pulls fail with 401');
      }
      assertGuid(this, 'azureWorkloadIdentityClientId', props.azureWorkloadIdentityClientId);
      return;
    }
    if (parsed.transport === 'ssh') {
      if (!props.sshPrivateKey) fail(this, 'sshPrivateKey', undefined, 'an SSH URL needs an SSH private key');
      if (props.username !== undefined || props.password !== undefined) {
        fail(this, props.password !== undefined ? 'password' : 'username', props.username ?? '<redacted>', 'is not used with an SSH URL (the user is part of the URL); remove it');
      }
      return;
    }
    const what = parsed.transport === 'helm-oci' ? 'a Helm-OCI (registry/path)' : `a ${parsed.transport}://`;
    if (props.sshPrivateKey) fail(this, 'sshPrivateKey', props.sshPrivateKey.describe(), `is only used with SSH URLs; ${what} URL authenticates with username and password`);
    const usernameReason = props.username === undefined ? undefined : unsafeTokenReason(props.username);
    const orIdentity = parsed.transport === 'helm-oci' ? ' (or set useAzureWorkloadIdentity for ACR)' : '';
    if (props.username === undefined || usernameReason) {
      fail(this, 'username', props.username, usernameReason ?? `${what} URL needs a username and a password (personal access token)${orIdentity}`);
    }
    if (!props.password) fail(this, 'password', undefined, `${what} URL needs a password (personal access token) from a SecretSource${orIdentity}`);
  }
}
