import { PrincipalKind } from './access-audit';
import type { AccessAudit, AccessEntry, AccessRow } from './access-audit';
import { AUDIT_RESOURCES } from './access-cells';
import { markdownCell, markdownCode } from '../util/markdown';

/**
 * Renders the access audit's rows: Markdown for pull-request review (opening with who can change
 * production), CSV and JSON. Presentation only; every claim comes from `AccessAudit.rows()`.
 */

/** Actions that change production beyond a reviewed sync: never granted by a platform default. */
export function isHighRisk(resource: string, action: string): boolean {
  if (resource === 'exec') return true;
  return resource === 'applications' && (action === 'override' || /^(action|update|delete)\//.test(action));
}

/** Whether an entry changes what runs (anything but reading). */
function changes(resource: string, entry: AccessEntry): boolean {
  return (resource === 'applications' && entry.action !== 'get') || resource === 'exec';
}

/** An entry as a reader reads it: `sync except \`billing/*-prod\``. */
export function describeEntry(entry: AccessEntry): string {
  let text = entry.action;
  if (entry.on.length > 0) text += ` on ${entry.on.map(code).join(' or ')}`;
  if (entry.except.length > 0) text += ` except ${entry.except.map(code).join(' and ')}`;
  if (entry.exceptActions.length > 0) text += ` (not ${entry.exceptActions.join(', ')})`;
  return text;
}

function code(text: string): string {
  return markdownCode(text);
}

function cellText(text: string): string {
  return markdownCell(text);
}

export function renderMarkdown(audit: AccessAudit, rows: AccessRow[]): string {
  const out: string[] = [];
  const withProjectRows = new Set(rows.filter(r => r.project !== undefined).map(r => r.subject));
  const projectLabel = (row: AccessRow) => row.project
    ?? (withProjectRows.has(row.subject) ? 'any other project' : 'every project');
  const production = audit.productionEnvironments;
  const envLabel = (row: AccessRow) => row.environments === 'production' ? `production (${production.join(', ')})` : row.environments;
  const who = (row: AccessRow) => row.kind === 'default' ? `everyone (${code(row.subject)})` : audit.labelOf(row.subject);

  out.push('# Argo CD access audit', '');
  out.push('## Who can change production', '');
  if (production.length === 0) {
    out.push('No production environments are configured, so every row below covers all applications.', '');
  } else {
    out.push(`Production applications are those named \`*-${production.join('` or `*-')}\` (the platform names each environment's`,
      'Application `<app>-<env>`). Each row is exact for its project and lists the policy lines behind it. **High risk**:',
      'override (sync with local manifests, bypassing review), exec, `update/*`, `delete/*` and resource actions; the',
      'platform\'s defaults never grant them on production.', '');
    const lines: string[] = [];
    for (const row of rows) {
      if (row.environments === 'non-production') continue;
      const can: string[] = [];
      const policyLines = new Set<string>();
      for (const [resource] of AUDIT_RESOURCES) {
        for (const entry of row.access[resource] ?? []) {
          if (!changes(resource, entry)) continue;
          const what = `${resource === 'applications' ? '' : `${resource} `}${describeEntry(entry)}`;
          can.push(isHighRisk(resource, entry.action) ? `**${what}** (high risk)` : what);
          entry.policyLines.forEach(l => policyLines.add(l));
        }
      }
      if (can.length === 0) continue;
      lines.push(`| ${[who(row), projectLabel(row), can.join(', '), [...policyLines].map(code).join('<br>')].map(cellText).join(' | ')} |`);
    }
    if (lines.length === 0) {
      out.push('Nobody.');
    } else {
      out.push('| Who | Project | Can | Policy lines |', '|---|---|---|---|', ...lines);
    }
    out.push('');
    renderUnnamedProduction(audit, out);
  }

  out.push('## Settings', '');
  out.push('Evaluated like the Argo CD API server: the default role, then the subject, then groups that have a `g` line,',
    'with the AppProjects\' roles as runtime policy. Cells list every action allowed, with the object patterns it is',
    'limited to (`on`) or denied on (`except`); a specific action listed next to its family (`action/*`) is what holds for it.', '');
  out.push(`- policy.default: ${audit.config.policyDefault === '' ? '(none)' : code(audit.config.policyDefault)}`);
  out.push(`- scopes: ${audit.config.scopes.map(code).join(', ')}`);
  out.push(`- policy.matchMode: ${code(audit.config.matchMode)}`);
  out.push(`- production environments: ${production.length === 0 ? '(none)' : production.map(code).join(', ')}`, '');

  out.push('## Admins', '');
  const admins = audit.admins;
  if (admins.length === 0) out.push('(none)');
  for (const admin of admins) out.push(`- ${admin === '*' ? 'everyone (policy.default is role:admin)' : audit.labelOf(admin)}`);
  out.push('');
  const unbound = audit.unboundSubjects;
  if (unbound.length > 0) {
    out.push('## Subjects with policy lines but no `g` line', '',
      'Argo CD ignores these as group claims; their lines apply only to a local account or token subject of that name.', '');
    for (const subject of unbound) out.push(`- ${code(subject)}`);
    out.push('');
  }
  const columns = AUDIT_RESOURCES.map(([resource]) => resource);
  const header = [`| ${['Who', 'Project', 'Environments', ...columns].join(' | ')} |`, `|${[...columns, '', '', ''].map(() => '---').join('|')}|`];
  const table = (list: AccessRow[]) => list.map(row => `| ${[who(row), projectLabel(row), envLabel(row),
    ...columns.map(c => (row.access[c] ?? []).map(describeEntry).join(', ') || '-')].map(cellText).join(' | ')} |`);
  out.push('## Everyone (policy.default)', '');
  const everyone = rows.filter(r => r.kind === 'default');
  out.push(...(everyone.length === 0 ? ['(nothing)'] : [...header, ...table(everyone)]));
  out.push('', '## Access by group', '');
  out.push('What each group (and local account) may do on its own; a member also has what everyone has. A project',
    'without a row of its own is covered by the "any other project" row.', '');
  const others = rows.filter(r => r.kind !== 'default');
  out.push(...(others.length === 0 ? ['(nothing)'] : [...header, ...table(others)]));
  return out.join('\n') + '\n';
}

/** The "Through an Application not named as production" subsection (nothing when no project deploys to production). */
function renderUnnamedProduction(audit: AccessAudit, out: string[]): void {
  const paths = audit.unnamedProductionPaths();
  if (paths.length === 0) return;
  const who = (subject: string, kind: PrincipalKind) => kind === PrincipalKind.DEFAULT ? `everyone (${code(subject)})`
    : kind === PrincipalKind.ROLE ? `project role ${code(subject)}` : audit.labelOf(subject);
  out.push('### Through an Application not named as production', '');
  out.push('The rows above read production from the Application\'s name, but Argo CD ties an Application\'s destination to its',
    'project, never to its name: whoever may create or update an Application of a project below under a name that is not',
    '`*-<env>` of a production environment can point it at the project\'s production namespaces, and whoever may sync it',
    'then deploys to production. The fix is a separate production project per team (production destinations only, with',
    'its own roles), so the name no longer carries the boundary.', '');
  const lines: string[] = [];
  for (const path of paths) {
    const project = path.destination.project;
    const namespaces = path.destination.productionNamespaces.map(code).join(', ');
    for (const writer of path.writers) {
      const policyLines = [...new Set(writer.entries.flatMap(e => e.policyLines))];
      lines.push(`| ${[project, namespaces, who(writer.subject, writer.kind), writer.entries.map(describeEntry).join(', '),
        policyLines.map(code).join('<br>')].map(cellText).join(' | ')} |`);
    }
    const repositories = path.destination.teamRepositories ?? [];
    const sourceNamespaces = path.destination.sourceNamespaces ?? [];
    if (repositories.length > 0 || sourceNamespaces.length > 0) {
      const from = repositories.length > 0 ? `whoever can merge to ${repositories.map(code).join(', ')} (the team repository's root Applications sync it into ${sourceNamespaces.map(code).join(', ') || 'the source namespaces'})`
        : `whoever can create Applications in ${sourceNamespaces.map(code).join(', ')}`;
      lines.push(`| ${[project, namespaces, from, 'create, update (any name, through the project\'s `sourceNamespaces`)', '-'].map(cellText).join(' | ')} |`);
    }
  }
  if (lines.length === 0) {
    out.push('Nobody.', '');
    return;
  }
  out.push('| Project | Production destinations | Who | Can (on applications not named as production) | Policy lines |', '|---|---|---|---|---|', ...lines, '');
}

export function renderCsv(rows: AccessRow[]): string {
  const lines = ['principal,display_name,project,environments,resource,action,on,except,except_actions'];
  for (const row of rows) {
    for (const [resource] of AUDIT_RESOURCES) {
      for (const entry of row.access[resource] ?? []) {
        lines.push([row.subject, row.displayName ?? '', row.project ?? '*', row.environments, resource, entry.action,
          entry.on.join(' '), entry.except.join(' '), entry.exceptActions.join(' ')].map(csvField).join(','));
      }
    }
  }
  return lines.join('\n') + '\n';
}

export function renderJson(audit: AccessAudit, rows: AccessRow[]): string {
  return JSON.stringify({
    policyDefault: audit.config.policyDefault,
    scopes: audit.config.scopes,
    matchMode: audit.config.matchMode,
    productionEnvironments: audit.productionEnvironments,
    admins: audit.admins.map(subject => ({ subject, displayName: audit.principal(subject)?.displayName })),
    principals: audit.principals.map(s => audit.principal(s)!).map(p => ({ subject: p.subject, kind: p.kind, displayName: p.displayName })),
    rows,
  }, null, 2) + '\n';
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
