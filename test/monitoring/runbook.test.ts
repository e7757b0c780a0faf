import { ArgoInstallFlavour } from '../../src';
import { renderRunbook, RunbookInput } from '../../src/monitoring/runbook';
import { tableCellCount } from '../../src/util/markdown';

/**
 * The runbook is read by an engineer during an incident: a value that reaches it from the user (an
 * alert's summary and origin from a contributor, team and project names, the expression) must never
 * add table cells, headings, links or close a code span or the PromQL fence.
 */
describe('renderRunbook escapes every user value (util/markdown.ts)', () => {
  const hostile: RunbookInput = {
    platformName: 'argocd',
    namespace: 'argocd',
    url: 'https://argocd.example.com',
    flavour: ArgoInstallFlavour.HELM_CHART,
    ruleName: 'argocd-alerts',
    teamLabel: 'project',
    teams: [{ team: 'pay|ments', project: 'a`b|c' }],
    sections: [{
      alert: 'Evil|Alert',
      group: 'g`x',
      severity: 'critical',
      for: '5m',
      expr: 'up{job=`x```} == 0',
      summary: '# not a heading | extra cell `code [link](https://evil.example)',
      body: 'Diagnose.',
      origin: 'rule contributed by [argocd/Team|X]',
    }],
  };
  const text = renderRunbook(hostile);
  const lines = text.split('\n');

  test('the team table keeps two cells per row', () => {
    const row = lines.find(l => l.includes('pay'))!;
    expect(row).toBe('| a\\`b\\|c | pay\\|ments |');
    expect(tableCellCount(row)).toBe(2);
  });

  test('the table of contents line: the summary starts no heading, link or code span', () => {
    expect(lines).toContain('- [Evil\\|Alert](#evilalert) (critical): \\# not a heading \\| extra cell \\`code [link\\](https://evil.example)');
  });

  test('the heading, the code spans and the PromQL fence hold the values literally', () => {
    expect(lines).toContain('## Evil\\|Alert');
    expect(lines).toContain('Severity `critical`, fires after `5m`, group ``g`x``, from rule contributed by [argocd/Team\\|X].');
    const fence = lines.indexOf('````promql');
    expect(lines.slice(fence, fence + 3)).toEqual(['````promql', 'up{job=`x```} == 0', '````']);
  });
});
