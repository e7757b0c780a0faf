import { redactUrlSecrets, showValue } from './errors';

/**
 * Character rules for every string that reaches a rendered file. Kubernetes, kustomize, Helm and
 * Argo CD read YAML with go-yaml (which treats NEL, U+2028 and U+2029 as line breaks) and policy.csv
 * with Go's encoding/csv (whose TrimLeadingSpace trims every Unicode space). A character that one
 * reader sees and another does not, or that a reviewer cannot see in a diff, must never reach the
 * output: these rules are the one place that says which.
 */

/** Characters Go's `unicode.IsSpace` reports (what `strings.TrimSpace` and csv's TrimLeadingSpace trim). */
const GO_SPACE_CHARS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

/**
 * Never allowed in any rendered string: C0/C1 controls other than tab and newline (NEL U+0085
 * included), U+2028/U+2029 (line breaks for go-yaml, not for the `yaml` package), the BOM, bidi
 * embedding/override/isolate controls (text that reads differently from how it is stored), and lone
 * surrogates (not encodable as UTF-8).
 */
const NEVER_IN_OUTPUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;

/**
 * Not allowed in one-line text (identifiers, policy fields, comments, display names): everything
 * above plus tab and newline, every format character (zero-width spaces and joiners, bidi marks,
 * soft hyphen, tag characters), the Hangul fillers that render as nothing, and every Unicode space
 * other than the ASCII space.
 */
const NEVER_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u115f\u1160\u3164\uffa0]|\p{Cf}|\p{Cs}/u;

const NAMES: Record<number, string> = {
  0x09: 'a tab',
  0x0a: 'a newline or carriage return',
  0x0d: 'a newline or carriage return',
  0x00: 'a NUL character',
  0x1b: 'an escape character',
  0x85: 'U+0085 (NEXT LINE, a line break for go-yaml)',
  0xa0: 'U+00A0 (NO-BREAK SPACE)',
  0x2028: 'U+2028 (LINE SEPARATOR, a line break for go-yaml)',
  0x2029: 'U+2029 (PARAGRAPH SEPARATOR, a line break for go-yaml)',
  0xfeff: 'U+FEFF (BYTE ORDER MARK)',
  0x200b: 'U+200B (ZERO WIDTH SPACE)',
  0x200c: 'U+200C (ZERO WIDTH NON-JOINER)',
  0x200d: 'U+200D (ZERO WIDTH JOINER)',
  0x200e: 'U+200E (LEFT-TO-RIGHT MARK)',
  0x200f: 'U+200F (RIGHT-TO-LEFT MARK)',
  0x202e: 'U+202E (RIGHT-TO-LEFT OVERRIDE)',
  0x2066: 'U+2066 (LEFT-TO-RIGHT ISOLATE)',
  0x2060: 'U+2060 (WORD JOINER)',
};

/** How an error names a character: `a newline`, `U+2028 (LINE SEPARATOR, …)`, `U+0007`. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return NAMES[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function firstMatch(value: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(value);
  return match ? match[0] : undefined;
}

/**
 * Why a string may not appear anywhere in a rendered file (even multi-line free text such as a
 * chart value or a description); undefined when it may. Tab and newline are allowed here.
 */
export function outputTextReason(value: string): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const bad = firstMatch(value, NEVER_IN_OUTPUT);
  if (bad !== undefined) return `must not contain ${describeCharacter(bad)}`;
  // kustomize (kyaml) writes multi-line text as a block scalar and then cannot read back a line that starts with a tab.
  if (value.includes('\n') && /(^|\n)\t/.test(value)) return 'must not start a line with a tab in multi-line text (kustomize cannot read it back); indent with spaces';
  return undefined;
}

/**
 * Why a string is not safe one-line text (a comment, a display name, a description rendered on one
 * line); undefined when it is. Refuses line breaks of every reader (LF, CR, NEL, U+2028, U+2029),
 * control characters, invisible format characters (zero-width, bidi, BOM), non-ASCII spaces and
 * leading or trailing spaces.
 */
export function lineTextReason(value: string): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const bad = firstMatch(value, NEVER_IN_LINE);
  if (bad !== undefined) return `must not contain ${describeCharacter(bad)}`;
  if (value.startsWith(' ') || value.endsWith(' ')) return 'must not start or end with a space';
  return undefined;
}

/**
 * Why a string is not a safe token: an identifier, a policy field, a group ID, a URL. Non-empty
 * one-line text without double quotes; undefined when it is one.
 */
export function tokenTextReason(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must not be empty';
  const line = lineTextReason(value);
  if (line) return line;
  if (value.includes('"')) return 'must not contain a double quote';
  return undefined;
}

/** Whether a character is a space for Go (`unicode.IsSpace`). */
export function isGoSpace(char: string): boolean {
  return char.length === 1 && GO_SPACE_CHARS.has(char.charCodeAt(0));
}

/** Go's `strings.TrimSpace`: trims every `unicode.IsSpace` character (NEL and NBSP included, the BOM not). */
export function goTrimSpace(value: string): string {
  // Loops, not a `\s+$` regex: that is quadratic on a long run of spaces.
  const start = skipGoSpace(value, 0);
  let end = value.length;
  while (end > start && GO_SPACE_CHARS.has(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

const GO_SPACE_STICKY = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/y;

/** The index of the first character at or after `from` that is not a Go space (`unicode.IsSpace`). */
export function skipGoSpace(value: string, from: number): number {
  GO_SPACE_STICKY.lastIndex = from;
  GO_SPACE_STICKY.exec(value);
  return GO_SPACE_STICKY.lastIndex;
}

/** Go's `strings.TrimLeftFunc(s, unicode.IsSpace)`. */
export function goTrimLeftSpace(value: string): string {
  return value.slice(skipGoSpace(value, 0));
}

export { printable } from './printable';

/**
 * A value shown in an error: JSON-quoted (so spaces and quotes are visible) and `printable`. A URL's
 * user info (`https://user:token@host`) and signature are replaced by `<redacted>`, a token-shaped
 * string is shown by its shape, and NaN is shown as NaN: see `showValue` in errors.ts.
 */
export function quoteForError(value: unknown): string {
  return showValue(value);
}

/**
 * Replaces URL user info that may be a credential with `<redacted>`: a password (`user:password@`)
 * or, for any scheme but ssh, a lone user (`https://<token>@host` is how GitHub tokens are embedded).
 */
export function redactUserInfo(text: string): string {
  return redactUrlSecrets(text);
}

/**
 * Why a string cannot be one item of a list that is joined into one string with `separator` (an
 * annotation such as Image Updater's image list, a comma-separated setting); undefined when it can.
 * An item holding the separator would be read back as two items.
 */
export function listItemReason(value: string, separator: string): string | undefined {
  const token = tokenTextReason(value);
  if (token) return token;
  const sep = separator.trim() || separator;
  return value.includes(sep) ? `must not contain ${JSON.stringify(sep)}: the items are joined with it, so it would be read as two items` : undefined;
}
