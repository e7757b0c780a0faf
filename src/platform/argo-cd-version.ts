/**
 * An exact Argo CD release, such as `v3.5.1`. Features gated on the server version (for example
 * the Entra ID group-overage claim of 3.5) are checked against it at synth time.
 */
export class ArgoCdVersion {
  /** The release of the CRDs this library is generated from and tested against. */
  public static readonly V3_5_1 = ArgoCdVersion.of('v3.5.1');

  /** The default target: the release of the pinned CRDs. */
  public static readonly DEFAULT = ArgoCdVersion.V3_5_1;

  /**
   * Parses an exact release. Ranges, `latest` and partial versions are refused: the platform
   * must know exactly which server it configures.
   * @param version `vMAJOR.MINOR.PATCH`, with or without the leading `v`
   */
  public static of(version: string): ArgoCdVersion {
    const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version ?? '');
    if (!match) {
      throw new Error(`argoCdVersion: must be an exact release such as v3.5.1 (got ${JSON.stringify(version)})`);
    }
    return new ArgoCdVersion(Number(match[1]), Number(match[2]), Number(match[3]));
  }

  private constructor(
    /** Major version. */
    public readonly major: number,
    /** Minor version. */
    public readonly minor: number,
    /** Patch version. */
    public readonly patch: number) {}

  /** The release tag, e.g. `v3.5.1` (the tag of the `quay.io/argoproj/argocd` image). */
  public get tag(): string {
    return `v${this.major}.${this.minor}.${this.patch}`;
  }

  /** Whether this release is at or after `major.minor`. */
  public isAtLeast(major: number, minor: number): boolean {
    return this.major > major || (this.major === major && this.minor >= minor);
  }

  /** The release tag. */
  public toString(): string {
    return this.tag;
  }
}
