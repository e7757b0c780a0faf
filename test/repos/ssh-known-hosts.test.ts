import { createHash, generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { SettingsConfigMap, SshKeyType, SshKnownHosts, SshKnownHostsPreset } from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';
import { referencePath } from '../helpers/reference';

/** Builds an SSH wire-format public key blob from length-prefixed parts. */
function blob(...parts: Buffer[]): string {
  return Buffer.concat(parts.flatMap(p => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(p.length);
    return [length, p];
  })).toString('base64');
}

function ed25519Key(): string {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  return blob(Buffer.from('ssh-ed25519'), Buffer.from(jwk.x!, 'base64url'));
}

function rsaKey(bits: number): string {
  const jwk = generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' });
  const modulus = Buffer.from(jwk.n!, 'base64url');
  return blob(Buffer.from('ssh-rsa'), Buffer.from(jwk.e!, 'base64url'), Buffer.concat([Buffer.from([0]), modulus]));
}

const GITHUB_ED25519 = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const GITHUB_ECDSA = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=';
const GITHUB_RSA = 'AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnGLVlOhGeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/hWCqBywINIR+5dIg6JTJ72pcEpEjcYgXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8CSSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWRVruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FNyeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+EjqoTwvqNj4kqx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5hpQs+p1vN1/wsjk=';

describe('SshKnownHosts', () => {
  test('the platform always renders argocd-ssh-known-hosts-cm and argocd-tls-certs-cm, empty without contributions', () => {
    // GIVEN a platform without known hosts
    const { app } = newPlatform();
    // WHEN
    const files = renderParsed(app);
    // THEN both exist, because `argocd admin export` fails when either is missing
    expect(files['argocd/configmap-argocd-ssh-known-hosts-cm.yaml']).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'argocd-ssh-known-hosts-cm',
        namespace: 'argocd',
        labels: { 'app.kubernetes.io/name': 'argocd-ssh-known-hosts-cm', 'app.kubernetes.io/part-of': 'argocd' },
      },
      data: { ssh_known_hosts: '' },
    });
    expect(files['argocd/configmap-argocd-tls-certs-cm.yaml']).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'argocd-tls-certs-cm',
        namespace: 'argocd',
        labels: { 'app.kubernetes.io/name': 'argocd-tls-certs-cm', 'app.kubernetes.io/part-of': 'argocd' },
      },
      data: {},
    });
    expect(files['argocd/kustomization.yaml'].resources).toEqual(expect.arrayContaining([
      'configmap-argocd-ssh-known-hosts-cm.yaml', 'configmap-argocd-tls-certs-cm.yaml',
    ]));
  });

  test('the GitHub preset renders GitHub\'s published keys, sorted', () => {
    const { app, platform } = newPlatform();
    new SshKnownHosts(platform, 'KnownHosts', { presets: [SshKnownHostsPreset.GITHUB] });
    const data = renderParsed(app)['argocd/configmap-argocd-ssh-known-hosts-cm.yaml'].data;
    expect(data.ssh_known_hosts).toBe([
      `[ssh.github.com]:443 ecdsa-sha2-nistp256 ${GITHUB_ECDSA}`,
      `[ssh.github.com]:443 ssh-ed25519 ${GITHUB_ED25519}`,
      `[ssh.github.com]:443 ssh-rsa ${GITHUB_RSA}`,
      `github.com ecdsa-sha2-nistp256 ${GITHUB_ECDSA}`,
      `github.com ssh-ed25519 ${GITHUB_ED25519}`,
      `github.com ssh-rsa ${GITHUB_RSA}`,
    ].join('\n') + '\n');
  });

  test('entries from several constructs are merged, deduplicated and sorted whatever the order', () => {
    const gitea = ed25519Key();
    const render = (reverse: boolean) => {
      const { app, platform } = newPlatform();
      const adds = [
        () => new SshKnownHosts(platform, 'Gitea', { hosts: [{ host: '[git.example.org]:2222', keyType: SshKeyType.ED25519, publicKey: gitea }] }),
        () => new SshKnownHosts(platform, 'GitHub', { hosts: [{ host: 'github.com', keyType: SshKeyType.ED25519, publicKey: GITHUB_ED25519 }] }),
        () => new SshKnownHosts(platform, 'GitHubAgain', { presets: [SshKnownHostsPreset.GITHUB] }),
      ];
      (reverse ? adds.reverse() : adds).forEach(add => add());
      return app.render()['argocd/configmap-argocd-ssh-known-hosts-cm.yaml'];
    };
    const forward = render(false);
    expect(render(true)).toBe(forward);
    const lines = (parse(forward).data.ssh_known_hosts as string).trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe(`[git.example.org]:2222 ssh-ed25519 ${gitea}`);
    expect([...lines].sort()).toEqual(lines);
  });

  test('addHost adds a key after construction; IPv4 hosts and 2048-bit RSA keys are accepted', () => {
    const { app, platform } = newPlatform();
    const hosts = new SshKnownHosts(platform, 'KnownHosts');
    const rsa = rsaKey(2048);
    hosts.addHost({ host: '10.0.0.7', keyType: SshKeyType.RSA, publicKey: rsa });
    expect(renderParsed(app)['argocd/configmap-argocd-ssh-known-hosts-cm.yaml'].data.ssh_known_hosts).toBe(`10.0.0.7 ssh-rsa ${rsa}\n`);
  });

  test.each([
    ['GitHub.com', /\[argocd\/KnownHosts\] hosts\[0\]\.host: must be a lower-case host name, an IPv4 address or \[host\]:port \(no wildcards, hashed names or spaces\) \(got "GitHub.com"\)/],
    ['*.github.com', /hosts\[0\]\.host: must be a lower-case host name.*\(got "\*\.github\.com"\)/],
    ['|1|abc=|def=', /hosts\[0\]\.host: must be a lower-case host name.*\(got "\|1\|abc=\|def="\)/],
    ['github.com:443', /hosts\[0\]\.host: must be a lower-case host name.*\(got "github\.com:443"\)/],
    ['[github.com]:22', /hosts\[0\]\.host: port 22 is written as the plain host name; ssh never looks up \[host\]:22 \(got "\[github\.com\]:22"\)/],
    ['[github.com]:70000', /hosts\[0\]\.host: the port must be a number from 1 to 65535 \(got "\[github\.com\]:70000"\)/],
    ['', /hosts\[0\]\.host: must be a host name, an IPv4 address or \[host\]:port \(got ""\)/],
  ])('refuses host %j', (host, message) => {
    const { platform } = newPlatform();
    expect(() => new SshKnownHosts(platform, 'KnownHosts', { hosts: [{ host, keyType: SshKeyType.ED25519, publicKey: GITHUB_ED25519 }] })).toThrow(message);
  });

  test('refuses a key whose embedded type differs from keyType', () => {
    const { platform } = newPlatform();
    expect(() => new SshKnownHosts(platform, 'KnownHosts', { hosts: [{ host: 'github.com', keyType: SshKeyType.ED25519, publicKey: GITHUB_ECDSA }] }))
      .toThrow(`[argocd/KnownHosts] hosts[0].publicKey: the key is a "ecdsa-sha2-nistp256" key but keyType is "ssh-ed25519" (got "${GITHUB_ECDSA}")`);
  });

  test.each([
    ['not base64', SshKeyType.ED25519, 'not base64!', /hosts\[0\]\.publicKey: must be the base64 key blob \(the third field of an ssh-keyscan line\) \(got "not base64!"\)/],
    ['a whole known_hosts line', SshKeyType.ED25519, `ssh-ed25519 ${GITHUB_ED25519}`, /hosts\[0\]\.publicKey: must be the base64 key blob/],
    ['a truncated key', SshKeyType.ED25519, GITHUB_ED25519.slice(0, 40), /hosts\[0\]\.publicKey: is not an SSH public key blob/],
    ['an ed25519 key of the wrong length', SshKeyType.ED25519, blob(Buffer.from('ssh-ed25519'), Buffer.alloc(31)), /is not a well-formed ssh-ed25519 key \(32-byte public key expected\)/],
    ['an ECDSA key on another curve', SshKeyType.ECDSA_SHA2_NISTP256, blob(Buffer.from('ecdsa-sha2-nistp256'), Buffer.from('nistp384'), Buffer.alloc(65, 4)), /is not a well-formed ecdsa-sha2-nistp256 key/],
  ])('refuses %s', (_name, keyType, publicKey, message) => {
    const { platform } = newPlatform();
    expect(() => new SshKnownHosts(platform, 'KnownHosts', { hosts: [{ host: 'github.com', keyType, publicKey }] })).toThrow(message);
  });

  test('refuses an RSA key under 2048 bits', () => {
    const { platform } = newPlatform();
    const hosts = new SshKnownHosts(platform, 'KnownHosts');
    expect(() => hosts.addHost({ host: 'github.com', keyType: SshKeyType.RSA, publicKey: rsaKey(1024) }))
      .toThrow(/\[argocd\/KnownHosts\] addHost\.publicKey: is a 1024-bit RSA key; at least 2048 bits are required/);
  });

  test('refuses an unknown key type and an unknown preset', () => {
    const { platform } = newPlatform();
    expect(() => new SshKnownHosts(platform, 'A', { hosts: [{ host: 'github.com', keyType: 'ssh-dss' as SshKeyType, publicKey: GITHUB_ED25519 }] }))
      .toThrow('[argocd/A] hosts[0].keyType: must be one of ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa (got "ssh-dss")');
    expect(() => new SshKnownHosts(platform, 'B', { presets: ['gitlab' as SshKnownHostsPreset] }))
      .toThrow('[argocd/B] presets[0]: must be one of github, azure-devops (got "gitlab")');
  });

  test('a construct that writes ssh_known_hosts through platform.settings fails the synth', () => {
    const { app, platform } = newPlatform();
    platform.settings.set(platform, SettingsConfigMap.SSH_KNOWN_HOSTS_CM, 'ssh_known_hosts', 'github.com ssh-ed25519 AAAA');
    expect(() => app.render()).toThrow(/Validation failed with the following errors:[\s\S]*\[argocd\] settings: argocd-ssh-known-hosts-cm ssh_known_hosts is rendered from platform\.sshKnownHosts/);
  });

  test('outside a platform it fails with the construct path', () => {
    const chart = new Chart(new App(), 'loose');
    expect(() => new SshKnownHosts(chart, 'KnownHosts', {})).toThrow(/\[loose\/KnownHosts\] is not inside an ArgoPlatform/);
  });

  test('every preset line is a line of the pinned upstream known hosts (argo-cd v3.5.1 manifests and argo-helm argo-cd 10.1.1 configs.ssh.knownHosts)', () => {
    const chartLines = new Set(String(parse(fs.readFileSync(referencePath('upstream', 'argo-helm-argo-cd-10.1.1', 'values.yaml'), 'utf8')).configs.ssh.knownHosts)
      .split('\n').map(l => l.trim()).filter(Boolean));
    for (const preset of Object.values(SshKnownHostsPreset)) {
      const { app, platform } = newPlatform();
      new SshKnownHosts(platform, 'KnownHosts', { presets: [preset] });
      const lines = renderParsed(app)['argocd/configmap-argocd-ssh-known-hosts-cm.yaml'].data.ssh_known_hosts.split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(chartLines.has(line)).toBe(true);
    }
  });

  test('Azure Repos: ssh.dev.azure.com and vs-ssh.visualstudio.com with the RSA key whose SHA256 fingerprint Microsoft publishes', () => {
    const { app, platform } = newPlatform();
    new SshKnownHosts(platform, 'KnownHosts', { presets: [SshKnownHostsPreset.AZURE_DEVOPS] });
    const lines: string[] = renderParsed(app)['argocd/configmap-argocd-ssh-known-hosts-cm.yaml'].data.ssh_known_hosts.split('\n').filter(Boolean);
    expect(lines.map(l => l.split(' ').slice(0, 2).join(' '))).toEqual(['ssh.dev.azure.com ssh-rsa', 'vs-ssh.visualstudio.com ssh-rsa']);
    const fingerprint = createHash('sha256').update(Buffer.from(lines[0].split(' ')[2], 'base64')).digest('base64').replace(/=+$/, '');
    expect(fingerprint).toBe('ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og');
  });
});
