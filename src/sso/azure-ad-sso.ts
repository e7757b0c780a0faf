import { Construct } from 'constructs';
import { ArgoPlatform } from '../platform/argo-platform';
import { SettingsConfigMap } from '../platform/argo-settings';
import { FederatedIdentityKind } from '../platform/federated-identities';
import { PlatformLabels } from '../platform/labels';
import { PlatformCapability } from '../platform/registries';
import { assertSecretSource, SecretSource } from '../secrets/secret-source';
import { failSecret } from '../util/redaction';
import { assertGuid, assertHttpsUrl, describeInvalid, fail, unsafeTokenReason } from '../util/validation';
import { toYaml } from '../util/yaml';

/**
 * What to do about Entra ID's group limit. A token carries at most 200 groups (150 in SAML);
 * for a user in more groups Entra sends an "overage" pointer (`_claim_names`/`_claim_sources`)
 * instead of `groups`, and without a strategy such a user reaches Argo CD with no groups at all.
 */
export enum GroupOverageStrategy {
  /**
   * The plain `groups` claim. Fine while no user is in more than 200 groups.
   */
  NONE = 'none',
  /**
   * Send only the groups assigned to the Argo CD enterprise application
   * (`requestedIDTokenClaims.groups.value: ApplicationGroup`; configure "Groups assigned to the
   * application" in the app registration's token configuration). Works on every Argo CD release.
   */
  APPLICATION_GROUPS = 'application-groups',
  /**
   * Use application roles: assign groups to app roles in Entra and read the `roles` claim. The
   * platform's `rbac.scopes` must then include `roles`. Works on every Argo CD release.
   */
  APPLICATION_ROLES = 'application-roles',
  /**
   * Let Argo CD resolve the overage itself through Microsoft Graph
   * (`azure.enableUserGroupOverageClaim`, Argo CD 3.5 or later): it calls `getMemberGroups`
   * (up to 2048 security groups) with the user's delegated `User.Read` token and caches the result.
   * A Graph failure makes the login fail with 401. Refused for a platform targeting an older release.
   */
  GRAPH_OVERAGE_CLAIM = 'graph-overage-claim',
}

/** Props for ArgoSSO. */
export interface ArgoSSOProps {
  /** The Entra ID tenant (directory) ID, a GUID. */
  readonly tenantId: string;
  /** The app registration's application (client) ID, a GUID. */
  readonly clientId: string;
  /**
   * The app registration's client secret. Stored in `argocd-secret` under `clientSecretKey`
   * (external-secrets, merged) or in its own Secret (sealed-secrets), and referenced from
   * `oidc.config` as `$<key>` / `$<secret>:<key>`, so the value is never in Git.
   * @default - none; required unless `useWorkloadIdentity` is set
   */
  readonly clientSecret?: SecretSource;
  /**
   * The argocd-secret key that holds the client secret.
   * @default 'oidc.azure.clientSecret'
   */
  readonly clientSecretKey?: string;
  /**
   * Authenticate to Entra with Azure workload identity instead of a client secret
   * (`azure.useWorkloadIdentity`). The argocd-server pods need the label
   * `azure.workload.identity/use: "true"`, its service account the annotation
   * `azure.workload.identity/client-id: <clientId>`, and the app registration a federated
   * credential for the service account `argocd-server`; the self-managed chart values carry the
   * first two.
   * @default false
   */
  readonly useWorkloadIdentity?: boolean;
  /**
   * A separate public client for the `argocd` CLI (`cliClientID`), registered as "Mobile and
   * desktop" with redirect `http://localhost:8085/auth/callback`.
   * @default - the CLI uses `clientId`
   */
  readonly cliClientId?: string;
  /**
   * Scopes requested at login. With `GroupOverageStrategy.GRAPH_OVERAGE_CLAIM` they must include
   * `User.Read` (Argo CD calls Microsoft Graph with the user's token).
   * @default ['openid', 'profile', 'email'], plus 'User.Read' with GRAPH_OVERAGE_CLAIM
   */
  readonly requestedScopes?: string[];
  /**
   * The login provider's name on the Argo CD login button.
   * @default 'Azure AD'
   */
  readonly displayName?: string;
  /**
   * Where the browser goes on logout (`logoutURL`); may use `{{token}}` and `{{logoutRedirectURL}}`.
   * @default - Argo CD's own logout only
   */
  readonly logoutUrl?: string;
  /**
   * A domain hint that skips Entra's account picker (`domainHint`).
   * @default - none
   */
  readonly domainHint?: string;
  /**
   * Use PKCE for the authorization code flow (`enablePKCEAuthentication`).
   * @default false
   */
  readonly enablePkce?: boolean;
  /**
   * How users in more than 200 groups get their groups.
   * @default GroupOverageStrategy.NONE
   */
  readonly groupOverage?: GroupOverageStrategy;
  /**
   * Keep the local `admin` account (`admin.enabled`). Off by default: with SSO, access goes
   * through Azure AD groups and RBAC, and a shared password is an audit gap: `true` fails the synth
   * through the guardrail ARGO-ACC3 unless acknowledged (`Acknowledgements.of(platform).add(...)`).
   * @default false
   */
  readonly localAdminEnabled?: boolean;
}

/**
 * Azure AD (Entra ID) single sign-on for an ArgoPlatform, with Argo CD's direct OIDC client (no
 * Dex). Contributes `oidc.config`, `url`, `admin.enabled` and `users.anonymous.enabled` to
 * argocd-cm, and delivers the client secret through a SecretSource.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/microsoft/
 *
 * @example
 * import { ArgoPlatform, ArgoSSO, SecretSource } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * new ArgoSSO(platform, 'AzureAD', {
 *   tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f',
 *   clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
 *   clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'argocd-oidc-client-secret' }),
 * });
 */
export class ArgoSSO extends Construct {
  /** The tenant ID. */
  public readonly tenantId: string;
  /** The client ID. */
  public readonly clientId: string;
  /** Whether Azure workload identity replaces the client secret. */
  public readonly useWorkloadIdentity: boolean;
  /** The OIDC issuer, `https://login.microsoftonline.com/<tenant>/v2.0`. */
  public readonly issuer: string;
  /** The group-overage strategy. */
  public readonly groupOverage: GroupOverageStrategy;

  constructor(scope: Construct, id: string, props: ArgoSSOProps) {
    super(scope, id);
    const platform = ArgoPlatform.platformOf(this);
    this.tenantId = assertGuid(this, 'tenantId', props.tenantId);
    this.clientId = assertGuid(this, 'clientId', props.clientId);
    if (props.cliClientId !== undefined) assertGuid(this, 'cliClientId', props.cliClientId);
    this.useWorkloadIdentity = props.useWorkloadIdentity ?? false;
    this.groupOverage = props.groupOverage ?? GroupOverageStrategy.NONE;
    this.issuer = `https://login.microsoftonline.com/${this.tenantId}/v2.0`;

    const rawSecret: unknown = props.clientSecret;
    if (rawSecret !== undefined && !SecretSource.isSecretSource(rawSecret)) {
      failSecret(this, 'clientSecret', rawSecret,
        'must be a SecretSource (SecretSource.fromAzureKeyVault(...) or fromSealedSecret(...)); a literal client secret would be committed to Git');
    }
    if (rawSecret !== undefined) assertSecretSource(this, 'clientSecret', rawSecret as SecretSource);
    if (this.useWorkloadIdentity && props.clientSecret) {
      fail(this, 'clientSecret', props.clientSecret.describe(), 'is not used with useWorkloadIdentity; remove one of them');
    }
    if (!this.useWorkloadIdentity && !props.clientSecret) {
      fail(this, 'clientSecret', undefined, 'is required unless useWorkloadIdentity is true');
    }
    // Argo CD resolves an overage through Microsoft Graph with the user's token, which needs User.Read.
    const graphOverage = (props.groupOverage ?? GroupOverageStrategy.NONE) === GroupOverageStrategy.GRAPH_OVERAGE_CLAIM;
    const requestedScopes = props.requestedScopes ?? ['openid', 'profile', 'email', ...(graphOverage ? ['User.Read'] : [])];
    if (graphOverage && !requestedScopes.some(requested => /^(https:\/\/graph\.microsoft\.com\/)?User\.Read$/i.test(requested))) {
      fail(this, 'requestedScopes', requestedScopes, 'GRAPH_OVERAGE_CLAIM calls Microsoft Graph with the user\'s token, which needs the delegated User.Read scope; add "User.Read"');
    }
    if (!requestedScopes.includes('openid')) fail(this, 'requestedScopes', requestedScopes, 'must include "openid"');
    for (const s of requestedScopes) {
      if (!/^[A-Za-z0-9_.:/\-]+$/.test(s)) fail(this, 'requestedScopes', s, 'scope names are letters, digits, "_", ".", ":", "/" and "-"');
    }
    const displayName = props.displayName ?? 'Azure AD';
    const nameReason = unsafeTokenReason(displayName);
    if (nameReason) fail(this, 'displayName', displayName, nameReason);
    if (props.logoutUrl !== undefined) assertHttpsUrl(this, 'logoutUrl', props.logoutUrl.replace(/\{\{\w+\}\}/g, 'x'));
    if (props.domainHint !== undefined && !/^[A-Za-z0-9.-]+$/.test(props.domainHint)) {
      fail(this, 'domainHint', props.domainHint, 'must be a domain name such as civica.com');
    }
    if (this.groupOverage === GroupOverageStrategy.GRAPH_OVERAGE_CLAIM && !platform.argoCdVersion.isAtLeast(3, 5)) {
      fail(this, 'groupOverage', this.groupOverage,
        `azure.enableUserGroupOverageClaim needs Argo CD 3.5 or later, but the platform targets ${platform.argoCdVersion.tag}; use APPLICATION_GROUPS or APPLICATION_ROLES`);
    }
    if (this.groupOverage === GroupOverageStrategy.APPLICATION_ROLES) {
      // Bindings may then name app-role values (RbacSubject.appRole), checked by platform.rbacSubjects.
      platform.rbacSubjects.acceptApplicationRoles(this);
      this.node.addValidation({
        validate: () => {
          const scopes = platform.settings.tryGet(SettingsConfigMap.RBAC_CM, 'scopes') ?? '';
          return /\broles\b/.test(scopes) ? [] : [describeInvalid(this, 'groupOverage', this.groupOverage,
            `application roles arrive in the "roles" claim, but the platform's rbac.scopes is ${scopes}; set rbac.scopes to include "roles"`)];
        },
      });
    }

    const clientSecretRef = props.clientSecret
      ? platform.secretReference(this, props.clientSecretKey ?? 'oidc.azure.clientSecret', props.clientSecret)
      : undefined;

    const groupsClaim: Record<string, unknown> = { essential: true };
    if (this.groupOverage === GroupOverageStrategy.APPLICATION_GROUPS) groupsClaim.value = 'ApplicationGroup';
    const azure: Record<string, unknown> = {};
    if (this.useWorkloadIdentity) azure.useWorkloadIdentity = true;
    if (this.groupOverage === GroupOverageStrategy.GRAPH_OVERAGE_CLAIM) azure.enableUserGroupOverageClaim = true;

    // Field order follows Argo CD's OIDCConfig; undefined fields are left out.
    const oidcConfig: Record<string, unknown> = {
      name: displayName,
      issuer: this.issuer,
      clientID: this.clientId,
      clientSecret: clientSecretRef,
      cliClientID: props.cliClientId,
      requestedScopes,
      requestedIDTokenClaims: { groups: groupsClaim },
      enablePKCEAuthentication: props.enablePkce ? true : undefined,
      logoutURL: props.logoutUrl,
      domainHint: props.domainHint,
      azure: Object.keys(azure).length ? azure : undefined,
    };
    for (const key of Object.keys(oidcConfig)) if (oidcConfig[key] === undefined) delete oidcConfig[key];

    platform.settings.set(this, SettingsConfigMap.ARGOCD_CM, 'oidc.config', toYaml(oidcConfig));
    platform.settings.set(this, SettingsConfigMap.ARGOCD_CM, 'url', platform.url.replace(/\/+$/, ''));
    platform.settings.set(this, SettingsConfigMap.ARGOCD_CM, 'admin.enabled', props.localAdminEnabled ? 'true' : 'false');
    platform.settings.set(this, SettingsConfigMap.ARGOCD_CM, 'users.anonymous.enabled', 'false');

    platform.capabilities.provide(this, PlatformCapability.SSO);
    platform.facts.setSso(this, { provider: 'azure-ad', dex: false });
    // The platform's own chart (SelfManagedArgo): no Dex with direct OIDC; workload identity on argocd-server.
    platform.chartValues.set(this, 'dex.enabled', false);
    if (this.useWorkloadIdentity) {
      platform.chartValues.set(this, 'server.podLabels', { [PlatformLabels.AZURE_WORKLOAD_IDENTITY_USE]: 'true' });
      platform.chartValues.set(this, 'server.serviceAccount.annotations', { [PlatformLabels.AZURE_WORKLOAD_IDENTITY_CLIENT_ID]: this.clientId });
      // The app registration trusts argocd-server's token: the bootstrap creates, the restore runbook recreates it.
      platform.federatedIdentities.register(this, {
        clientId: this.clientId,
        kind: FederatedIdentityKind.APP_REGISTRATION,
        namespace: platform.argoCdNamespace,
        serviceAccount: 'argocd-server',
        purpose: 'SSO: the API server signs in to Entra ID without a client secret',
      });
    }
  }
}
