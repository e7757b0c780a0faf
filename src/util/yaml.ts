import { Composer, Document, Lexer, LineCounter, parse, Parser, visit } from 'yaml';
import type { CST } from 'yaml';
import { describeCharacter } from './text';

/**
 * The one YAML module: every YAML text this library reads (the CLI's input files, `lint`, values
 * embedded in Argo CD settings) and every YAML text it writes (manifests, the chart values file,
 * `oidc.config`, the notification settings) goes through here.
 *
 * Which YAML: the consumers are Go programs that read YAML with go-yaml v2 (the Kubernetes API
 * machinery, kubectl, Helm and Argo CD read it through `sigs.k8s.io/yaml`, whose `goyaml.v2` is
 * go-yaml v2.4). go-yaml v2 resolves plain scalars like YAML 1.1 for booleans and nulls (`y`, `yes`,
 * `on`, `off`, `~`), but like Go's `strconv` for numbers: underscores are dropped, `0o17`, `017`,
 * `0x1F` and `0b1` are integers, and sexagesimal `1:20` and timestamps stay strings. So:
 *
 * - **Reading** parses YAML 1.1 syntax with merge keys (`<<`) and resolves every untagged plain
 *   scalar exactly as go-yaml v2 resolves it (`goYamlScalar`). Every reader has the same caps: at
 *   most `MAX_YAML_BYTES`, `MAX_YAML_DEPTH` levels (checked on the syntax tree before any value is
 *   built, and again after aliases expand) and `MAX_YAML_ALIASES` aliases; a raw NEL, LS or PS
 *   (line breaks for go-yaml only) and duplicate keys are refused.
 * - **Writing** (`toYaml`) writes a string plain only when go-yaml v2, YAML 1.1 (PyYAML, the `yaml`
 *   package) and YAML 1.2 (go-yaml v3, kyaml) all read it back as the same string; anything else
 *   (`yes`, `on`, `y`, `~`, `null`, `1_000`, `0755`, `0o10`, `1:20`, `.inf`, `2001-12-14`, `<<`, and
 *   `=`, which is YAML 1.1's value key that PyYAML refuses) is double-quoted. Objects are written
 *   without anchors or aliases, and without line folding.
 */

/** The lexer's markers (yaml's CST): a scalar's source follows, a document starts, a flow collection ends early. */
const SCALAR_LEXEME = '\x1f';
const DOCUMENT_LEXEME = '\x02';
const FLOW_END_LEXEME = '\x18';

/** The largest YAML text read, in bytes (a kustomize build of a large platform fits many times over). */
export const MAX_YAML_BYTES = 8 * 1024 * 1024;
/** Deeper than any Kubernetes object needs (an AppProject or ConfigMap is under 10 levels). */
export const MAX_YAML_DEPTH = 64;
/** Aliases a document may expand; an "alias bomb" needs thousands. */
export const MAX_YAML_ALIASES = 100;

/** A problem reading YAML: a one-line message and where it is (1-based). */
export interface YamlProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** One document read. */
export interface YamlDocument {
  /** The value, as go-yaml v2 reads it. */
  readonly value: unknown;
  /** The line (1-based) where the document's content starts. */
  readonly line: number;
  /** The line (1-based) of the node at a path inside the document, or the document's line. */
  lineOf(path: ReadonlyArray<string | number>): number;
}

/** Every document of a YAML stream, and the problems of those that could not be read (one each). */
export interface YamlStream {
  readonly documents: YamlDocument[];
  readonly problems: YamlProblem[];
}

/**
 * Reads every document of a YAML text as go-yaml v2 reads it. A document that cannot be read gives
 * one problem and is left out; the others are still read. Problems with the whole text (too large,
 * a NEL/LS/PS) give one problem and no documents.
 */
export function readYamlStream(text: string): YamlStream {
  const lineCounter = new LineCounter();
  const problems: YamlProblem[] = [];
  const documents: YamlDocument[] = [];
  const problemAt = (offset: number, message: string) => {
    const pos = lineCounter.linePos(offset);
    problems.push({ line: pos.line, column: pos.col, message: firstLine(message) });
  };

  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_YAML_BYTES) {
    return { documents, problems: [{ line: 1, column: 1, message: `is ${bytes} bytes, over the ${MAX_YAML_BYTES}-byte limit for YAML input` }] };
  }
  const breakChar = /[\u0085\u2028\u2029]/.exec(text);
  if (breakChar) {
    const before = text.slice(0, breakChar.index);
    const line = before.split('\n').length;
    return {
      documents,
      problems: [{
        line,
        column: breakChar.index - before.lastIndexOf('\n'),
        message: `contains ${describeCharacter(breakChar[0])}, which go-yaml (Kubernetes, Argo CD) reads as a line break; refusing to guess which reading is meant`,
      }],
    };
  }

  // The concrete syntax tree is built without recursion, and the lexemes feeding it are watched:
  // flow brackets and block `- `/`? ` markers on one line nest at least that deep, so a hostile document is
  // refused at its 65th level instead of being parsed whole (the parser slows down with depth).
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  let offset = 0;
  let flow = 0;
  let markers = 0;
  let scalarNext = false;
  for (const lexeme of new Lexer().lex(text)) {
    if (scalarNext) {
      scalarNext = false;
    } else {
      switch (lexeme) {
        case '[': case '{': flow++; break;
        case ']': case '}': flow = Math.max(0, flow - 1); break;
        case '-': case '?': if (flow === 0) markers++; break;
        case '\n': case '\r\n': markers = 0; break;
        case SCALAR_LEXEME: scalarNext = true; break;
        case DOCUMENT_LEXEME: case FLOW_END_LEXEME: case '---': case '...': flow = 0; markers = 0; break;
      }
    }
    if (flow + markers > MAX_YAML_DEPTH) {
      problemAt(offset, `nested deeper than ${MAX_YAML_DEPTH} levels`);
      return { documents, problems };
    }
    if (lexeme !== SCALAR_LEXEME && lexeme !== DOCUMENT_LEXEME && lexeme !== FLOW_END_LEXEME) offset += lexeme.length;
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  for (const token of parser.end()) tokens.push(token);
  const composable: CST.Token[] = [];
  for (const token of tokens) {
    if (token.type === 'document') {
      const deep = deepestOffset(token);
      if (deep !== undefined) {
        problemAt(deep, `nested deeper than ${MAX_YAML_DEPTH} levels`);
        continue;
      }
    }
    composable.push(token);
  }
  const composer = new Composer({ version: '1.1', merge: true, uniqueKeys: true, prettyErrors: false });
  const docs = [...composer.compose(composable, false, text.length)];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      problemAt(doc.errors[0].pos[0], doc.errors[0].message);
      continue;
    }
    resolveLikeGoYaml(doc);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      problemAt(doc.range[0], (e as Error).message);
      continue;
    }
    if (valueDepthExceeds(value, MAX_YAML_DEPTH)) {
      problemAt(doc.range[0], `nested deeper than ${MAX_YAML_DEPTH} levels once its aliases are expanded`);
      continue;
    }
    const line = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
    documents.push({
      value,
      line,
      lineOf: (path) => {
        const node = doc.getIn(path as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
        return node?.range ? lineCounter.linePos(node.range[0]).line : line;
      },
    });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { documents, problems };
}

/** Every document's value, as go-yaml v2 reads it; throws an Error with a one-line message for input it will not read. */
export function parseYamlDocuments(text: string): unknown[] {
  const { documents, problems } = readYamlStream(text);
  if (problems.length > 0) {
    const p = problems[0];
    throw new Error(`invalid YAML at line ${p.line}, column ${p.column}: ${p.message}`);
  }
  return documents.map(d => d.value);
}

/**
 * One YAML value, read like go-yaml's `Unmarshal` into an `interface{}` (as Argo CD reads `scopes`,
 * `subscriptions` or a resource customization): the first document; `undefined` for empty text.
 * Throws an Error with a one-line message for input it will not read.
 */
export function parseYaml(text: string): unknown {
  const documents = parseYamlDocuments(text);
  return documents.length === 0 ? undefined : documents[0];
}

/** How `toYaml` writes. */
export interface ToYamlOptions {
  /**
   * Sort every mapping's keys (JavaScript string order).
   * @default false
   */
  readonly sortMapEntries?: boolean;
}

/**
 * YAML that go-yaml (v2 in the API server, Helm and Argo CD; v3 in kustomize), PyYAML and the `yaml`
 * package all read as this value: a string another reader would take for a bool, number, null,
 * timestamp, merge key or value key is double-quoted; the rest is what `yaml` writes, without
 * anchors, aliases or line folding.
 */
export function toYaml(value: unknown, options: ToYamlOptions = {}): string {
  const doc = new Document(value, { aliasDuplicateObjects: false, sortMapEntries: options.sortMapEntries ?? false });
  let escapes = false;
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (ESCAPED.test(node.value)) {
        escapes = true;
        node.type = 'QUOTE_DOUBLE';
        return;
      }
      // go-yaml rejects a tab at the start of a block scalar's line ("found a tab character where an
      // indentation space is expected"), so multi-line text with tabs is written double-quoted.
      const multiLine = node.value.includes('\n');
      // Only a one-line string can be written plain; a block scalar's content is never resolved.
      if ((!multiLine && !plainReadsAsItself(node.value)) || (multiLine && node.value.includes('\t'))) node.type = 'QUOTE_DOUBLE';
    },
  });
  const text = doc.toString({ lineWidth: 0 });
  // Every such character is inside a double-quoted scalar (above), where an escape means the same.
  return escapes ? text.replace(ESCAPED_ALL, escapeCharacter) : text;
}

/**
 * Characters the `yaml` package writes raw but go-yaml reads differently: NEL, LS and PS are line
 * breaks for go-yaml, and DEL, the C1 controls, U+FEFF, U+FFFE and U+FFFF are not printable, which
 * go-yaml refuses ("control characters are not allowed"). They are written as escapes.
 */
const ESCAPED = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const ESCAPED_ALL = new RegExp(ESCAPED.source, 'g');

function escapeCharacter(c: string): string {
  if (c === '\u0085') return '\\N';
  if (c === '\u2028') return '\\L';
  if (c === '\u2029') return '\\P';
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Plain scalars that go-yaml v2, YAML 1.1 or YAML 1.2 might read as something other than this string. */
const MAYBE_NOT_A_STRING = /^[-+.0-9~<=]|^(y|n|yes|no|on|off|true|false|null)$/i;

/** Whether `text`, written as a plain scalar, reads back as this same string in go-yaml v2, YAML 1.1 and YAML 1.2. */
export function plainReadsAsItself(text: string): boolean {
  if (text === '') return false;
  if (!MAYBE_NOT_A_STRING.test(text)) return true;
  // `<<` is a merge key and `=` YAML 1.1's value key (PyYAML refuses to construct it).
  if (text === '<<' || text === '=') return false;
  if (goYamlScalar(text) !== text) return false;
  try {
    return parse(text, { version: '1.1' }) === text && parse(text, { version: '1.2' }) === text;
  } catch {
    return false;
  }
}

const GO_YAML_WORDS = new Map<string, null | boolean | number>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map(w => [w, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map(w => [w, false] as const),
  ...['~', 'null', 'Null', 'NULL'].map(w => [w, null] as const),
  ...['.nan', '.NaN', '.NAN'].map(w => [w, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map(w => [w, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map(w => [w, -Infinity] as const),
]);
/** `strconv.ParseInt(s, 0, 64)` syntax (after go-yaml drops every `_`). */
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** go-yaml's `yamlStyleFloat`. */
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** `strconv.ParseFloat` of a text starting with `.`. */
const GO_DOT_FLOAT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/;

/**
 * The value go-yaml v2 (`sigs.k8s.io/yaml/goyaml.v2`, resolve.go) gives an untagged plain scalar
 * decoded into an `interface{}`: YAML 1.1 booleans and nulls, `.inf`/`.nan`, integers in Go syntax
 * after dropping `_` (`1_000`, `0o17`, `017`, `0x1F`, `0b1`), decimal floats; everything else,
 * timestamps and sexagesimal numbers included, is the string itself.
 */
export function goYamlScalar(text: string): null | boolean | number | string {
  if (text === '') return null;
  const word = GO_YAML_WORDS.get(text);
  if (word !== undefined || GO_YAML_WORDS.has(text)) return word ?? null;
  const first = text[0];
  if (first === '.') return GO_DOT_FLOAT.test(text) ? Number(text.replace(/_/g, '')) : text;
  if (first !== '-' && first !== '+' && (first < '0' || first > '9')) return text;
  const plain = text.replace(/_/g, '');
  const int = GO_INT.exec(plain);
  if (int) {
    const digits = /^0[0-7]+$/.test(int[2]) ? `0o${int[2].slice(1)}` : int[2];
    const magnitude = Number(BigInt(digits));
    return int[1] === '-' ? -magnitude : magnitude;
  }
  if (GO_FLOAT.test(plain)) return Number(plain);
  return text;
}

/** Gives every untagged plain scalar the value go-yaml v2 gives it (merge keys stay merge keys). */
function resolveLikeGoYaml(doc: Document.Parsed): void {
  visit(doc, {
    Scalar(_key, node) {
      if (node.type !== 'PLAIN' || node.tag !== undefined || typeof node.source !== 'string' || node.source === '<<') return;
      node.value = goYamlScalar(node.source);
    },
  });
}

/** The offset where a document's syntax tree is nested deeper than MAX_YAML_DEPTH, if it is. */
function deepestOffset(document: CST.Document): number | undefined {
  const stack: Array<[CST.Token | undefined, number]> = [[document.value, 1]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth > MAX_YAML_DEPTH) return token.offset;
      for (const item of token.items) {
        const pair = item as { key?: CST.Token | null; value?: CST.Token };
        if (pair.key) stack.push([pair.key, depth + 1]);
        stack.push([pair.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** Whether a plain value nests deeper than `max` (iteratively; a cycle counts as too deep). */
function valueDepthExceeds(root: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= max) return true;
    const children = Array.isArray(value) ? value : value instanceof Map ? [...value.values()] : Object.values(value);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return false;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
