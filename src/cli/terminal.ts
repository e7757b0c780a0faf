/**
 * Text as the CLI prints it: newlines and tabs stay (the output is lines and tables), every other
 * control character (ESC sequences, C1 controls such as the 8-bit CSI U+009B), line separators,
 * bidi overrides and isolates, and BOMs are shown as `\uXXXX`, so a policy file can neither drive the
 * terminal nor make a printed line read differently from what it holds.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
