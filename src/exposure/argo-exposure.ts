import { Construct } from 'constructs';
import { ArgoPlatform } from '../platform/argo-platform';
import { SettingsConfigMap } from '../platform/argo-settings';
import { assertDnsLabel, assertDnsSubdomain, fail } from '../util/validation';

/**
 * The ingress class of the AKS application routing add-on's managed NGINX. The community
 * ingress-nginx project was retired in March 2026 and Microsoft's support of the add-on's NGINX
 * (critical security patches) ran through November 2026; AKS recommends its Gateway API
 * implementation or Application Gateway for Containers instead (`gateway` exposure).
 * @see https://learn.microsoft.com/azure/aks/app-routing-gateway-api
 */
export const AKS_APP_ROUTING_INGRESS_CLASS = 'webapprouting.kubernetes.azure.com';

/** The application routing add-on reads this Ingress annotation and syncs the Key Vault certificate into the Secret `keyvault-<ingress name>`. */
export const AKS_KEY_VAULT_CERTIFICATE_ANNOTATION = 'kubernetes.azure.com/tls-cert-keyvault-uri';

/** cert-manager's ingress-shim reads these Ingress annotations and creates a Certificate for every `tls` entry. */
const CERT_MANAGER_CLUSTER_ISSUER = 'cert-manager.io/cluster-issuer';
const CERT_MANAGER_ISSUER = 'cert-manager.io/issuer';

/** The chart's Ingress is named after the server (`argo-cd.server.fullname`: `<release>-server`). */
const SERVER_INGRESS_NAME = 'argocd-server';
const SERVER_GRPC_INGRESS_NAME = 'argocd-server-grpc';

/** Where the certificate of an Ingress comes from. */
export enum ExposureCertificateSource {
  /** A cert-manager Issuer or ClusterIssuer (annotation on the Ingress). */
  CERT_MANAGER = 'cert-manager',
  /** An Azure Key Vault certificate, synced by the AKS application routing add-on. */
  KEY_VAULT = 'key-vault',
}

/** The kind of a cert-manager issuer. */
export enum CertManagerIssuerKind {
  /** A cluster-wide `ClusterIssuer`. */
  CLUSTER_ISSUER = 'ClusterIssuer',
  /** An `Issuer` in Argo CD's namespace. */
  ISSUER = 'Issuer',
}

/** The TLS certificate of the Argo CD URL when it is exposed with an Ingress. */
export class ExposureCertificate {
  /**
   * A certificate issued by cert-manager: the Ingress carries `cert-manager.io/cluster-issuer`
   * (or `cert-manager.io/issuer`) and cert-manager writes the Secret named in its `tls` entry.
   * @param issuerName the issuer's name, e.g. `letsencrypt`
   * @param kind ClusterIssuer (default) or an Issuer in Argo CD's namespace
   */
  public static certManager(issuerName: string, kind: CertManagerIssuerKind = CertManagerIssuerKind.CLUSTER_ISSUER): ExposureCertificate {
    return new ExposureCertificate(ExposureCertificateSource.CERT_MANAGER, issuerName, kind);
  }

  /**
   * A certificate kept in Azure Key Vault, synced by the AKS application routing add-on: the
   * Ingress carries `kubernetes.azure.com/tls-cert-keyvault-uri` and its `tls` entry names the
   * Secret `keyvault-<ingress name>`. The add-on's identity needs Key Vault Certificate User on the vault.
   * @param certificateUri the certificate's URI without a version, e.g. `https://kv-platform.vault.azure.net/certificates/argocd`
   * @see https://learn.microsoft.com/azure/aks/app-routing-dns-ssl
   */
  public static keyVault(certificateUri: string): ExposureCertificate {
    return new ExposureCertificate(ExposureCertificateSource.KEY_VAULT, certificateUri);
  }

  private constructor(
    /** Where the certificate comes from. */
    public readonly source: ExposureCertificateSource,
    /** The issuer name (cert-manager) or the certificate URI (Key Vault). */
    public readonly reference: string,
    /** The issuer kind (cert-manager only). */
    public readonly issuerKind?: CertManagerIssuerKind,
  ) {}
}

/** A Gateway the Argo CD routes attach to (a Gateway API `parentRef`). */
export interface GatewayParentReference {
  /** The Gateway's name. */
  readonly name: string;
  /**
   * The Gateway's namespace.
   * @default - Argo CD's namespace
   */
  readonly namespace?: string;
  /**
   * The listener to attach to (an HTTPS listener that terminates TLS for the URL's host).
   * @default - every listener of the Gateway whose hostname matches
   */
  readonly sectionName?: string;
}

/** Exposure through the Gateway API (the chart's HTTPRoute and GRPCRoute). */
export interface ArgoGatewayExposureOptions {
  /**
   * The Gateways (and listeners) the HTTPRoute attaches to. The Gateway terminates TLS: its HTTPS
   * listener holds the certificate (for the application routing add-on's `approuting-istio`
   * class, the listener TLS options `kubernetes.azure.com/tls-cert-keyvault-uri`; for Application
   * Gateway for Containers, a Secret or its Key Vault integration; for cert-manager, the
   * Gateway annotation `cert-manager.io/cluster-issuer`).
   */
  readonly parentRefs: GatewayParentReference[];
  /**
   * A second host name for gRPC (the `argocd` CLI without `--grpc-web`), served by the chart's
   * GRPCRoute. It must differ from the URL's host: a Gateway does not accept an HTTPRoute and a
   * GRPCRoute for the same host name on one listener.
   * @default - no GRPCRoute: the CLI uses `--grpc-web` through the HTTPRoute
   */
  readonly grpcHostname?: string;
  /**
   * The Gateways the GRPCRoute attaches to.
   * @default - `parentRefs`
   */
  readonly grpcParentRefs?: GatewayParentReference[];
}

/** Exposure through an Ingress (the chart's `server.ingress`). */
export interface ArgoIngressExposureOptions {
  /**
   * The ingress class.
   * @default AKS_APP_ROUTING_INGRESS_CLASS ('webapprouting.kubernetes.azure.com', the AKS application routing add-on's managed NGINX)
   */
  readonly ingressClassName?: string;
  /** Where the TLS certificate comes from. */
  readonly certificate: ExposureCertificate;
  /**
   * A second host name for gRPC (the `argocd` CLI without `--grpc-web`), served by the chart's
   * `server.ingressGrpc` with the NGINX annotation `backend-protocol: GRPC`.
   * @default - no gRPC Ingress: the CLI uses `--grpc-web`
   */
  readonly grpcHostname?: string;
}

/** Props for ArgoExposure. Give exactly one of `gateway` and `ingress`. */
export interface ArgoExposureProps {
  /**
   * Expose the URL with Gateway API routes (AKS's direction after the ingress-nginx retirement:
   * the application routing add-on's Gateway API implementation or Application Gateway for Containers).
   * @default - none; give this or `ingress`
   */
  readonly gateway?: ArgoGatewayExposureOptions;
  /**
   * Expose the URL with an Ingress.
   * @default - none; give this or `gateway`
   */
  readonly ingress?: ArgoIngressExposureOptions;
}

/** How the URL is exposed, for documents (the bootstrap document reads it). */
export enum ExposureKind {
  /** Gateway API routes. */
  GATEWAY = 'gateway',
  /** An Ingress. */
  INGRESS = 'ingress',
}

/**
 * The Argo CD URL reachable over HTTPS, through the `argo-cd` chart's own objects (no separate
 * manifest): with `gateway`, the chart's HTTPRoute (`server.httproute`, and a GRPCRoute for a
 * gRPC host name); with `ingress`, the chart's Ingress (`server.ingress`, and `server.ingressGrpc`
 * for a gRPC host name) with TLS from cert-manager or Azure Key Vault.
 *
 * TLS ends at the Gateway or the ingress controller, which forwards plain HTTP inside the
 * cluster: `server.insecure: "true"` in argocd-cmd-params-cm (Argo CD's documented setting behind
 * a TLS-terminating proxy), and the same key in the chart's `configs.params`, which the chart's
 * route and ingress templates read to pick the Service's HTTP port
 * (`templates/argocd-server/httproute.yaml`: `$servicePort`).
 *
 * The host name is the platform URL's: the routes and the Ingress are written for exactly that
 * host, so SSO's redirect URI (`<url>/auth/callback`) is the address users reach.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/ingress/
 *
 * @example
 * import { ArgoExposure, ArgoPlatform } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // The platform URL through the chart's HTTPRoute, attached to the HTTPS listener of a shared Gateway.
 * new ArgoExposure(platform, 'Exposure', {
 *   gateway: { parentRefs: [{ name: 'platform-gateway', namespace: 'gateway-system', sectionName: 'https' }] },
 * });
 */
export class ArgoExposure extends Construct {
  /** Whether the URL is exposed with Gateway API routes or an Ingress. */
  public readonly kind: ExposureKind;
  /** The host name users reach (the platform URL's host). */
  public readonly hostname: string;
  /** The gRPC host name, if any. */
  public readonly grpcHostname?: string;
  /** The Ingress class (Ingress only). */
  public readonly ingressClassName?: string;
  /** The Gateways the HTTPRoute attaches to (Gateway only). */
  public readonly parentRefs: GatewayParentReference[];
  /** The certificate (Ingress only). */
  public readonly certificate?: ExposureCertificate;

  constructor(scope: Construct, id: string, props: ArgoExposureProps) {
    super(scope, id);
    const platform = ArgoPlatform.platformOf(this);
    const url = new URL(platform.url);
    if (url.port !== '' || (url.pathname !== '/' && url.pathname !== '')) {
      fail(this, 'url', platform.url, 'the routes serve the root path on port 443 of the URL\'s host; give the ArgoPlatform a URL without port or path (a path needs server.rootpath and server.basehref)');
    }
    this.hostname = url.hostname;
    if ((props.gateway === undefined) === (props.ingress === undefined)) {
      fail(this, 'props', Object.keys(props).filter(k => (props as any)[k] !== undefined).join(',') || 'none', 'give exactly one of gateway and ingress');
    }

    // TLS ends at the proxy: the server speaks HTTP, and the chart's templates pick the HTTP port.
    platform.settings.set(this, SettingsConfigMap.CMD_PARAMS_CM, 'server.insecure', 'true');
    platform.chartValues.set(this, 'configs.params', { 'server.insecure': 'true' });

    if (props.gateway) {
      this.kind = ExposureKind.GATEWAY;
      const gateway = props.gateway;
      this.parentRefs = this.checkParentRefs('gateway.parentRefs', gateway.parentRefs);
      this.grpcHostname = this.checkGrpcHostname('gateway.grpcHostname', gateway.grpcHostname);
      platform.chartValues.set(this, 'server.httproute', {
        enabled: true,
        parentRefs: this.parentRefs,
        hostnames: [this.hostname],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }],
      });
      if (this.grpcHostname) {
        const grpcParents = gateway.grpcParentRefs === undefined ? this.parentRefs : this.checkParentRefs('gateway.grpcParentRefs', gateway.grpcParentRefs);
        platform.chartValues.set(this, 'server.grpcroute', {
          enabled: true,
          parentRefs: grpcParents,
          hostnames: [this.grpcHostname],
          rules: [{ matches: [{ method: { type: 'Exact' } }] }],
        });
      }
    } else {
      this.kind = ExposureKind.INGRESS;
      const ingress = props.ingress!;
      this.parentRefs = [];
      this.ingressClassName = assertDnsSubdomain(this, 'ingress.ingressClassName', ingress.ingressClassName ?? AKS_APP_ROUTING_INGRESS_CLASS);
      this.certificate = this.checkCertificate(ingress.certificate);
      this.grpcHostname = this.checkGrpcHostname('ingress.grpcHostname', ingress.grpcHostname);
      const nginx = this.ingressClassName === AKS_APP_ROUTING_INGRESS_CLASS || this.ingressClassName.includes('nginx');
      platform.chartValues.set(this, 'server.ingress', {
        enabled: true,
        ingressClassName: this.ingressClassName,
        hostname: this.hostname,
        annotations: this.certificateAnnotations(),
        // The chart's `tls: true` names the Secret argocd-server-tls; extraTls names the one this certificate source writes.
        tls: false,
        extraTls: [{ hosts: [this.hostname], secretName: this.secretNameFor(SERVER_INGRESS_NAME) }],
      });
      if (this.grpcHostname) {
        platform.chartValues.set(this, 'server.ingressGrpc', {
          enabled: true,
          ingressClassName: this.ingressClassName,
          hostname: this.grpcHostname,
          annotations: {
            ...this.certificateAnnotations(),
            ...(nginx ? { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' } : {}),
          },
          tls: false,
          extraTls: [{ hosts: [this.grpcHostname], secretName: this.secretNameFor(SERVER_GRPC_INGRESS_NAME) }],
        });
      }
    }
  }

  /** The Secret holding the certificate of one of the chart's Ingresses. */
  public secretNameFor(ingressName: string): string {
    return this.certificate?.source === ExposureCertificateSource.KEY_VAULT ? `keyvault-${ingressName}` : `${ingressName}-tls`;
  }

  private certificateAnnotations(): { [key: string]: string } {
    const certificate = this.certificate!;
    if (certificate.source === ExposureCertificateSource.KEY_VAULT) return { [AKS_KEY_VAULT_CERTIFICATE_ANNOTATION]: certificate.reference };
    return { [certificate.issuerKind === CertManagerIssuerKind.ISSUER ? CERT_MANAGER_ISSUER : CERT_MANAGER_CLUSTER_ISSUER]: certificate.reference };
  }

  private checkCertificate(certificate: ExposureCertificate): ExposureCertificate {
    if (!(certificate instanceof ExposureCertificate)) {
      fail(this, 'ingress.certificate', certificate, 'use ExposureCertificate.certManager(issuer) or ExposureCertificate.keyVault(certificateUri)');
    }
    if (certificate.source === ExposureCertificateSource.KEY_VAULT) {
      if (this.ingressClassName !== AKS_APP_ROUTING_INGRESS_CLASS) {
        fail(this, 'ingress.certificate', certificate.reference,
          `the Key Vault annotation is read by the AKS application routing add-on only (ingress class ${AKS_APP_ROUTING_INGRESS_CLASS}, got class ${this.ingressClassName}); use ExposureCertificate.certManager(issuer), or a gateway exposure whose listener takes the Key Vault certificate`);
      }
      if (!/^https:\/\/[a-z0-9-]{3,24}\.vault\.azure\.(net|cn|us)\/certificates\/[A-Za-z0-9-]{1,127}$/.test(certificate.reference)) {
        fail(this, 'ingress.certificate', certificate.reference,
          'must be a Key Vault certificate URI without version, e.g. https://kv-platform.vault.azure.net/certificates/argocd (an unversioned URI picks up renewals)');
      }
    } else {
      assertDnsSubdomain(this, 'ingress.certificate', certificate.reference);
      if (!Object.values(CertManagerIssuerKind).includes(certificate.issuerKind!)) {
        fail(this, 'ingress.certificate', certificate.issuerKind, `the issuer kind must be one of ${Object.values(CertManagerIssuerKind).join(', ')}`);
      }
    }
    return certificate;
  }

  private checkParentRefs(field: string, refs: GatewayParentReference[]): GatewayParentReference[] {
    if (!Array.isArray(refs) || refs.length === 0) fail(this, field, refs, 'give at least one Gateway (name, namespace, and the HTTPS listener as sectionName)');
    return refs.map((ref, i) => {
      assertDnsSubdomain(this, `${field}[${i}].name`, ref?.name);
      if (ref.namespace !== undefined) assertDnsLabel(this, `${field}[${i}].namespace`, ref.namespace);
      if (ref.sectionName !== undefined) assertDnsSubdomain(this, `${field}[${i}].sectionName`, ref.sectionName);
      return {
        name: ref.name,
        ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}),
        ...(ref.sectionName !== undefined ? { sectionName: ref.sectionName } : {}),
      };
    });
  }

  private checkGrpcHostname(field: string, hostname?: string): string | undefined {
    if (hostname === undefined) return undefined;
    if (typeof hostname !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(hostname) || hostname.length > 253) {
      fail(this, field, hostname, 'must be a fully qualified host name in lower case, e.g. grpc.argocd.example.org');
    }
    if (hostname === this.hostname) {
      fail(this, field, hostname, 'must differ from the URL\'s host (gRPC and HTTP routes for one host name conflict); leave it out to use `argocd --grpc-web` through the URL');
    }
    return hostname;
  }
}
