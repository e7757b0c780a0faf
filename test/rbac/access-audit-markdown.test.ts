import * as fc from 'fast-check';
import { AccessAudit, AuditFormat } from '../../src/rbac/access-audit';
import { RbacConfig } from '../../src/rbac/rbac-config';
import { markdownCell, markdownCode, markdownText, tableCellCount } from '../../src/util/markdown';
import { hostileString } from '../helpers/hostile';

/**
 * Every user value in a generated Markdown report is escaped: a display name with `|` cannot add
 * cells to the access audit's tables (a reviewer would read rows that do not exist), nor a backtick
 * close a code span, nor a line start a heading.
 */

const GROUP = '1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01';

function audit(displayName: string): string {
  const project = {
    name: 'payments',
    roles: [{ name: 'dev', policies: ['p, proj:payments:dev, applications, sync, payments/*, allow'], groups: [GROUP] }],
    groupDisplayNames: { [GROUP]: displayName },
  };
  return AccessAudit.compile(new RbacConfig({ policyCsv: '' }), [project]).render(AuditFormat.MARKDOWN);
}

/** Every table row of a Markdown document has as many cells as its table's header. */
function expectTablesIntact(markdown: string) {
  let width: number | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      width = undefined;
      continue;
    }
    width ??= tableCellCount(line);
    expect(tableCellCount(line)).toBe(width);
  }
}

describe('Markdown escaping', () => {
  test('a display name with | adds no cells to the access audit', () => {
    const markdown = audit('Payments | admin | * | everything');
    expectTablesIntact(markdown);
    expect(markdown).toContain('Payments \\| admin \\| * \\| everything (`1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01`)');
  });

  test('hostile display names never change the tables (property)', () => {
    fc.assert(fc.property(fc.oneof(hostileString, fc.constantFrom('a|b', 'x\\|y', '`|`', '# h', '\\', '|||', '[x](http://e)', '<b>')), name => {
      expectTablesIntact(audit(name));
    }), { numRuns: 60 });
  });

  test.each([
    ['a|b', 'a\\|b'], ['# heading', '\\# heading'], ['1. item', '1\\. item'], ['[x](http://e)', '[x\\](http://e)'], ['<script>', '\\<script\\>'],
    ['line\nbreak', 'line break'],
  ])('markdownText(%j) is %j', (text, expected) => {
    expect(markdownText(text)).toBe(expected);
  });

  test.each([['a`b', '``a`b``'], ['`x', '`` `x ``'], ['plain', '`plain`']])('markdownCode(%j) is %j', (text, expected) => {
    expect(markdownCode(text)).toBe(expected);
  });

  test('a 1 MB value escapes in linear time', () => {
    const big = '|\\'.repeat(512 * 1024);
    const start = Date.now();
    expect(tableCellCount(`| ${markdownCell(markdownCode(big))} |`)).toBe(1);
    expect(tableCellCount(`| ${markdownText(big)} |`)).toBe(1);
    // Room for a loaded machine (as in test/util/linear-time.test.ts): a quadratic escaper takes minutes on 1 MB.
    expect(Date.now() - start).toBeLessThan(5000);
  });
});
