import { IConstruct } from 'constructs';
import { formatProblem, PlatformProblem } from './errors';
import { dnsLabelReason, dnsSubdomainReason } from './kube-names';
import { tokenTextReason } from './text';
import { ANY_REPOSITORY_URL, CHART_URL, GIT_URL, HTTPS_URL, urlReason } from './url';

/**
 * Shared input checks. Every check names the construct path, the field and the offending
 * value, so a bad input is found from the error alone. Values are shown JSON-quoted so that
 * newlines, tabs and trailing spaces are visible.
 */

/** Formats one validation finding: `[path] field: reason (got "value")`. */
export function describeInvalid(scope: IConstruct | string, field: string, value: unknown, reason: string, fix?: string): string {
  return formatProblem({ scope, field, value, reason, fix });
}

/** Throws an Error built by `describeInvalid`. */
export function fail(scope: IConstruct | string, field: string, value: unknown, reason: string, fix?: string): never {
  throw new PlatformProblem({ scope, field, value, reason, fix });
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters. */
export function isDnsLabel(value: string): boolean {
  return dnsLabelReason(value) === undefined;
}

export function assertDnsLabel(scope: IConstruct | string, field: string, value: string): string {
  const reason = dnsLabelReason(value);
  if (reason) fail(scope, field, value, reason);
  return value;
}

/** A DNS-1123 subdomain, as Kubernetes requires for most object names. */
export function assertDnsSubdomain(scope: IConstruct | string, field: string, value: string): string {
  const reason = dnsSubdomainReason(value);
  if (reason) fail(scope, field, value, reason);
  return value;
}

export function isGuid(value: string): boolean {
  return typeof value === 'string' && GUID.test(value);
}

export function assertGuid(scope: IConstruct | string, field: string, value: string): string {
  if (!isGuid(value)) {
    fail(scope, field, value, 'must be a GUID such as 84ce98d1-e359-4f3b-85af-985b458de3c6');
  }
  return value;
}

/** An absolute https URL with a host. */
export function assertHttpsUrl(scope: IConstruct | string, field: string, value: string): string {
  const reason = urlReason(value, HTTPS_URL);
  if (reason) fail(scope, field, value, reason === 'must be https://host/path' ? 'must be an absolute https:// URL' : reason);
  return value;
}

/**
 * Text that ends up inside a CSV policy line or a YAML scalar. Newlines, carriage returns, tabs,
 * double quotes and leading or trailing spaces are refused: they would change the meaning of the
 * line (an extra policy line, a broken quote) rather than just the value.
 */
export function unsafeTokenReason(value: string): string | undefined {
  return tokenTextReason(value);
}

const BUILTIN_ROLE_NAMES = ['admin', 'readonly'];
const GLOB_META = /[*?[\]{}\\!]/;

/**
 * Why a team, project or role name would write to Argo CD's built-in `role:admin` or
 * `role:readonly` (after trimming, case folding and removing a `role:` prefix); undefined otherwise.
 */
export function builtinRoleReason(name: string): string | undefined {
  if (typeof name !== 'string') return undefined;
  const folded = name.normalize('NFKC').trim().toLowerCase().replace(/^role:/, '').trim();
  return BUILTIN_ROLE_NAMES.includes(folded)
    ? `must not be or resemble Argo CD's built-in role:${folded}; a name that matches it would grant or change the built-in role's permissions`
    : undefined;
}

/**
 * Why a value that becomes part of a policy subject, role or object name is not a literal (it holds
 * a glob metacharacter `* ? [ ] { } \\ !`); undefined when it is a literal.
 */
export function globMetaReason(value: string): string | undefined {
  const match = typeof value === 'string' ? GLOB_META.exec(value) : null;
  return match ? `must not contain the glob character ${JSON.stringify(match[0])}; it is a name, not a pattern` : undefined;
}

/** Sorts an object's keys so that rendered maps are byte-identical run to run. */
export function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}

const GIT_URL_SHAPE = /^(https:\/\/[^\s/]+\/|ssh:\/\/[^\s/]+\/|git@[^\s:]+:)[^\s*]+$/;
const CHART_REPOSITORY_URL = /^(https:\/\/|oci:\/\/)[^\s*]+$|^[a-z0-9.-]+\.[a-z]{2,}(:\d+)?\/[^\s*]+$/;
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** Why a value is not a Git repository URL; undefined when it is one. */
export function gitUrlReason(url: string): string | undefined {
  const reason = urlReason(url, GIT_URL);
  return (reason?.startsWith('must be ') ? undefined : reason)
    ?? (GIT_URL_SHAPE.test(url) ? undefined : 'must be a Git repository URL (https://host/org/repo, ssh://host/org/repo or git@host:org/repo)');
}

/** Why a value is not a Helm chart repository (https) or OCI registry URL; undefined when it is one. */
export function chartRepositoryUrlReason(url: string): string | undefined {
  const reason = urlReason(url, CHART_URL);
  return (reason?.startsWith('must be ') ? undefined : reason)
    ?? (CHART_REPOSITORY_URL.test(url) ? undefined : 'must be a Helm repository (https://) or an OCI registry (oci:// or registry/path)');
}

/**
 * Why a value is not a source repository an AppProject may list (a Git repository, a Helm/OCI chart
 * repository, or a glob, which Argo CD accepts and the guardrails judge); undefined when it is one.
 */
export function sourceRepositoryReason(repo: string): string | undefined {
  const unsafe = unsafeTokenReason(repo);
  if (unsafe) return unsafe;
  if (repo.includes('*')) {
    // A glob Argo CD accepts; the guardrail ARGO-PRJ1 judges it. Credentials and transports are still checked.
    const reason = urlReason(repo, ANY_REPOSITORY_URL);
    return reason && !reason.startsWith('must be ') ? reason : undefined;
  }
  const git = gitUrlReason(repo);
  const chart = chartRepositoryUrlReason(repo);
  if (!git || !chart) return undefined;
  const generic = (reason: string) => reason.startsWith('must be ');
  if (!generic(git)) return git;
  if (!generic(chart)) return chart;
  return 'must be a Git repository URL (https://, ssh://, git@host:org/repo) or a Helm/OCI chart repository';
}

/** Why a value is not a branch name Argo CD can follow; HEAD floats and is refused. */
export function branchReason(branch: string): string | undefined {
  if (typeof branch !== 'string' || !BRANCH.test(branch) || branch.endsWith('/') || branch.includes('..') || /^head$/i.test(branch)) {
    return 'must be a branch name (HEAD floats with the remote default branch)';
  }
  return undefined;
}

/**
 * Checks a folder inside a repository (e.g. a `pathPrefix`) and returns it without trailing
 * slashes; empty means the repository root. Absolute paths, `.`/`..` segments, empty segments,
 * spaces, backslashes and wildcards are refused.
 */
export function assertRepositoryPath(scope: IConstruct | string, field: string, path: string): string {
  const trimmed = typeof path === 'string' ? path.replace(/\/+$/, '') : path;
  if (typeof trimmed !== 'string' || path.startsWith('/') || trimmed.includes('//') || /[\s\\*]/.test(trimmed)
    || (trimmed !== '' && trimmed.split('/').some(part => part === '..' || part === '.'))) {
    fail(scope, field, path, 'must be a relative path inside the repository');
  }
  return trimmed;
}

/** Fails unless the value is a Git repository URL. */
export function assertGitUrl(scope: IConstruct | string, field: string, url: string): string {
  const reason = gitUrlReason(url);
  if (reason) fail(scope, field, url, reason);
  return url;
}

/** Fails unless the value is a branch name. */
export function assertBranch(scope: IConstruct | string, field: string, branch: string): string {
  const reason = branchReason(branch);
  if (reason) fail(scope, field, branch, reason);
  return branch;
}

/**
 * Orders strings by UTF-16 code units, like `Array.prototype.sort()` without a comparator.
 * Never `localeCompare`: its order depends on the machine's locale, and output must not.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Namespaces Kubernetes owns; no team deploys into or declares Applications in them. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
