import { IAnyProducer } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from '../util/validation';

/**
 * Files for people written next to the platform's folder (`dist/<platform>.<suffix>`), outside
 * what Argo CD applies: the access audit, the values file, runbooks.
 */
export class PlatformArtifacts {
  private readonly producers = new Map<string, IAnyProducer>();

  /**
   * @param owner the platform (named in errors)
   * @param platformName the prefix every artifact's file name starts with
   */
  constructor(private readonly owner: IConstruct, private readonly platformName: string) {}

  /**
   * Adds a file.
   * @param fileName a file name relative to the output root; must start with `<platform>.`
   * @param producer produces the file's text at synth time (undefined: no file)
   */
  public add(fileName: string, producer: IAnyProducer): void {
    if (!fileName.startsWith(`${this.platformName}.`) || /[/\\\s]/.test(fileName)) {
      fail(this.owner, 'artifact', fileName, `artifact files are named "${this.platformName}.<suffix>" and sit at the output root`);
    }
    if (this.producers.has(fileName)) fail(this.owner, 'artifact', fileName, 'is already produced by this platform');
    this.producers.set(fileName, producer);
  }

  /** Renders the artifacts: file name to content, sorted by name. */
  public render(): { [fileName: string]: string } {
    const out: Record<string, string> = {};
    for (const name of [...this.producers.keys()].sort()) {
      const content = this.producers.get(name)!.produce();
      if (content === undefined) continue; // nothing to write for this platform (e.g. no teams)
      if (typeof content !== 'string') fail(this.owner, 'artifact', name, 'producer must return a string');
      out[name] = content;
    }
    return out;
  }
}
