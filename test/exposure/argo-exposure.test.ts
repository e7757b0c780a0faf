import * as fs from 'fs';
import { parse } from 'yaml';
import { ArgoExposure, CertManagerIssuerKind, ExposureCertificate, ExposureKind, SelfManagedArgo } from '../../src';
import { newPlatform } from '../helpers/platform-fixture';
import { describeIfReference, referencePath } from '../helpers/reference';

const GATEWAY = { name: 'platform-gateway', namespace: 'gateway-system', sectionName: 'https' };

function values(app: ReturnType<typeof newPlatform>['app']) {
  const files = app.render();
  return { values: parse(files['argocd.values.yaml']), params: parse(files['argocd/configmap-argocd-cmd-params-cm.yaml']).data };
}

describe('ArgoExposure', () => {
  test('gateway: the chart\'s HTTPRoute for exactly the URL\'s host, no GRPCRoute, and the server behind the TLS-terminating Gateway speaks HTTP', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    const exposure = new ArgoExposure(platform, 'Exposure', { gateway: { parentRefs: [GATEWAY] } });
    const { values: v, params } = values(app);
    expect(exposure.kind).toBe(ExposureKind.GATEWAY);
    expect(v.server.httproute).toEqual({
      enabled: true,
      hostnames: ['argocd.example.org'],
      parentRefs: [GATEWAY],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }],
    });
    expect(v.server.grpcroute).toBeUndefined();
    expect(v.server.ingress).toBeUndefined();
    // The chart's templates pick the Service port from configs.params; the server reads argocd-cmd-params-cm.
    expect(v.configs.params).toEqual({ 'create': false, 'server.insecure': 'true' });
    expect(params['server.insecure']).toBe('true');
    expect(v.global.domain).toBe('argocd.example.org');
  });

  test('gateway with a gRPC host name: the chart\'s GRPCRoute on that host, attached to the same Gateway by default', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoExposure(platform, 'Exposure', { gateway: { parentRefs: [{ name: 'gw' }], grpcHostname: 'grpc.argocd.example.org' } });
    const { values: v } = values(app);
    expect(v.server.grpcroute).toEqual({
      enabled: true,
      hostnames: ['grpc.argocd.example.org'],
      parentRefs: [{ name: 'gw' }],
      rules: [{ matches: [{ method: { type: 'Exact' } }] }],
    });
  });

  test('ingress with a Key Vault certificate: the app routing class, the add-on\'s annotation, and its keyvault-<ingress> Secret in extraTls', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoExposure(platform, 'Exposure', {
      ingress: { certificate: ExposureCertificate.keyVault('https://kv-platform.vault.azure.net/certificates/argocd'), grpcHostname: 'grpc.argocd.example.org' },
    });
    const { values: v, params } = values(app);
    expect(v.server.ingress).toEqual({
      enabled: true,
      ingressClassName: 'webapprouting.kubernetes.azure.com',
      hostname: 'argocd.example.org',
      annotations: { 'kubernetes.azure.com/tls-cert-keyvault-uri': 'https://kv-platform.vault.azure.net/certificates/argocd' },
      tls: false,
      extraTls: [{ hosts: ['argocd.example.org'], secretName: 'keyvault-argocd-server' }],
    });
    expect(v.server.ingressGrpc).toEqual({
      enabled: true,
      ingressClassName: 'webapprouting.kubernetes.azure.com',
      hostname: 'grpc.argocd.example.org',
      annotations: {
        'kubernetes.azure.com/tls-cert-keyvault-uri': 'https://kv-platform.vault.azure.net/certificates/argocd',
        'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC',
      },
      tls: false,
      extraTls: [{ hosts: ['grpc.argocd.example.org'], secretName: 'keyvault-argocd-server-grpc' }],
    });
    expect(params['server.insecure']).toBe('true');
  });

  test('ingress with cert-manager: the issuer annotation and a <ingress>-tls Secret', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoExposure(platform, 'Exposure', {
      ingress: { ingressClassName: 'azure-alb-external', certificate: ExposureCertificate.certManager('letsencrypt', CertManagerIssuerKind.ISSUER) },
    });
    const { values: v } = values(app);
    expect(v.server.ingress.annotations).toEqual({ 'cert-manager.io/issuer': 'letsencrypt' });
    expect(v.server.ingress.extraTls).toEqual([{ hosts: ['argocd.example.org'], secretName: 'argocd-server-tls' }]);
    expect(v.server.ingress.ingressClassName).toBe('azure-alb-external');
  });

  test('a hand-written host name in extraValues that disagrees with the URL fails the synth', () => {
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', extraValues: { server: { httproute: { hostnames: ['other.example.org'] } } } });
    new ArgoExposure(platform, 'Exposure', { gateway: { parentRefs: [GATEWAY] } });
    expect(() => app.render()).toThrow('[argocd/SelfManaged] extraValues.server.httproute.hostnames: server.httproute.hostnames is contributed by [argocd/Exposure] (["argocd.example.org"]); change the platform instead of overriding it (got ["other.example.org"])');
  });

  test.each([
    ['neither gateway nor ingress', {}, '[argocd/Exposure] props: give exactly one of gateway and ingress (got "none")'],
    ['both', { gateway: { parentRefs: [GATEWAY] }, ingress: { certificate: ExposureCertificate.certManager('le') } }, '[argocd/Exposure] props: give exactly one of gateway and ingress (got "gateway,ingress")'],
    ['no parentRefs', { gateway: { parentRefs: [] } }, '[argocd/Exposure] gateway.parentRefs: give at least one Gateway (name, namespace, and the HTTPS listener as sectionName) (got [])'],
    ['gRPC on the URL\'s host', { gateway: { parentRefs: [GATEWAY], grpcHostname: 'argocd.example.org' } },
      '[argocd/Exposure] gateway.grpcHostname: must differ from the URL\'s host (gRPC and HTTP routes for one host name conflict); leave it out to use `argocd --grpc-web` through the URL (got "argocd.example.org")'],
    ['a versioned Key Vault URI', { ingress: { certificate: ExposureCertificate.keyVault('https://kv-platform.vault.azure.net/certificates/argocd/0123abcd') } },
      '[argocd/Exposure] ingress.certificate: must be a Key Vault certificate URI without version, e.g. https://kv-platform.vault.azure.net/certificates/argocd (an unversioned URI picks up renewals) (got "https://kv-platform.vault.azure.net/certificates/argocd/0123abcd")'],
    ['a Key Vault certificate on another ingress class', { ingress: { ingressClassName: 'azure-alb-external', certificate: ExposureCertificate.keyVault('https://kv-platform.vault.azure.net/certificates/argocd') } },
      '[argocd/Exposure] ingress.certificate: the Key Vault annotation is read by the AKS application routing add-on only (ingress class webapprouting.kubernetes.azure.com, got class azure-alb-external); use ExposureCertificate.certManager(issuer), or a gateway exposure whose listener takes the Key Vault certificate (got "https://kv-platform.vault.azure.net/certificates/argocd")'],
  ])('refuses %s', (_name, props, message) => {
    const { platform } = newPlatform();
    expect(() => new ArgoExposure(platform, 'Exposure', props as any)).toThrow(message);
  });

  test('refuses a platform URL with a path or port (the routes serve / on 443)', () => {
    const { platform } = newPlatform({ url: 'https://example.org/argocd' });
    expect(() => new ArgoExposure(platform, 'Exposure', { gateway: { parentRefs: [GATEWAY] } })).toThrow(
      '[argocd/Exposure] url: the routes serve the root path on port 443 of the URL\'s host; give the ArgoPlatform a URL without port or path (a path needs server.rootpath and server.basehref) (got "https://example.org/argocd")');
  });
});

describeIfReference('ArgoExposure against the argo-cd chart 10.1.1 templates', () => {
  const template = (name: string) => fs.readFileSync(referencePath('upstream', 'argo-helm-argo-cd-10.1.1', 'templates', 'argocd-server', name), 'utf8');

  test('templates/argocd-server/httproute.yaml and grpcroute.yaml read the values the construct sets, and pick the HTTP port from configs.params server.insecure', () => {
    for (const file of ['httproute.yaml', 'grpcroute.yaml']) {
      const text = template(file);
      const key = file === 'httproute.yaml' ? 'httproute' : 'grpcroute';
      for (const value of ['enabled', 'parentRefs', 'hostnames', 'rules']) expect(text).toContain(`.Values.server.${key}.${value}`);
      expect(text).toContain('$insecure := index .Values.configs.params "server.insecure" | toString');
      expect(text).toContain('eq $insecure "true" | ternary .Values.server.service.servicePortHttp .Values.server.service.servicePortHttps');
    }
  });

  test('templates/argocd-server/ingress.yaml: hostname, ingressClassName, extraTls; `tls: true` would name argocd-server-tls instead', () => {
    const text = template('ingress.yaml');
    for (const value of ['hostname', 'ingressClassName', 'extraTls', 'annotations']) expect(text).toContain(`.Values.server.ingress.${value}`);
    expect(text).toContain('secretName: argocd-server-tls');
    const grpc = template('ingress-grpc.yaml');
    for (const value of ['hostname', 'ingressClassName', 'extraTls', 'annotations']) expect(grpc).toContain(`.Values.server.ingressGrpc.${value}`);
  });
}, 'upstream', 'argo-helm-argo-cd-10.1.1');
