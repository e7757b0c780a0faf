import { configMapKeyReason, dnsLabelReason, dnsSubdomainReason, labelKeyReason, labelValueReason } from '../../src/util/kube-names';

/**
 * One validator per Kubernetes name kind, as k8s.io/apimachinery pkg/util/validation/validation.go checks it
 * (IsQualifiedName, IsValidLabelValue, IsDNS1123Label, IsDNS1123Subdomain, IsConfigMapKey).
 */
describe('Kubernetes name kinds (util/kube-names)', () => {
  test('label keys: [prefix/]name, prefix a DNS-1123 subdomain of at most 253, name at most 63', () => {
    for (const ok of ['app', 'a', 'app.kubernetes.io/name', 'example.org/Owner_1', 'a'.repeat(63), `${'p'.repeat(253)}/${'n'.repeat(63)}`]) {
      expect(labelKeyReason(ok)).toBeUndefined();
    }
    expect(labelKeyReason('a'.repeat(64))).toBe('must be a Kubernetes label key ([prefix/]name): the name is 64 characters, over Kubernetes\' limit of 63');
    expect(labelKeyReason(`example.org/${'a'.repeat(64)}`)).toBe('must be a Kubernetes label key ([prefix/]name): the name is 64 characters, over Kubernetes\' limit of 63');
    expect(labelKeyReason('Example.org/a')).toMatch(/the prefix must be a DNS-1123 subdomain/);
    expect(labelKeyReason(`${'p'.repeat(254)}/a`)).toMatch(/the prefix must be a DNS-1123 subdomain/);
    expect(labelKeyReason('/a')).toMatch(/the prefix must be a DNS-1123 subdomain/);
    expect(labelKeyReason('a/b/c')).toMatch(/the name is letters, digits/);
    expect(labelKeyReason('-a')).toMatch(/the name is letters, digits/);
    expect(labelKeyReason('')).toMatch(/the name is letters, digits/);
    expect(labelKeyReason('x'.repeat(1_000_000))).toBe('must be a Kubernetes label key ([prefix/]name): it is 1000000 characters, longer than any (prefix at most 253, name at most 63)');
  });

  test('label values: empty, or at most 63 alphanumerics, "-", "_", "." with alphanumeric ends', () => {
    for (const ok of ['', 'a', 'a_b.c-d', 'A'.repeat(63)]) expect(labelValueReason(ok)).toBeUndefined();
    expect(labelValueReason('a'.repeat(64))).toBe('is 64 characters, over Kubernetes\' limit of 63 for a label value');
    expect(labelValueReason('kube prometheus')).toBe('must be a Kubernetes label value (at most 63 letters, digits, "-", "_" and ".")');
    expect(labelValueReason('-a')).toBeDefined();
  });

  test('DNS-1123 labels and subdomains', () => {
    expect(dnsLabelReason('payments-prod')).toBeUndefined();
    expect(dnsLabelReason('a'.repeat(64))).toMatch(/^must be a DNS-1123 label/);
    expect(dnsLabelReason('a.b')).toMatch(/^must be a DNS-1123 label/);
    expect(dnsSubdomainReason('a.b-c')).toBeUndefined();
    expect(dnsSubdomainReason('A')).toMatch(/^must be a DNS-1123 subdomain/);
    expect(dnsSubdomainReason('a'.repeat(254))).toMatch(/^must be a DNS-1123 subdomain/);
  });

  test('ConfigMap keys', () => {
    for (const ok of ['policy.csv', 'server.log.level', '.hidden', 'a_b-c']) expect(configMapKeyReason(ok)).toBeUndefined();
    for (const bad of ['', '.', '..', '..x', 'a/b', 'a b', 'k'.repeat(254)]) expect(configMapKeyReason(bad)).toMatch(/^is not a valid ConfigMap\/Secret key/);
  });
});
