import { Construct } from 'constructs';
import { ArgoPlatform } from '../platform/argo-platform';
import { SshKeyType, SshKnownHost } from '../platform/ssh-known-hosts-registry';
import { fail } from '../util/validation';

/** Host keys this library ships, copied from a public source that can be checked. */
export enum SshKnownHostsPreset {
  /**
   * GitHub: `github.com` and `[ssh.github.com]:443` with their Ed25519, ECDSA and RSA keys, as in
   * Argo CD v3.5.1's `manifests/base/config/argocd-ssh-known-hosts-cm.yaml` and the argo-cd
   * chart 10.1.1's `configs.ssh.knownHosts`. GitHub publishes them at https://api.github.com/meta.
   */
  GITHUB = 'github',
  /**
   * Azure Repos (Azure DevOps): `ssh.dev.azure.com` and the older `vs-ssh.visualstudio.com`, with
   * their RSA key (SHA256 fingerprint `ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og`), as in Argo CD
   * v3.5.1's `manifests/base/config/argocd-ssh-known-hosts-cm.yaml` and the argo-cd chart 10.1.1's
   * `configs.ssh.knownHosts`. Microsoft publishes the fingerprint in "Use SSH key authentication"
   * (Azure Repos documentation). Azure Repos SSH URLs look like `git@ssh.dev.azure.com:v3/<org>/<project>/<repo>`.
   */
  AZURE_DEVOPS = 'azure-devops',
}

const AZURE_DEVOPS_RSA = 'AAAAB3NzaC1yc2EAAAADAQABAAABAQC7Hr1oTWqNqOlzGJOfGJ4NakVyIzf1rXYd4d7wo6jBlkLvCA4odBlL0mDUyZ0/QUfTTqeu+tm22gOsv+VrVTMk6vwRU75gY/y9ut5Mb3bR5BV58dKXyq9A9UeB5Cakehn5Zgm6x1mKoVyf+FFn26iYqXJRgzIZZcZ5V6hrE0Qg39kZm4az48o0AUbf6Sp4SLdvnuMa2sVNwHBboS7EJkm57XQPVU3/QpyNLHbWDdzwtrlS+ez30S3AdYhLKEOxAG8weOnyrtLJAUen9mTkol8oII1edf7mWWbWVf0nBmly21+nZcmCTISQBtdcyPaEno7fFQMDD26/s0lfKob4Kw8H';

const GITHUB_KEYS: Array<[SshKeyType, string]> = [
  [SshKeyType.ECDSA_SHA2_NISTP256, 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg='],
  [SshKeyType.ED25519, 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl'],
  [SshKeyType.RSA, 'AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnGLVlOhGeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/hWCqBywINIR+5dIg6JTJ72pcEpEjcYgXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8CSSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWRVruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FNyeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+EjqoTwvqNj4kqx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5hpQs+p1vN1/wsjk='],
];

const PRESETS: Record<SshKnownHostsPreset, SshKnownHost[]> = {
  [SshKnownHostsPreset.GITHUB]: ['github.com', '[ssh.github.com]:443'].flatMap(host =>
    GITHUB_KEYS.map(([keyType, publicKey]) => ({ host, keyType, publicKey }))),
  [SshKnownHostsPreset.AZURE_DEVOPS]: ['ssh.dev.azure.com', 'vs-ssh.visualstudio.com'].map(host => ({ host, keyType: SshKeyType.RSA, publicKey: AZURE_DEVOPS_RSA })),
};

/** Props for SshKnownHosts. */
export interface SshKnownHostsProps {
  /**
   * Host keys to trust, e.g. from `ssh-keyscan <host>` checked against the provider's published
   * fingerprints.
   * @default - none
   */
  readonly hosts?: SshKnownHost[];
  /**
   * Shipped host key sets.
   * @default - none
   */
  readonly presets?: SshKnownHostsPreset[];
}

/**
 * SSH host keys Argo CD trusts for Git over SSH, contributed to the platform's
 * `argocd-ssh-known-hosts-cm` (the platform renders that ConfigMap once, sorted, from every
 * contribution). The typed replacement for `argocd cert add-ssh --batch <host>`: each key is
 * checked for host syntax and for a key blob that really is a key of the declared type.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#ssh-known-host-public-keys
 *
 * @example
 * import { ArgoPlatform, SshKnownHosts, SshKnownHostsPreset } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * new SshKnownHosts(platform, 'KnownHosts', { presets: [SshKnownHostsPreset.GITHUB] });
 */
export class SshKnownHosts extends Construct {
  private readonly platform: ArgoPlatform;

  constructor(scope: Construct, id: string, props: SshKnownHostsProps = {}) {
    super(scope, id);
    this.platform = ArgoPlatform.platformOf(this);
    for (const [index, preset] of (props.presets ?? []).entries()) {
      const hosts = PRESETS[preset];
      if (!hosts) fail(this, `presets[${index}]`, preset, `must be one of ${Object.values(SshKnownHostsPreset).join(', ')}`);
      hosts.forEach((host, hostIndex) => this.platform.sshKnownHosts.add(this, `presets[${index}][${hostIndex}]`, host));
    }
    (props.hosts ?? []).forEach((host, index) => this.platform.sshKnownHosts.add(this, `hosts[${index}]`, host));
  }

  /** Trusts one more host key. */
  public addHost(host: SshKnownHost): void {
    this.platform.sshKnownHosts.add(this, 'addHost', host);
  }
}
