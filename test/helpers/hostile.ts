import * as fc from 'fast-check';

/** Strings a hostile contributor or a careless copy-paste brings: every line break, invisible and ambiguous form. */
export const HOSTILE = [
  'a\u0085b', 'a\u2028b', 'a\u2029b', '\ufeffa', 'a\u200bb', 'a\u200db', '\u202eabc', 'a\u00a0b', 'a\u0000b', 'a\u001bb[31m',
  'a\rb', 'a\r\nb', 'line\n', '\nlead', ' lead', 'trail ', '\ttab', 'a\tb', 'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'NO', 'true',
  'null', '~', '', '1_000', '0o17', '017', '0x1F', '1:20', '2001-12-14', '.inf', '-.5', '+1', '<<', '=', '- a', '? a', ': a',
  '#a', 'a #b', 'a: b', '"q"', "'q'", '{a}', '[a]', '*a', '&a', '!a', '%a', '@a', '`a', '|', '>', 'g, evil, role:admin',
  'a\u3000b', '\ud800', 'e\u0301', '👩‍👩‍👧', 'שלום', '\u00ad', 'a\u0085',
];

export const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 12, unit: 'binary' }),
  fc.string({ maxLength: 12, unit: 'grapheme' }),
  fc.array(fc.constantFrom(...HOSTILE, 'x', ' ', '\n'), { maxLength: 5 }).map(parts => parts.join('')),
);

