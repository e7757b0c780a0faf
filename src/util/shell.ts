/**
 * Words for the POSIX shell commands of the generated runbooks: a user value reaches a command line
 * only through `shellWord`, so an Azure resource group `rg-(prod)`, a recipient with `&` or a namespace
 * pattern with `*` is one literal argument when an operator pastes the command, never shell syntax.
 */

/** Characters no POSIX shell treats specially in an unquoted word (and no Markdown code block either). */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `value` as one shell word: bare when it is plain, else in single quotes (`'` written as `'\''`). */
export function shellWord(value: string): string {
  const text = String(value);
  return PLAIN_WORD.test(text) ? text : `'${text.replace(/'/g, '\'\\\'\'')}'`;
}
