import { tokenTextReason } from './text';

/**
 * The one URL check. Every URL the library accepts (Argo CD's own URL, the GitOps repository,
 * application sources, Helm and OCI repositories, repository Secrets, webhooks) goes through
 * `urlReason`, so a transport or credential rule holds everywhere at once:
 * - no user info with a password or token (`https://x:token@host/…`): credentials belong in a SecretSource;
 * - no `file://`, no `<transport>::` remote helpers (`ext::sh -c …`), nothing starting with `-`,
 *   no host or user starting with `-` (`ssh://-oProxyCommand=…`, `git@-o…:x`): Git would read them as options;
 * - no whitespace, control, invisible or line-break characters anywhere;
 * - no plain `http://`: credentials and Argo CD's own URL travel over TLS.
 */

/** Which URLs a field accepts. */
export interface UrlRules {
  /** `https://host/path`. */
  readonly https?: boolean;
  /** `ssh://[git@]host[:port]/path` and scp-like `git@host:path`. */
  readonly ssh?: boolean;
  /** `oci://registry/path` and a bare `registry.example.com/path` (Argo CD's form for Helm charts in OCI). */
  readonly oci?: boolean;
}

/** Git repositories: https, ssh or scp-like. */
export const GIT_URL: UrlRules = { https: true, ssh: true };
/** Helm chart repositories: https or OCI. */
export const CHART_URL: UrlRules = { https: true, oci: true };
/** Only https (Argo CD's own URL, webhooks, OIDC issuers). */
export const HTTPS_URL: UrlRules = { https: true };
/** Anything Argo CD can fetch from: Git, Helm or OCI. */
export const ANY_REPOSITORY_URL: UrlRules = { https: true, ssh: true, oci: true };

const HOST = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const BARE_REGISTRY = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+(:\d+)?\/[^\s*?#]+$/;
const SCP = /^([^@/:]+)@([^:/]+):(?!\/\/)(.+)$/;

/** Why a value is not an accepted URL; undefined when it is one. */
export function urlReason(value: string, rules: UrlRules): string | undefined {
  const text = tokenTextReason(value);
  if (text) return text;
  if (/\s/.test(value)) return 'must not contain whitespace';
  if (value.startsWith('-')) return 'must not start with "-" (Git would read it as a command-line option)';
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(value)) return 'must not use a Git remote helper ("<transport>::"); it runs commands on the repo server';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'file') return 'must not be a file:// URL; Argo CD would read the repo server\'s own files';
  if (scheme === 'http') return 'plain http:// would send the credentials in clear text; use https://';

  const scp = scheme === undefined || !value.slice(scheme.length).startsWith('://') ? SCP.exec(value) : null;
  if (scp) {
    if (!USER.test(scp[1])) return 'the user must be a plain name such as git (not starting with "-")';
    if (!HOST.test(scp[2])) return 'the host must be a host name (not starting with "-")';
    return rules.ssh ? undefined : expected(rules);
  }
  if (scheme === undefined || !value.slice(scheme.length).startsWith('://')) {
    if (rules.oci && BARE_REGISTRY.test(value)) return undefined;
    return expected(rules);
  }
  const allowed = (rules.https ? ['https'] : []).concat(rules.ssh ? ['ssh'] : [], rules.oci ? ['oci'] : []);
  const authority = value.slice(scheme.length + 3).split(/[/?#]/)[0];
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    const userInfo = authority.slice(0, at);
    if (scheme !== 'ssh' || userInfo.includes(':')) {
      return 'must not embed credentials (user info before "@"); give them as a SecretSource';
    }
    if (!USER.test(userInfo)) return 'the user must be a plain name such as git (not starting with "-")';
  }
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  const host = /^(.*?)(:\d+)?$/.exec(hostPort)![1];
  if (!HOST.test(host)) return 'must name a host (letters, digits, "-" and ".", not starting with "-")';
  let parsed: URL;
  try {
    parsed = new URL(value.replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, 'https:'));
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.hostname.toLowerCase() !== host.toLowerCase()) return 'must name a host (letters, digits, "-" and ".", not starting with "-")';
  return allowed.includes(scheme) ? undefined : expected(rules);
}

function expected(rules: UrlRules): string {
  const forms = [
    ...(rules.https ? ['https://host/path'] : []),
    ...(rules.ssh ? ['ssh://[user@]host[:port]/path', 'git@host:path'] : []),
    ...(rules.oci ? ['oci://registry/path', 'registry.example.com/path'] : []),
  ];
  return `must be ${forms.join(', ').replace(/, ([^,]*)$/, ' or $1')}`;
}
