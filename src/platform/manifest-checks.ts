import { configMapKeyReason, labelKeyReason, labelValueReason } from '../util/kube-names';
import { looksLikeSecretName, redacted } from '../util/redaction';
import { outputTextReason, printable, quoteForError } from '../util/text';

/** The writer every file goes through: the library's one YAML module (go-yaml-safe quoting). */
export { toYaml } from '../util/yaml';

/**
 * The checks every rendered object passes before any file is written, whoever built it: every
 * string (keys included) is one go-yaml reads back unchanged, names make safe file names,
 * ConfigMap and Secret keys are valid, and the object is within the API server's limits. They run
 * on plain objects, so constructs added later are covered without doing anything.
 */

/** The API server's limit for a ConfigMap's or Secret's data (`MaxSecretSize`), in bytes. */
export const MAX_DATA_BYTES = 1024 * 1024;
/** The API server's limit for all annotations of one object (`TotalAnnotationSizeLimitB`), in bytes. */
export const MAX_ANNOTATION_BYTES = 256 * 1024;
/** The API server's limit for a label value, in characters. */
export const MAX_LABEL_VALUE = 63;

/** What an object name may be to become part of a file name (Kubernetes names, plus ':' for RBAC objects). */
const FILE_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9._:]*[A-Za-z0-9])?$/;

/** Why a name cannot be part of an output file name; undefined when it can. */
export function fileNamePartReason(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must not be empty';
  if (value.length > 253) return 'must be at most 253 characters';
  if (!FILE_NAME_PART.test(value) || value.includes('..')) {
    return 'must be letters, digits, "-", "." or ":" (starting and ending with a letter or digit, no ".."), so that it names a file inside its folder';
  }
  return undefined;
}

/** `<Kind> <namespace>/<name>`, how errors name an object. */
export function objectLabel(manifest: any): string {
  const namespace = manifest?.metadata?.namespace;
  return printable(`${manifest?.kind ?? 'object'} ${namespace ? `${namespace}/` : ''}${manifest?.metadata?.name ?? '(unnamed)'}`);
}

/**
 * Every problem with one rendered object, one line each: `[<chart path>] <Kind> <ns>/<name> <field>: <reason>`.
 * @param ownerOf the construct paths that produced a field, when the caller knows them (the
 *   contributors of a settings ConfigMap's key): the problem is then reported at them
 */
export function manifestProblems(chartPath: string, manifest: any, ownerOf?: (field: string) => string | undefined): string[] {
  const problems: string[] = [];
  let where: string | undefined; // named only when there is a problem
  const secret = manifest?.kind === 'Secret';
  const add = (field: string, reason: string, value?: unknown, secretValue = false) => {
    const shown = value === undefined ? '' : secretValue ? ` (got "${redacted(value)}")` : ` (got ${quoteForError(value)})`;
    const owner = ownerOf?.(field);
    where ??= `[${printable(chartPath)}] ${objectLabel(manifest)}`;
    problems.push(`${owner === undefined ? where : `[${printable(owner)}] ${objectLabel(manifest)}`} ${printable(field)}: ${reason}${shown}`);
  };

  walkStrings(manifest, (fieldOf, value, isKey) => {
    // kustomize (kyaml, which Argo CD runs on a folder with a kustomization.yaml) takes a `<<` key for
    // a merge key even when it is quoted or tagged !!str, and drops it.
    if (isKey && value === '<<') {
      add(fieldOf(), 'key must not be "<<": kustomize reads it as a YAML merge key even when quoted and drops it', value);
      return;
    }
    const reason = outputTextReason(value);
    if (!reason) return;
    const field = fieldOf();
    const secretValue = !isKey && (secret || looksLikeSecretName(field));
    add(field, `${isKey ? 'key ' : ''}${reason}`, value, secretValue);
  });

  if (manifest?.kind === 'ConfigMap' || secret) {
    let total = 0;
    for (const section of secret ? ['data', 'stringData'] : ['data', 'binaryData']) {
      const data = manifest[section];
      if (data === undefined || data === null) continue;
      for (const [key, value] of Object.entries(data)) {
        const keyReason = configMapKeyReason(key);
        if (keyReason) add(`${section}.${key}`, keyReason, key);
        if (typeof value !== 'string') continue;
        const base64 = section === 'binaryData' || (secret && section === 'data');
        total += base64 ? Buffer.from(value, 'base64').length : Buffer.byteLength(value, 'utf8');
      }
    }
    if (total > MAX_DATA_BYTES) {
      add('data', `is ${total} bytes, over the API server's limit of ${MAX_DATA_BYTES} bytes (1 MiB) for a ${manifest.kind}; split it or move the data elsewhere`);
    }
  }

  const annotations = manifest?.metadata?.annotations;
  if (annotations && typeof annotations === 'object') {
    let total = 0;
    for (const [key, value] of Object.entries(annotations)) total += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(String(value), 'utf8');
    if (total > MAX_ANNOTATION_BYTES) {
      add('metadata.annotations', `are ${total} bytes in total, over the API server's limit of ${MAX_ANNOTATION_BYTES} bytes (256 KiB)`);
    }
  }
  const labels = manifest?.metadata?.labels;
  if (labels && typeof labels === 'object') {
    // The same validators as the constructs' props (util/kube-names.ts).
    for (const [key, value] of Object.entries(labels)) {
      const keyReason = labelKeyReason(key);
      if (keyReason) add(`metadata.labels.${key}`, keyReason, key);
      const text = String(value);
      const valueReason = labelValueReason(text);
      if (valueReason) add(`metadata.labels.${key}`, valueReason, text);
    }
  }
  return problems;
}

/**
 * Visits every string of a plain value, keys included. The field (`spec.source.helm.parameters[0].name`)
 * is built only when the visitor asks for it (`fieldOf`), that is when a string has a problem.
 */
function walkStrings(root: unknown, visitString: (fieldOf: () => string, value: string, isKey: boolean) => void) {
  const path: Array<string | number> = [];
  const fieldOf = () => path.reduce<string>((field, part) => (typeof part === 'number' ? `${field}[${part}]` : field ? `${field}.${part}` : part), '');
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      visitString(fieldOf, value, false);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i]);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        path.push(key);
        visitString(fieldOf, key, true);
        walk(item);
        path.pop();
      }
    }
  };
  walk(root);
}
