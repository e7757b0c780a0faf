import { PolicyParseError } from './rbac-errors';

/**
 * Argo CD policy text: parsing exactly as Argo CD's adapter does (each line trimmed, blank lines
 * and `#` comments skipped, the rest read by Go's encoding/csv with TrimLeadingSpace; a `p` line
 * has 6 fields, a `g` line 3) and formatting lines so that Argo CD reads back the same fields.
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
      const line = lines[i].trim();
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
      while (pos < line.length && (line[pos] === ' ' || line[pos] === '\t')) pos++;
      if (line[pos] === '"') {
        let value = '';
        pos++;
        for (;;) {
          if (pos >= line.length) throw new Error(`extraneous or missing " in quoted-field (column ${pos + 1})`);
          if (line[pos] === '"') {
            if (line[pos + 1] === '"') {
              value += '"';
              pos += 2;
              continue;
            }
            pos++;
            break;
          }
          value += line[pos++];
        }
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
    const needs = forceQuotes || /[,"]/.test(value) || /^\s/.test(value) || value.startsWith('#');
    return needs ? `"${value.replace(/"/g, '""')}"` : value;
  }

  /** Formats one line: `p, sub, res, act, obj, eft` or `g, sub, role`. */
  public static formatLine(ptype: string, fields: string[], quoteSubject: boolean = false): string {
    return [ptype, ...fields.map((f, i) => PolicyCsv.formatField(f, quoteSubject && i === 0))].join(', ');
  }
}
