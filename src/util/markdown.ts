/**
 * Markdown for the generated reports (access audit, guardrails report, runbooks): every user value
 * goes through one of these, so a display name, a reason or an object name can neither add table
 * cells, nor start a heading, a list or a link, nor close a code span. Linear time.
 */

/**
 * What Markdown (CommonMark + GFM) reads as structure inside a line: backslashes, code spans,
 * table cells, HTML, the `](` `][` `]:` of links, and a heading, list or quote marker at the start.
 * Emphasis characters stay as they are (they change how text looks, never what it says).
 */
const INLINE_SYNTAX = /[\\`|<>&]|\](?=[([:])/g;

/** One line of plain text: every Markdown structure character backslash-escaped, line breaks as spaces. */
export function markdownText(text: string): string {
  return oneLine(text).replace(INLINE_SYNTAX, '\\$&')
    .replace(/^(\s*)([#>+-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/**
 * A code span holding `text` literally: the fence is one backtick longer than the longest run of
 * backticks inside, padded with spaces when the text starts or ends with a backtick or a space.
 */
export function markdownCode(text: string): string {
  const line = oneLine(text);
  let longest = 0;
  let run = 0;
  for (const c of line) {
    run = c === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(line) || line === '' ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/**
 * Makes already-formatted Markdown safe as one table cell: line breaks become spaces and every `|`
 * not already escaped (after an odd run of backslashes) gets a backslash, so GFM's row splitter
 * (which skips the character after each backslash) finds no cell boundary inside.
 */
export function markdownCell(markdown: string): string {
  const line = oneLine(markdown);
  let out = '';
  let backslashes = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '|' && backslashes % 2 === 0) out += '\\';
    backslashes = c === '\\' ? backslashes + 1 : 0;
    out += c;
  }
  return out;
}

/** The number of cells GFM reads in a table row (for tests): `|` not consumed by a backslash. */
export function tableCellCount(row: string): number {
  let separators = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') i++;
    else if (row[i] === '|') separators++;
  }
  return separators - 1;
}

function oneLine(text: string): string {
  return String(text).replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ');
}
