const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u00a0\u2028\u2029\u1680\u2000-\u200a\u202f\u205f\u3000]|\p{Cf}|\p{Cs}/gu;

/**
 * Text safe to print on a terminal or in one error line: every control, format, line-break and
 * non-ASCII space character is shown as an escape (`\u001b`, `\u2028`), so input can neither move
 * the cursor nor hide or reorder what is printed. Printable text (any script, emoji) is unchanged.
 */
export function printable(value: string): string {
  return value.replace(UNPRINTABLE, c => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  });
}
