import type { AccessAudit, AccessEntry, AccessRow, ProductionChanger } from './access-audit';
import { AUDIT_RESOURCES } from './access-cells';
import { isHighRisk } from './high-risk';
import { PrincipalKind } from './principal-kind';
import { markdownCell, markdownCode } from '../util/markdown';

/**
 * Renders the access audit's rows: Markdown for pull-request review (opening with who can change
 * production), CSV and JSON. Presentation only; every claim comes from `AccessAudit.rows()`.
 */


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
  const envLabel = (row: AccessRow) => row.environments === 'production' && !audit.destinationMode ? `production (${production.join(', ')})` : row.environments;
  const who = (row: AccessRow) => row.kind === 'default' ? `everyone (${code(row.subject)})` : audit.labelOf(row.subject);

  out.push('# Argo CD access audit', '');
  out.push('## Who can change production', '');
  if (audit.destinationMode) {
    renderProductionProjects(audit, out);
  } else if (production.length === 0) {
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
  }

  out.push('## Settings', '');
  out.push('Evaluated like the Argo CD API server: the default role, then the subject, then groups that have a `g` line,',
    'with the AppProjects\' roles as runtime policy. Cells list every action allowed, with the object patterns it is',
    'limited to (`on`) or denied on (`except`); a specific action listed next to its family (`action/*`) is what holds for it.', '');
  out.push(`- policy.default: ${audit.config.policyDefault === '' ? '(none)' : code(audit.config.policyDefault)}`);
  out.push(`- scopes: ${audit.config.scopes.map(code).join(', ')}`);
  out.push(`- policy.matchMode: ${code(audit.config.matchMode)}`);
  out.push(`- production environments: ${production.length === 0 ? '(none)' : production.map(code).join(', ')}${audit.destinationMode
    ? ' (declared on the production AppProjects; production is read from destinations)' : ' (read from Application names)'}`);
  const exec = audit.execEnabled;
  out.push(`- exec.enabled: ${exec === undefined ? '(unknown: exec grants are listed)' : exec ? '`"true"`' : 'off (exec grants have no effect and are left out)'}`, '');

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

/** "Who can change production" from the projects' destinations, then the team-repository paths. */
function renderProductionProjects(audit: AccessAudit, out: string[]): void {
  const projects = audit.productionAccess();
  out.push('Production is a project boundary. A project is a production project when its destinations reach a production',
    'namespace (declared by the platform on its production AppProjects), it may create cluster-scoped resources on a',
    'production cluster, or it may deploy Applications that name a production project. Argo CD ties an Application\'s',
    'destination to its project, never to its name, so each row covers every Application of the project, under any name.',
    'Only the platform\'s admins create, update or delete Applications in a production project (guardrail ARGO-ACC7).',
    '**High risk**: override (sync with local manifests, bypassing review), exec, `update/*`, `delete/*` and resource',
    'actions; the platform\'s defaults never grant them on production.', '');
  if (projects.length === 0) {
    out.push('No AppProject deploys to a production namespace yet, so no project is a production project (a `TeamProject` on a platform',
      'with a production environment adds the team\'s production project).',
      `Whoever has \`role:admin\` (${audit.admins.length === 0 ? 'nobody' : audit.admins.map(a => audit.labelOf(a)).join(', ')}) can change anything, production included.`, '');
    return;
  }
  out.push('| Production project | Because of its destinations |', '|---|---|');
  for (const { destination } of projects) {
    out.push(`| ${[destination.project, destination.productionDestinations.map(code).join('<br>')].map(cellText).join(' | ')} |`);
  }
  out.push('');
  const who = (changer: ProductionChanger) => changer.kind === PrincipalKind.DEFAULT ? `everyone (${code(changer.subject)})`
    : changer.kind === PrincipalKind.ROLE ? `project role ${code(changer.subject)}` : audit.labelOf(changer.subject);
  // One row per principal and grant, listing the production projects where it holds.
  const rows = new Map<string, { who: string; projects: string[]; can: string; lines: string }>();
  for (const { destination, changers } of projects) {
    for (const changer of changers) {
      const can: string[] = [];
      const policyLines = new Set<string>();
      for (const [resource] of AUDIT_RESOURCES) {
        for (const entry of changer.access[resource] ?? []) {
          const what = `${resource === 'applications' ? '' : `${resource} `}${describeEntry(entry)}`;
          const writes = resource === 'applications' && ['create', 'update', 'delete'].includes(entry.action);
          can.push(isHighRisk(resource, entry.action) ? `**${what}** (high risk)`
            : writes && !changer.admin ? `**${what}** (not an admin)` : what);
          entry.policyLines.forEach(l => policyLines.add(l));
        }
      }
      const row = { who: who(changer), can: can.join(', '), lines: [...policyLines].map(code).join('<br>') };
      const key = JSON.stringify(row);
      const existing = rows.get(key);
      if (existing) existing.projects.push(destination.project);
      else rows.set(key, { ...row, projects: [destination.project] });
    }
  }
  if (rows.size === 0) {
    out.push('Nobody.', '');
  } else {
    out.push('| Who | Production projects | Can (any Application of the project) | Policy lines |', '|---|---|---|---|');
    for (const row of rows.values()) out.push(`| ${[row.who, row.projects.join(', '), row.can, row.lines].map(cellText).join(' | ')} |`);
    out.push('');
  }
  const paths = projects.flatMap(p => (p.destination.teamRepositories ?? []).map(path => ({ project: p.destination.project, path })));
  if (paths.length === 0) return;
  out.push('### Through a team repository', '');
  out.push('Listed for information. A team repository reaches a production project only through its root Application, which',
    'syncs the repository\'s folder into a source namespace of the project in a contained project (only Applications, only',
    'that namespace): whoever can merge to the folder changes production Applications by a reviewed merge. A root',
    'Application that does not prune never deletes a production Application on a merge.', '');
  out.push('| Project | Root Application | Repository | Folder | Into | Prunes |', '|---|---|---|---|---|---|');
  for (const { project, path } of paths) {
    out.push(`| ${[project, `${path.application} (project ${path.applicationProject})`, code(path.repoUrl), path.path === undefined ? '-' : code(path.path),
      code(path.namespace), path.prune ? 'yes' : 'no'].map(cellText).join(' | ')} |`);
  }
  out.push('');
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
