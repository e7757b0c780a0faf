import { IConstruct } from 'constructs';
import { describeInvalid } from '../util/validation';

/** The SSH host key algorithms Argo CD's repo-server accepts in `ssh_known_hosts`. */
export enum SshKeyType {
  /** Ed25519 (`ssh-ed25519`). */
  ED25519 = 'ssh-ed25519',
  /** ECDSA on NIST P-256 (`ecdsa-sha2-nistp256`). */
  ECDSA_SHA2_NISTP256 = 'ecdsa-sha2-nistp256',
  /** RSA (`ssh-rsa`), at least 2048 bits. */
  RSA = 'ssh-rsa',
}

/** One line of `ssh_known_hosts`: a host and one of its public keys. */
export interface SshKnownHost {
  /**
   * The host as Git URLs name it: `github.com`, an IPv4 address, or `[host]:port` for a port
   * other than 22 (e.g. `[ssh.github.com]:443`). Lower case, no wildcards, no hashed names.
   */
  readonly host: string;
  /** The key algorithm; must match the algorithm encoded in `publicKey`. */
  readonly keyType: SshKeyType;
  /** The base64 public key blob (the third field of a `known_hosts` or `ssh-keyscan` line). */
  readonly publicKey: string;
}

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const HOST_NAME = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Why a host is not valid in `ssh_known_hosts`, or undefined when it is. */
function hostReason(host: string): string | undefined {
  if (typeof host !== 'string' || host.length === 0) return 'must be a host name, an IPv4 address or [host]:port';
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(host);
  const name = bracketed ? bracketed[1] : host;
  if (bracketed) {
    const port = Number(bracketed[2]);
    if (!/^[1-9]\d*$/.test(bracketed[2]) || port > 65535) return 'the port must be a number from 1 to 65535';
    if (port === 22) return 'port 22 is written as the plain host name; ssh never looks up [host]:22';
  }
  if (name.length > 253 || !(HOST_NAME.test(name) || IPV4.test(name))) {
    return 'must be a lower-case host name, an IPv4 address or [host]:port (no wildcards, hashed names or spaces)';
  }
  return undefined;
}

/** Reads SSH wire-format strings (uint32 length + bytes) until the buffer ends; undefined if malformed. */
function wireStrings(blob: Buffer): Buffer[] | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(offset);
    offset += 4;
    if (offset + length > blob.length) return undefined;
    parts.push(blob.subarray(offset, offset + length));
    offset += length;
  }
  return parts;
}

/** Why a public key blob is not a well-formed key of the declared type, or undefined when it is. */
function publicKeyReason(keyType: SshKeyType, publicKey: string): string | undefined {
  if (typeof publicKey !== 'string' || !BASE64.test(publicKey) || publicKey.length % 4 !== 0) {
    return 'must be the base64 key blob (the third field of an ssh-keyscan line)';
  }
  const parts = wireStrings(Buffer.from(publicKey, 'base64'));
  if (!parts || parts.length === 0) return 'is not an SSH public key blob';
  const embedded = parts[0].toString('latin1');
  if (embedded !== keyType) return `the key is a ${JSON.stringify(embedded)} key but keyType is ${JSON.stringify(keyType)}`;
  switch (keyType) {
    case SshKeyType.ED25519:
      return parts.length === 2 && parts[1].length === 32 ? undefined : 'is not a well-formed ssh-ed25519 key (32-byte public key expected)';
    case SshKeyType.ECDSA_SHA2_NISTP256:
      return parts.length === 3 && parts[1].toString('latin1') === 'nistp256' && parts[2].length === 65 && parts[2][0] === 4
        ? undefined : 'is not a well-formed ecdsa-sha2-nistp256 key (curve nistp256, 65-byte uncompressed point expected)';
    case SshKeyType.RSA: {
      if (parts.length !== 3) return 'is not a well-formed ssh-rsa key (exponent and modulus expected)';
      const modulus = parts[2][0] === 0 ? parts[2].subarray(1) : parts[2];
      const bits = modulus.length * 8 - (modulus.length ? Math.clz32(modulus[0]) - 24 : 0);
      return bits >= 2048 ? undefined : `is a ${bits}-bit RSA key; at least 2048 bits are required`;
    }
    default:
      return `keyType must be one of ${Object.values(SshKeyType).join(', ')}`;
  }
}

/**
 * The SSH known hosts of one Argo CD instance, rendered by the platform into
 * `argocd-ssh-known-hosts-cm` key `ssh_known_hosts`. Constructs add validated entries; identical
 * entries from several constructs are kept once; lines are sorted so the output is deterministic.
 */
export class SshKnownHostsRegistry {
  private readonly lines = new Map<string, string[]>();

  /**
   * Adds one host key after checking the host syntax and that the key blob is a well-formed key
   * of the declared type.
   * @param contributor the construct that adds it (named in errors)
   * @param field the field named in errors, e.g. `hosts[0]`
   */
  public add(contributor: IConstruct, field: string, entry: SshKnownHost): void {
    const reason = hostReason(entry.host);
    if (reason) throw new Error(describeInvalid(contributor, `${field}.host`, entry.host, reason));
    if (!Object.values(SshKeyType).includes(entry.keyType)) {
      throw new Error(describeInvalid(contributor, `${field}.keyType`, entry.keyType, `must be one of ${Object.values(SshKeyType).join(', ')}`));
    }
    const keyReason = publicKeyReason(entry.keyType, entry.publicKey);
    if (keyReason) throw new Error(describeInvalid(contributor, `${field}.publicKey`, entry.publicKey, keyReason));
    const line = `${entry.host} ${entry.keyType} ${entry.publicKey}`;
    const contributors = this.lines.get(line) ?? [];
    if (!contributors.includes(contributor.node.path)) contributors.push(contributor.node.path);
    this.lines.set(line, contributors);
  }

  /** Whether at least one key is known for a host (`github.com`, `[ssh.github.com]:443`). */
  public hasHost(host: string): boolean {
    return [...this.lines.keys()].some(line => line.startsWith(`${host} `));
  }

  /** The number of distinct host keys. */
  public get size(): number {
    return this.lines.size;
  }

  /** The `ssh_known_hosts` text: one sorted line per host key, newline-terminated; empty when there are none. */
  public render(): string {
    const sorted = [...this.lines.keys()].sort();
    return sorted.length ? `${sorted.join('\n')}\n` : '';
  }
}
