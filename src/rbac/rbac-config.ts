import { BUILTIN_POLICY_V3_5_1 } from './builtin-policy';
import { RbacConfigError } from './rbac-errors';
import { quoteForError } from '../util/text';
import { parseYaml, parseYamlDocuments } from '../util/yaml';

/** The API server's limit for a ConfigMap's data (`MaxSecretSize`), in bytes. */
const MAX_CONFIG_MAP_DATA_BYTES = 1024 * 1024;

/** The RBAC data of `argocd-rbac-cm`, as the Argo CD API server reads it. */
export interface RbacConfigProps {
  /**
   * The user policy: `policy.csv` then every `policy.<x>.csv` in sorted key order, joined with newlines.
   * @default ''
   */
  readonly policyCsv?: string;
  /**
   * The default role (`policy.default`); empty means none.
   * @default ''
   */
  readonly policyDefault?: string;
  /**
   * `policy.matchMode`: `regex` means regex, anything else glob.
   * @default 'glob'
   */
  readonly matchMode?: string;
  /**
   * The claims whose values are groups (`scopes`).
   * @default ['groups']
   */
  readonly scopes?: string[];
  /**
   * The builtin policy loaded before the user policy.
   * @default - Argo CD v3.5.1's builtin policy
   */
  readonly builtinPolicy?: string;
}

/** The RBAC configuration of one Argo CD instance. */
export class RbacConfig {
  /** Reads the `data` of an argocd-rbac-cm ConfigMap. */
  public static fromData(data: { [key: string]: string }): RbacConfig {
    return new RbacConfig({
      policyCsv: RbacConfig.policyCsvOf(data),
      policyDefault: data['policy.default'] ?? '',
      matchMode: data['policy.matchMode'] ?? 'glob',
      scopes: RbacConfig.parseScopes(data.scopes),
    });
  }

  /** Reads an argocd-rbac-cm ConfigMap manifest (YAML text; the first ConfigMap document). */
  public static fromConfigMapYaml(text: string): RbacConfig {
    let docs: unknown[];
    try {
      docs = parseYamlDocuments(text);
    } catch (e) {
      throw new RbacConfigError((e as Error).message);
    }
    for (const obj of docs as any[]) {
      if (obj && typeof obj === 'object' && obj.kind === 'ConfigMap') {
        const data = obj.data ?? {};
        let bytes = 0;
        for (const [key, value] of Object.entries(data)) {
          if (typeof value !== 'string') throw new RbacConfigError(`ConfigMap data ${quoteForError(key)} must be a string (got ${quoteForError(value)})`);
          bytes += Buffer.byteLength(value, 'utf8');
        }
        if (bytes > MAX_CONFIG_MAP_DATA_BYTES) {
          throw new RbacConfigError(`ConfigMap data is ${bytes} bytes, over the API server's limit of ${MAX_CONFIG_MAP_DATA_BYTES} (1 MiB): Kubernetes refuses it, so Argo CD never reads it`);
        }
        return RbacConfig.fromData(data as Record<string, string>);
      }
    }
    throw new RbacConfigError('no ConfigMap found in the YAML');
  }

  /**
   * Reads a policy file the way `argocd admin settings rbac` does: a ConfigMap manifest when the
   * text is a YAML mapping with `kind: ConfigMap`, raw policy CSV otherwise.
   */
  public static fromPolicyFile(text: string): RbacConfig {
    if (/^[ \t]*kind:[ \t]*["']?ConfigMap["']?[ \t]*\r?$/m.test(text)) return RbacConfig.fromConfigMapYaml(text);
    return new RbacConfig({ policyCsv: text });
  }

  /**
   * `policy.csv`, then every other key that starts with `policy.` and ends with `.csv`, in Go's
   * byte order, each after a newline: Argo CD's `PolicyCSV` exactly.
   */
  public static policyCsvOf(data: { [key: string]: string }): string {
    let out = data['policy.csv'] ?? '';
    const extra = Object.keys(data).filter(k => k.startsWith('policy.') && k.endsWith('.csv') && k !== 'policy.csv')
      .sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
    for (const key of extra) out += `\n${data[key]}`;
    return out;
  }

  /**
   * Parses `scopes` like the server (`yaml.Unmarshal` into a list of strings). Throws when it is
   * not a list: the Argo CD server then fails at startup.
   */
  public static parseScopes(value: string | undefined): string[] {
    if (value === undefined || value === '') return ['groups'];
    let parsed: unknown;
    try {
      parsed = parseYaml(value);
    } catch (e) {
      throw new RbacConfigError(`scopes: invalid YAML (${(e as Error).message})`);
    }
    if (!Array.isArray(parsed) || parsed.some(v => typeof v !== 'string')) {
      throw new RbacConfigError(`scopes: must be a YAML list of claim names such as '[groups, email]'; Argo CD cannot unmarshal ${JSON.stringify(value)} and the server fails to start (got ${JSON.stringify(value)})`);
    }
    return parsed as string[];
  }

  /** The user policy text. */
  public readonly policyCsv: string;
  /** The default role, or '' for none. */
  public readonly policyDefault: string;
  /** `regex` or `glob`. */
  public readonly matchMode: string;
  /** The group claims. */
  public readonly scopes: string[];
  /** The builtin policy text. */
  public readonly builtinPolicy: string;

  constructor(props: RbacConfigProps = {}) {
    this.policyCsv = props.policyCsv ?? '';
    this.policyDefault = props.policyDefault ?? '';
    this.matchMode = props.matchMode === 'regex' ? 'regex' : 'glob';
    this.scopes = props.scopes ?? ['groups'];
    this.builtinPolicy = props.builtinPolicy ?? BUILTIN_POLICY_V3_5_1;
  }
}
