/**
 * Argo CD's `globOrRegexMatch`. Glob follows gobwas/glob without separators (`*` also matches
 * `/`; `?`, `[...]`, `[!...]`, `{a,b}`, `\` escapes; an invalid pattern never matches). Regex
 * follows Go's `regexp.MatchString`: unanchored; an invalid expression is an error (deny).
 */

const MAX_CACHE = 10_000;

/** A pattern that failed to compile. */
export class InvalidPatternError extends Error {}

/**
 * A bounded cache of compiled patterns that stays a true "least recently used" cache without
 * touching the map on a hit: a hit only stamps the entry with a tick. When the cache is full, the
 * older half (by last use) is dropped in one pass, so an insertion costs O(log n) amortized and a
 * hit O(1), where deleting and re-inserting the key on every hit dominated the audit's profile.
 */
export class LruCache<V> {
  private readonly map = new Map<string, { value: V; used: number }>();
  private tick = 0;
  constructor(private readonly max: number) {}
  /** Number of entries. */
  get size(): number {
    return this.map.size;
  }
  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    entry.used = ++this.tick;
    return entry.value;
  }
  set(key: string, value: V) {
    if (this.map.size >= this.max && !this.map.has(key)) this.evictOlderHalf();
    this.map.set(key, { value, used: ++this.tick });
  }
  private evictOlderHalf() {
    const ticks = [...this.map.values()].map(e => e.used).sort((a, b) => a - b);
    const threshold = ticks[Math.floor(ticks.length / 2)];
    for (const [key, entry] of this.map) if (entry.used < threshold) this.map.delete(key);
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
  }
}

const INVALID = null;
const globCache = new LruCache<RegExp | null>(MAX_CACHE);
const regexCache = new LruCache<RegExp | null>(MAX_CACHE);

function escapeRegex(ch: string): string {
  return ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function escapeClass(ch: string): string {
  return ch.replace(/[\\\][^-]/g, '\\$&');
}

/** Translates a gobwas glob into an anchored JavaScript RegExp source; throws when invalid. */
export function globToRegexSource(pattern: string): string {
  const chars = [...pattern];
  let pos = 0;
  let depth = 0;
  let out = '';
  while (pos < chars.length) {
    const ch = chars[pos++];
    switch (ch) {
      case '*':
        while (chars[pos] === '*') pos++;
        out += '[\\s\\S]*';
        break;
      case '?':
        out += '[\\s\\S]';
        break;
      case '\\':
        if (pos >= chars.length) throw new InvalidPatternError('unexpected end of pattern after \\');
        out += escapeRegex(chars[pos++]);
        break;
      case '[': {
        let negate = false;
        if (chars[pos] === '!') {
          negate = true;
          pos++;
        }
        let cls = '';
        let count = 0;
        while (pos < chars.length && chars[pos] !== ']') {
          let lo = chars[pos++];
          if (lo === '\\') {
            if (pos >= chars.length) throw new InvalidPatternError('unexpected end of pattern in character class');
            lo = chars[pos++];
          }
          if (chars[pos] === '-' && pos + 1 < chars.length && chars[pos + 1] !== ']') {
            pos++;
            let hi = chars[pos++];
            if (hi === '\\') {
              if (pos >= chars.length) throw new InvalidPatternError('unexpected end of pattern in character class');
              hi = chars[pos++];
            }
            if (hi.codePointAt(0)! < lo.codePointAt(0)!) throw new InvalidPatternError(`invalid range ${lo}-${hi}`);
            cls += `${escapeClass(lo)}-${escapeClass(hi)}`;
          } else {
            cls += escapeClass(lo);
          }
          count++;
        }
        if (pos >= chars.length) throw new InvalidPatternError('unclosed character class');
        pos++; // ]
        if (count === 0) throw new InvalidPatternError('empty character class');
        out += negate ? `[^${cls}]` : `[${cls}]`;
        break;
      }
      case '{':
        depth++;
        out += '(?:';
        break;
      case '}':
        if (depth > 0) {
          depth--;
          out += ')';
        } else {
          out += '\\}';
        }
        break;
      case ',':
        out += depth > 0 ? '|' : ',';
        break;
      default:
        out += escapeRegex(ch);
    }
  }
  if (depth > 0) throw new InvalidPatternError('unclosed {');
  return `^(?:${out})$`;
}

/** gobwas-style glob match; an invalid pattern does not match (Argo CD logs and denies). */
export function globMatch(value: string, pattern: string): boolean {
  if (pattern === value || pattern === '*') return true;
  let compiled = globCache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(globToRegexSource(pattern), 'u');
    } catch {
      compiled = INVALID;
    }
    globCache.set(pattern, compiled);
  }
  return compiled !== INVALID && compiled.test(value);
}

/** Whether a glob pattern compiles. */
export function isValidGlob(pattern: string): boolean {
  try {
    new RegExp(globToRegexSource(pattern), 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Translates a Go (RE2) regular expression into a JavaScript RegExp, or throws. RE2 has no
 * look-around or back-references; leading `(?flags)` and `(?P<name>` are translated.
 */
export function compileGoRegex(pattern: string): RegExp {
  let source = pattern;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    if (leading[1].includes('U')) throw new InvalidPatternError('ungreedy flag is not supported');
    flags = [...new Set(leading[1])].join('');
    source = source.slice(leading[0].length);
  }
  if (/\(\?[=!]|\(\?<[=!]|\\[1-9]|\\k</.test(source)) {
    throw new InvalidPatternError('look-around and back-references are not RE2 syntax');
  }
  source = source.replace(/\(\?P</g, '(?<').replace(/\\A/g, '^').replace(/\\z/g, '$(?![\\s\\S])');
  return new RegExp(source, flags);
}

/** Go `regexp.MatchString(pattern, value)`: unanchored; throws InvalidPatternError when invalid. */
export function regexMatch(value: string, pattern: string): boolean {
  let compiled = regexCache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = compileGoRegex(pattern);
    } catch {
      compiled = INVALID;
    }
    regexCache.set(pattern, compiled);
  }
  if (compiled === INVALID) throw new InvalidPatternError(`error parsing regexp: ${pattern}`);
  return compiled.test(value);
}

/** The matcher for a `policy.matchMode` value: `regex` means regex, anything else glob. */
export function matcherFor(matchMode: string | undefined): (value: string, pattern: string) => boolean {
  return matchMode === 'regex' ? regexMatch : globMatch;
}
