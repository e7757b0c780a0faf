import { PolicyParseError } from './rbac-errors';
import { goTrimSpace, skipGoSpace, isGoSpace, lineTextReason, tokenTextReason } from '../util/text';

/**
 * Argo CD policy text: parsing exactly as Argo CD's adapter does (the text split on "\n", each line
 * trimmed with Go's `strings.TrimSpace`, which trims every Unicode space but not a BOM; blank lines and
 * `#` comments skipped; the rest read by Go's encoding/csv with TrimLeadingSpace, which trims every
 * Unicode space at the start of a field, and without LazyQuotes, so a stray quote is an error; a `p`
 * line has 6 fields, a `g` line 3, anything else fails the whole policy) and formatting lines so
 * that Argo CD reads back exactly the same fields: the writer checks every line it formats by
 * reading it back with that reader.
 */

/** One policy line as Argo CD reads it. */
export interface PolicyLine {
  /** `p` or `g`. */
  readonly ptype: string;
  /** The fields after the type: 5 for `p` (sub, res, act, obj, eft), 2 for `g` (sub, role). */
  readonly fields: string[];
  /** 1-based line number in the text it was read from. */
  readonly lineNumber: number;
  /** The line as written (trimmed). */
  readonly text: string;
}

/** Parser and formatter for Argo CD policy CSV. */
export class PolicyCsv {
  /**
   * Parses policy text. Throws a PolicyParseError with Argo CD's wording
   * (`invalid RBAC policy: <line>`) for a line of the wrong shape.
   */
  public static parse(text: string): PolicyLine[] {
    const out: PolicyLine[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = goTrimSpace(lines[i]);
      if (line === '' || line.startsWith('#')) continue;
      let tokens: string[];
      try {
        tokens = PolicyCsv.readRecord(line);
      } catch (e) {
        throw new PolicyParseError(`parse error on line ${i + 1}: ${(e as Error).message}`, i + 1);
      }
      const ptype = tokens[0];
      const ok = (ptype === 'p' && tokens.length === 6) || (ptype === 'g' && tokens.length === 3);
      if (!ok) throw new PolicyParseError(`invalid RBAC policy: ${line}`, i + 1);
      out.push({ ptype, fields: tokens.slice(1), lineNumber: i + 1, text: line });
    }
    return out;
  }

  /**
   * Reads one CSV record like Go's encoding/csv with TrimLeadingSpace (no LazyQuotes): a field
   * may be double-quoted (`""` is a quote inside it); a quote in an unquoted field is an error.
   */
  public static readRecord(line: string): string[] {
    const fields: string[] = [];
    let pos = 0;
    for (;;) {
      pos = skipGoSpace(line, pos);
      if (line[pos] === '"') {
        const parts: string[] = [];
        pos++;
        for (;;) {
          const quote = line.indexOf('"', pos);
          if (quote === -1) throw new Error(`extraneous or missing " in quoted-field (column ${line.length + 1})`);
          parts.push(line.slice(pos, quote));
          if (line[quote + 1] === '"') {
            parts.push('"');
            pos = quote + 2;
            continue;
          }
          pos = quote + 1;
          break;
        }
        const value = parts.join('');
        if (pos < line.length && line[pos] !== ',') throw new Error(`extraneous or missing " in quoted-field (column ${pos + 1})`);
        fields.push(value);
      } else {
        const comma = line.indexOf(',', pos);
        const value = comma === -1 ? line.slice(pos) : line.slice(pos, comma);
        const quote = value.indexOf('"');
        if (quote !== -1) throw new Error(`bare " in non-quoted-field (column ${pos + quote + 1})`);
        fields.push(value);
        pos = comma === -1 ? line.length : comma;
      }
      if (pos >= line.length) return fields;
      pos++; // the comma
    }
  }

  /** Quotes a field when Argo CD's CSV reader would otherwise split or trim it. */
  public static formatField(value: string, forceQuotes: boolean = false): string {
    const needs = forceQuotes || /[,"]/.test(value) || (value.length > 0 && (isGoSpace(value[0]) || isGoSpace(value[value.length - 1])))
      || value.startsWith('#');
    return needs ? `"${value.replace(/"/g, '""')}"` : value;
  }

  /**
   * Formats one line: `p, sub, res, act, obj, eft` or `g, sub, role`. Every field must be a safe
   * token (no line break of any reader, no control, invisible or non-ASCII space character), and
   * the line must read back, with Argo CD's reader, as exactly these fields; otherwise this throws.
   */
  public static formatLine(ptype: string, fields: string[], quoteSubject: boolean = false): string {
    fields.forEach((field, i) => {
      const reason = tokenTextReason(field);
      if (reason) throw new PolicyParseError(`policy field ${i + 1} of a ${ptype} line ${reason} (got ${JSON.stringify(field)})`, 0);
    });
    const line = [ptype, ...fields.map((f, i) => PolicyCsv.formatField(f, quoteSubject && i === 0))].join(', ');
    let back: string[] | undefined;
    try {
      back = PolicyCsv.readRecord(goTrimSpace(line));
    } catch {
      back = undefined;
    }
    if (!back || back.length !== fields.length + 1 || back[0] !== ptype || back.some((f, i) => i > 0 && f !== fields[i - 1])) {
      throw new PolicyParseError(`policy line ${JSON.stringify(line)} would not read back as the fields it was written from`, 0);
    }
    return line;
  }

  /**
   * Formats a comment line (`# <text>`). The text must be one line for every reader (no LF, CR,
   * NEL, U+2028 or U+2029, which go-yaml turns into line breaks, and no control or invisible
   * character), so a comment can never end early and smuggle a policy line.
   */
  public static formatComment(text: string): string {
    const reason = text === '' ? undefined : lineTextReason(text);
    if (reason) throw new PolicyParseError(`policy comment ${reason} (got ${JSON.stringify(text)})`, 0);
    return text === '' ? '#' : `# ${text}`;
  }
}
