import { PolicyCsv } from '../../src/rbac/policy-csv';
import { PolicyLint } from '../../src/rbac/policy-lint';

const GUID = '84ce98d1-e359-4f3b-85af-985b458de3c6';
const lint = (text: string, matchMode?: string) => PolicyLint.check(PolicyCsv.parse(text), [], matchMode);

describe('PolicyLint', () => {
  test('a role named without the role: prefix is a role when a g line inherits it', () => {
    expect(lint(`p, developers, applications, get, a/*, allow\ng, ${GUID}, developers`)).toEqual([]);
  });

  test('a role inherited by another role is a role too', () => {
    expect(lint(`p, base, applications, get, a/*, allow\ng, role:dev, base\ng, ${GUID}, role:dev`)).toEqual([]);
  });

  test('a subject with p lines that is neither bound nor inherited is still reported', () => {
    const findings = lint(`p, ${GUID}, applications, get, a/*, allow\ng, other, role:readonly`);
    expect(findings).toEqual([expect.objectContaining({ lineNumber: 1, field: 'subject', value: GUID })]);
    expect(findings[0].reason).toContain('no g line');
  });

  test('a subject with p lines that is the first field of a g line is bound', () => {
    expect(lint(`p, ${GUID}, applications, get, a/*, allow\ng, ${GUID}, role:readonly`)).toEqual([]);
  });

  test.each([
    ['a/[z-a]'],
    ['a/[abc'],
    ['a/{xy'],
    ['a/app\\'],
  ])('an object that is not a valid glob (%s) is reported: Argo CD never matches it', (object) => {
    const findings = lint(`p, role:dev, applications, get, ${object}, allow\ng, ${GUID}, role:dev`);
    expect(findings).toEqual([expect.objectContaining({ lineNumber: 1, field: 'object', value: object })]);
    expect(findings[0].reason).toContain('not a valid glob');
  });

  test('in regex mode the object is compiled as a regular expression', () => {
    expect(lint(`p, role:dev, applications, get, a/(x, allow\ng, ${GUID}, role:dev`, 'regex'))
      .toEqual([expect.objectContaining({ field: 'object', value: 'a/(x', reason: expect.stringContaining('not a valid regular expression') })]);
    // `a/{x` is an invalid glob but a valid regular expression
    expect(lint(`p, role:dev, applications, get, a/{x, allow\ng, ${GUID}, role:dev`, 'regex')).toEqual([]);
    expect(lint(`p, role:dev, applications, get, a/{x, allow\ng, ${GUID}, role:dev`)).toHaveLength(1);
  });
});
