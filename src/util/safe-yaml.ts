import { parseAllDocuments } from 'yaml';
import { describeCharacter } from './text';

/**
 * Reads YAML from outside (a file a user points the CLI at) only where the `yaml` package and
 * go-yaml, which Argo CD and Kubernetes use, read the same thing, and without letting the input
 * exhaust time or memory: a raw NEL/U+2028/U+2029 (line breaks for go-yaml only) is refused, aliases
 * are capped (`maxAliasCount`), and nesting deeper than any Kubernetes object needs is refused before
 * parsing (the parser recurses, and a deep document would exhaust the stack or the heap). Errors are
 * one line.
 */

/** Deeper than any Kubernetes object this library reads (an AppProject or ConfigMap is under 10 levels). */
export const MAX_YAML_DEPTH = 64;
/** Aliases a document may expand; an "alias bomb" needs thousands. */
export const MAX_YAML_ALIASES = 100;

/** Parses every document; throws an Error with a one-line message for input it will not read. */
export function parseYamlDocuments(text: string): unknown[] {
  const breakChar = /[\u0085\u2028\u2029]/.exec(text);
  if (breakChar) {
    throw new Error(`contains ${describeCharacter(breakChar[0])}, which go-yaml (Kubernetes, Argo CD) reads as a line break; refusing to guess which reading is meant`);
  }
  const depth = nestingDepth(text);
  if (depth > MAX_YAML_DEPTH) throw new Error(`nests ${depth} levels deep, more than ${MAX_YAML_DEPTH}; refusing to parse it`);
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text, { uniqueKeys: true })) {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${firstLine(doc.errors[0].message)}`);
    try {
      out.push(doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }));
    } catch (e) {
      throw new Error(`invalid YAML: ${firstLine((e as Error).message)}`);
    }
  }
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/**
 * An upper bound of the nesting depth, in one linear pass: open flow brackets plus, per line, the
 * indentation and the `- `/`? ` markers that open block collections on that line.
 */
function nestingDepth(text: string): number {
  let flow = 0;
  let max = 0;
  let lineStart = true;
  let indent = 0;
  let markers = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      markers = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        indent++;
        continue;
      }
      if ((c === '-' || c === '?' || c === ':') && (text[i + 1] === ' ' || text[i + 1] === '\n' || i + 1 === text.length)) {
        markers++;
        indent++;
        continue;
      }
      lineStart = false;
    }
    if (c === '[' || c === '{') flow++;
    else if ((c === ']' || c === '}') && flow > 0) flow--;
    const depth = flow + Math.ceil(indent / 2) + markers;
    if (depth > max) max = depth;
  }
  return max;
}
