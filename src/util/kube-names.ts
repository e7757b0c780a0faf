/**
 * One validator per Kubernetes name kind, as the API server checks it (k8s.io/apimachinery
 * pkg/util/validation/validation.go: IsQualifiedName, IsValidLabelValue, IsDNS1123Label,
 * IsDNS1123Subdomain, IsConfigMapKey). Constructs check their props with these at construction, and
 * the writer checks every rendered object with the same functions, so a name refused at render was
 * already refused at the prop that carries it. Each returns why the value is not of its kind, or
 * undefined when it is. Lengths are checked before any pattern: linear time on any input.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

/** The longest DNS-1123 label (`DNS1123LabelMaxLength`). */
export const DNS_LABEL_MAX = 63;
/** The longest DNS-1123 subdomain (`DNS1123SubdomainMaxLength`). */
export const DNS_SUBDOMAIN_MAX = 253;
/** The longest name part of a qualified name (label and annotation keys), and the longest label value. */
export const QUALIFIED_NAME_MAX = 63;
/** The longest ConfigMap or Secret key. */
export const CONFIG_MAP_KEY_MAX = 253;

/** Why a value is not a DNS-1123 label (namespaces, most names that become a host name part). */
export function dnsLabelReason(value: string): string | undefined {
  if (typeof value !== 'string' || value.length > DNS_LABEL_MAX || !DNS_LABEL.test(value)) {
    return `must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most ${DNS_LABEL_MAX} characters)`;
  }
  return undefined;
}

/** Why a value is not a DNS-1123 subdomain (most object names, the prefix of a label key). */
export function dnsSubdomainReason(value: string): string | undefined {
  if (typeof value !== 'string' || value.length > DNS_SUBDOMAIN_MAX || !DNS_SUBDOMAIN.test(value)) {
    return `must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most ${DNS_SUBDOMAIN_MAX} characters)`;
  }
  return undefined;
}

/** Why a key is not a label (or annotation) key: `[prefix/]name`, the prefix a DNS-1123 subdomain, the name at most 63 characters. */
export function labelKeyReason(key: string): string | undefined {
  if (typeof key !== 'string') return 'must be a Kubernetes label key (a string)';
  if (key.length > DNS_SUBDOMAIN_MAX + 1 + QUALIFIED_NAME_MAX) {
    return `must be a Kubernetes label key ([prefix/]name): it is ${key.length} characters, longer than any (prefix at most ${DNS_SUBDOMAIN_MAX}, name at most ${QUALIFIED_NAME_MAX})`;
  }
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > DNS_SUBDOMAIN_MAX || !DNS_SUBDOMAIN.test(prefix))) {
    return `must be a Kubernetes label key ([prefix/]name): the prefix must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most ${DNS_SUBDOMAIN_MAX} characters)`;
  }
  if (name.length > QUALIFIED_NAME_MAX) {
    return `must be a Kubernetes label key ([prefix/]name): the name is ${name.length} characters, over Kubernetes' limit of ${QUALIFIED_NAME_MAX}`;
  }
  if (!QUALIFIED_NAME.test(name)) {
    return 'must be a Kubernetes label key ([prefix/]name): the name is letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why a value is not a label value: empty, or at most 63 letters, digits, `-`, `_` and `.`, alphanumeric at both ends. */
export function labelValueReason(value: string): string | undefined {
  if (typeof value !== 'string') return 'must be a Kubernetes label value (a string)';
  if (value.length > QUALIFIED_NAME_MAX) return `is ${value.length} characters, over Kubernetes' limit of ${QUALIFIED_NAME_MAX} for a label value`;
  if (value !== '' && !QUALIFIED_NAME.test(value)) {
    return 'must be a Kubernetes label value (at most 63 letters, digits, "-", "_" and ".")';
  }
  return undefined;
}

/** Why a key is not a ConfigMap or Secret data key (letters, digits, `-`, `_` and `.`, at most 253, not `.`/`..`). */
export function configMapKeyReason(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0 || key.length > CONFIG_MAP_KEY_MAX || !CONFIG_MAP_KEY.test(key) || key === '.' || key.startsWith('..')) {
    return `is not a valid ConfigMap/Secret key (letters, digits, "-", "_" and ".", at most ${CONFIG_MAP_KEY_MAX} characters, not "." or starting with "..")`;
  }
  return undefined;
}
