import * as fc from 'fast-check';
import { unsafeTokenReason } from '../../src/util/validation';
import { PolicyCsv } from '../../src/rbac/policy-csv';

describe('PolicyCsv.parse', () => {
  test('trims lines, skips blanks and comments, reads quoted fields like encoding/csv', () => {
    const lines = PolicyCsv.parse([
      '# comment',
      '',
      '   p, role:dev, repositories, get, "https://github.com/*/*.git", allow   ',
      'g, "role,admin", role:x',
      'g,  "84ce98d1-e359-4f3b-85af-985b458de3c6",role:y',
    ].join('\n'));
    expect(lines.map(l => [l.ptype, l.fields, l.lineNumber])).toEqual([
      ['p', ['role:dev', 'repositories', 'get', 'https://github.com/*/*.git', 'allow'], 3],
      ['g', ['role,admin', 'role:x'], 4],
      ['g', ['84ce98d1-e359-4f3b-85af-985b458de3c6', 'role:y'], 5],
    ]);
  });

  test('keeps trailing spaces inside a field (only leading space is trimmed)', () => {
    expect(PolicyCsv.parse('p, a , b, c, d, allow')[0].fields[0]).toBe('a ');
  });

  test.each([
    ['p, role:x, applications, get, */*', 'invalid RBAC policy: p, role:x, applications, get, */*'],
    ['g, a, b, c', 'invalid RBAC policy: g, a, b, c'],
    ['x, a, b', 'invalid RBAC policy: x, a, b'],
    ['p, a"b, c, d, e, allow', 'bare "'],
    ['g, "abc, role:x', 'extraneous or missing "'],
    ['g, "a"b, role:x', 'extraneous or missing "'],
  ])('%s is refused', (line, message) => {
    expect(() => PolicyCsv.parse(line)).toThrow(message);
  });

  test('property: formatting then parsing gives the same fields, or the writer refuses the field', () => {
    const field = fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }),
      fc.constantFrom(' a', 'a ', '\u00a0a', 'a\u0085', '\ufeffa', '"a"', 'a,b', '#a', 'a\u2028b', '\u200ba'),
    );
    fc.assert(fc.property(fc.array(field, { minLength: 5, maxLength: 5 }), fields => {
      const refused = fields.some(f => unsafeTokenReason(f) !== undefined);
      if (refused) {
        expect(() => PolicyCsv.formatLine('p', fields)).toThrow(/policy field \d of a p line must/);
      } else {
        const line = PolicyCsv.formatLine('p', fields);
        expect(PolicyCsv.parse(line)[0].fields).toEqual(fields);
      }
    }), { numRuns: 500 });
  });
});
