import { GuardrailLevel, PlatformViolation, platformRule } from '../../guardrail-rule';
import { applicationSourcesOf, describeObject, isAppProject, isApplication, isKind, list, record } from '../../manifests';

/** The label Argo CD selects its repository Secrets by (argo-cd v3.5.1 common/common.go `LabelKeySecretType`). */
const SECRET_TYPE = 'argocd.argoproj.io/secret-type';

/** A repository credential found in the output: an exact `repository` or a prefix `repo-creds`. */
interface Credential {
  readonly type: 'repository' | 'repo-creds';
  readonly url: string;
  /** The object that carries it, for the finding. */
  readonly object: string;
}

/**
 * A URL the way Argo CD compares them (argo-cd v3.5.1 util/git/git.go `NormalizeGitURL`): trimmed,
 * lower case, `user@host:path` as `ssh://user@host/path`, without a trailing `.git` or `/`.
 */
export function normalizeRepoUrl(url: string): string {
  let u = url.trim().toLowerCase();
  const scp = /^([\w.-]+@)?([\w.-]+):(?!\/\/)(.*)$/.exec(u);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//.test(u)) u = `ssh://${scp[1] ?? ''}${scp[2]}/${scp[3]}`;
  return u.replace(/\/+$/, '').replace(/\.git$/, '').replace(/\/+$/, '');
}

/** The host and owner (first path segment; Azure DevOps SSH: the organisation after `v3/`) a URL belongs to. */
function hostAndOwner(url: string): { host: string; owner?: string; scheme: string } | undefined {
  const normalized = normalizeRepoUrl(url);
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?(?:\/(.*))?$/.exec(normalized)
    ?? /^()([^/:]+)(?:\/(.*))?$/.exec(normalized);
  if (!m) return undefined;
  let host = m[2];
  let segments = (m[3] ?? '').split('/').filter(s => s !== '');
  if (host === 'ssh.dev.azure.com' || host === 'vs-ssh.visualstudio.com') {
    host = 'dev.azure.com';
    if (segments[0] === 'v3') segments = segments.slice(1);
  }
  return { host, owner: segments[0], scheme: m[1] === '' ? 'oci' : m[1] };
}

/** The `url` and secret type of a repository Secret, ExternalSecret (its target template) or SealedSecret (its template). */
function credentialOf(manifest: any): Credential | undefined {
  let labels: any;
  let url: unknown;
  if (isKind(manifest, '', 'Secret')) {
    labels = manifest.metadata?.labels;
    url = manifest.stringData?.url ?? (typeof manifest.data?.url === 'string' ? Buffer.from(manifest.data.url, 'base64').toString('utf8') : undefined);
  } else if (isKind(manifest, 'external-secrets.io', 'ExternalSecret')) {
    labels = manifest.spec?.target?.template?.metadata?.labels;
    url = manifest.spec?.target?.template?.data?.url;
  } else if (isKind(manifest, 'bitnami.com', 'SealedSecret')) {
    labels = manifest.spec?.template?.metadata?.labels;
    url = manifest.spec?.template?.data?.url;
  } else {
    return undefined;
  }
  const type = record(labels)?.[SECRET_TYPE];
  if ((type !== 'repository' && type !== 'repo-creds') || typeof url !== 'string' || url === '') return undefined;
  return { type, url, object: describeObject(manifest) };
}

/** Whether Argo CD picks a credential for the URL (argo-cd v3.5.1 util/db/repository_secrets.go: repository by equal URL, repo-creds by prefix). */
function matches(credential: Credential, url: string): boolean {
  const repo = normalizeRepoUrl(url);
  const cred = normalizeRepoUrl(credential.url);
  return credential.type === 'repository' ? repo === cred : repo.startsWith(cred);
}

/** The URL of the same repository in the credential's form (SSH `git@host:owner/repo.git` or `https://host/owner/repo.git`). */
function inCredentialForm(url: string, credential: Credential): string | undefined {
  const target = hostAndOwner(credential.url);
  const normalized = normalizeRepoUrl(url);
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/(.*)$/.exec(normalized)?.[1];
  if (!target || !path || target.host !== 'github.com' && target.host !== 'gitlab.com' && target.host !== 'bitbucket.org') return undefined;
  const scp = /^([\w.-]+@)[\w.-]+:/.exec(credential.url.trim());
  if (scp) return `${scp[1]}${target.host}:${path}.git`;
  if (target.scheme === 'https') return `https://${target.host}/${path}.git`;
  return undefined;
}

export const RepositoryWithoutCredential = platformRule({
  id: 'ARGO-REP1',
  name: 'RepositoryWithoutCredential',
  level: GuardrailLevel.WARNING,
  finding: 'An Application or AppProject names a repository URL no credential matches, while the output has credentials for that host and owner',
  explanation: 'Argo CD picks a repository Secret by the exact URL and a repo-creds template by URL prefix (util/db/repository_secrets.go), '
    + 'so `git@github.com:org` never applies to `https://github.com/org/repo.git`: a private repository read over the other scheme fails '
    + 'with an authentication error. Use the URL in the form the credential has (e.g. the SSH URL), or add a credential for it. '
    + 'A public repository needs none: acknowledge the finding.',
  evaluate: platform => {
    const credentials = platform.objects.map(o => credentialOf(o.manifest)).filter((c): c is Credential => c !== undefined);
    if (credentials.length === 0) return [];
    const violations: PlatformViolation[] = [];
    for (const object of platform.objects) {
      const manifest = object.manifest;
      const uses: Array<{ field: string; url: string }> = [];
      if (isApplication(manifest)) {
        for (const source of applicationSourcesOf(manifest)) {
          if (typeof source.value.repoURL === 'string') uses.push({ field: `${source.field}.repoURL`, url: source.value.repoURL });
        }
      } else if (isAppProject(manifest)) {
        list(manifest.spec?.sourceRepos).forEach((repo, i) => {
          if (typeof repo === 'string' && !repo.includes('*') && !repo.startsWith('!')) uses.push({ field: `spec.sourceRepos[${i}]`, url: repo });
        });
      } else {
        continue;
      }
      for (const use of uses) {
        if (credentials.some(c => matches(c, use.url))) continue;
        const where = hostAndOwner(use.url);
        if (!where?.owner) continue;
        const sameOwner = credentials.filter(c => {
          const other = hostAndOwner(c.url);
          return other?.host === where.host && other.owner === where.owner;
        });
        if (sameOwner.length === 0) continue;
        const suggestion = sameOwner.map(c => inCredentialForm(use.url, c)).find(s => s !== undefined);
        violations.push({
          path: object.path,
          detail: `${describeObject(manifest)} ${use.field} is ${use.url}, which no repository credential matches; the credentials for ${where.host}/${where.owner} are `
            + `${sameOwner.map(c => `${c.url} (${c.type}, ${c.object})`).join(', ')}: `
            + `${suggestion ? `use ${suggestion}` : 'use the URL in the form of one of them'}, or add a credential for ${use.url} (a public repository needs none)`,
        });
      }
    }
    return violations;
  },
});
