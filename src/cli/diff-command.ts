import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { parseArgs } from 'node:util';
import * as os from 'os';
import * as path from 'path';
import { InputError, RBAC_CM_FILE, readPlatformManifests } from './cli-inputs';
import type { CliIo } from './rbac-commands';
import { UsageError } from './rbac-commands';
import { AccessAudit, AccessEntry, AccessRow } from '../rbac/access-audit';
import { accessAuditInputs } from '../rbac/access-audit-manifests';
import { compareStrings } from '../util/validation';
import { parseYamlDocuments } from '../util/yaml';

export const DIFF_USAGE = `Usage: argocd-platform diff BASE HEAD [--format md|json] [--path DIST]

Summarizes for review what changes between two synthesized outputs: who gains or loses access
(production first, evaluated exactly as Argo CD does from each side's argocd-rbac-cm and
AppProject roles), applications, projects, alerts and routes, notification subscriptions,
guardrail acknowledgements, chart and image versions, backup settings and every other object.

BASE and HEAD are output folders (dist/) or git refs (e.g. origin/main and HEAD), whose DIST
folder is read from the repository in the current folder.

Exit codes: 0 production access does not widen (no change, or a narrowing); 3 it widens (require
a second approval); 1 unreadable input; 2 usage error.

Flags:
  --format FORMAT   md (default; for a pull-request comment) or json
  --path DIST       the output folder inside the repository, for git refs (default dist)
  -h, --help        show this help
`;

/** One change of the review summary. */
export interface DiffChange {
  /** What changes: `added`, `removed` or `changed`; for access `gained`, `lost`, `widened`, `narrowed`. */
  readonly change: string;
  /** The object (kind and name, or subject and scope). */
  readonly name: string;
  /** Field-level details, e.g. `targetRevision: 1.2.0 → 1.3.0`. */
  readonly details: string[];
  /** For access: whether it concerns production. */
  readonly production?: boolean;
}

/** The review summary. */
export interface DiffReport {
  /** Whether anyone gains access in production. */
  readonly productionAccessWidens: boolean;
  /** Sections in review order; each lists its changes. */
  readonly sections: Array<{ readonly title: string; readonly key: string; readonly changes: DiffChange[] }>;
}

interface Doc {
  readonly file: string;
  readonly obj: any;
}

/** Every YAML document and JSON artifact under an output folder, by `kind/namespace/name`. */
function loadTree(root: string): { objects: Map<string, Doc>; artifacts: Map<string, string>; platformDirs: string[] } {
  const objects = new Map<string, Doc>();
  const artifacts = new Map<string, string>();
  const platformDirs: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (fs.existsSync(path.join(full, RBAC_CM_FILE))) platformDirs.push(rel);
        walk(full);
      } else if (/\.ya?ml$/.test(entry.name) && !entry.name.endsWith('.values.yaml')) {
        let docs: any[];
        try {
          docs = parseYamlDocuments(fs.readFileSync(full, 'utf8'));
        } catch (e) {
          throw new InputError(`could not read ${full}: ${(e as Error).message}`);
        }
        for (const obj of docs) {
          if (!obj || typeof obj !== 'object' || typeof obj.kind !== 'string') continue;
          if (obj.kind === 'Kustomization') continue;
          objects.set(`${obj.kind}/${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? rel}`, { file: rel, obj });
        }
      } else if (/\.(json|ya?ml|md)$/.test(entry.name)) {
        artifacts.set(rel, fs.readFileSync(full, 'utf8'));
      }
    }
  };
  walk(root);
  return { objects, artifacts, platformDirs };
}

const show = (v: unknown): string => (v === undefined ? '(none)' : typeof v === 'string' ? v : stable(v));

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, value) => (value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.keys(value).sort().map(k => [k, value[k]])) : value));
}

type Fields = Record<string, (obj: any) => unknown>;

/** `field: old → new` for each field that differs. */
function fieldChanges(fields: Fields, a: any, b: any): string[] {
  const out: string[] = [];
  for (const [label, get] of Object.entries(fields)) {
    const x = get(a);
    const y = get(b);
    if (stable(x) !== stable(y)) out.push(`${label}: ${show(x)} → ${show(y)}`);
  }
  return out;
}

/** Added, removed and changed objects of some kinds, compared on the given fields. */
function objectSection(base: Map<string, Doc>, head: Map<string, Doc>, select: (key: string, obj: any) => boolean, fields: Fields,
  label: (obj: any) => string): DiffChange[] {
  const keys = [...new Set([...base.keys(), ...head.keys()])].filter(k => select(k, (head.get(k) ?? base.get(k))!.obj)).sort(compareStrings);
  const out: DiffChange[] = [];
  for (const key of keys) {
    const a = base.get(key)?.obj;
    const b = head.get(key)?.obj;
    if (!a) {out.push({ change: 'added', name: label(b), details: fieldChanges(fields, {}, b).map(d => d.replace(/^([^:]+): \(none\) → /, '$1: ')) });} else if (!b) {out.push({ change: 'removed', name: label(a), details: [] });} else {
      const details = fieldChanges(fields, a, b);
      if (details.length > 0) out.push({ change: 'changed', name: label(a), details });
    }
  }
  return out;
}

const kindIs = (...kinds: string[]) => (_key: string, obj: any) => kinds.includes(obj.kind);
const named = (obj: any) => `${obj.kind} ${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata?.name}`;

function sources(app: any): any[] {
  return app?.spec?.sources ?? (app?.spec?.source ? [app.spec.source] : []);
}

const APPLICATION_FIELDS: Fields = {
  project: o => o?.spec?.project,
  source: o => sources(o).map(s => ({ ...s, targetRevision: undefined })),
  targetRevision: o => sources(o).map(s => s.targetRevision),
  destination: o => o?.spec?.destination,
  syncPolicy: o => o?.spec?.syncPolicy,
  ignoreDifferences: o => o?.spec?.ignoreDifferences,
};

const PROJECT_FIELDS: Fields = {
  destinations: o => o?.spec?.destinations,
  sourceRepos: o => o?.spec?.sourceRepos,
  sourceNamespaces: o => o?.spec?.sourceNamespaces,
  clusterResourceWhitelist: o => o?.spec?.clusterResourceWhitelist,
  clusterResourceBlacklist: o => o?.spec?.clusterResourceBlacklist,
  namespaceResourceWhitelist: o => o?.spec?.namespaceResourceWhitelist,
  namespaceResourceBlacklist: o => o?.spec?.namespaceResourceBlacklist,
  syncWindows: o => o?.spec?.syncWindows,
  // Project roles, one line each as a reviewer reads them (the access sections say what they grant).
  roles: o => (Array.isArray(o?.spec?.roles) ? o.spec.roles.map((r: any) => `${r?.name}: groups [${[...(r?.groups ?? [])].map(String).sort(compareStrings).join(', ')}], `
    + `policies [${(r?.policies ?? []).map((line: unknown) => String(line).split(',').slice(2).map(f => f.trim()).join(' ')).join('; ')}]`) : undefined),
};

/** Alert rules, by group and alert name, compared on expression, `for`, labels and annotations. */
function alertChanges(base: Map<string, Doc>, head: Map<string, Doc>): DiffChange[] {
  const rules = (m: Map<string, Doc>) => {
    const out = new Map<string, any>();
    for (const { obj } of m.values()) {
      if (obj.kind !== 'PrometheusRule') continue;
      for (const group of obj.spec?.groups ?? []) {
        for (const rule of group.rules ?? []) out.set(`${obj.metadata?.name}/${group.name}/${rule.alert ?? rule.record}`, rule);
      }
    }
    return out;
  };
  const a = rules(base);
  const b = rules(head);
  const fields: Fields = { expr: r => r?.expr, for: r => r?.for, labels: r => r?.labels, annotations: r => r?.annotations };
  const out: DiffChange[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings)) {
    const name = `alert ${key.split('/').pop()} (${key.split('/').slice(0, 2).join('/')})`;
    if (!a.has(key)) {out.push({ change: 'added', name, details: [`expr: ${b.get(key).expr}`, ...(b.get(key).for ? [`for: ${b.get(key).for}`] : [])] });} else if (!b.has(key)) {out.push({ change: 'removed', name, details: [] });} else {
      const details = fieldChanges(fields, a.get(key), b.get(key));
      if (details.length) out.push({ change: 'changed', name, details });
    }
  }
  return out;
}

/** Notification subscriptions: Application annotations, AppProject subscriptions, argocd-notifications-cm. */
function subscriptionChanges(base: Map<string, Doc>, head: Map<string, Doc>): DiffChange[] {
  const subs = (m: Map<string, Doc>) => {
    const out = new Map<string, string>();
    for (const { obj } of m.values()) {
      for (const [k, v] of Object.entries<string>(obj.metadata?.annotations ?? {})) {
        if (k.startsWith('notifications.argoproj.io/subscribe') || k === 'notifications.argoproj.io/subscriptions') out.set(`${named(obj)} ${k}`, v);
      }
      if (obj.kind === 'ConfigMap' && obj.metadata?.name === 'argocd-notifications-cm') {
        for (const [k, v] of Object.entries<string>(obj.data ?? {})) out.set(`argocd-notifications-cm ${k}`, v);
      }
    }
    return out;
  };
  return mapChanges(subs(base), subs(head));
}

function mapChanges(a: Map<string, string>, b: Map<string, string>): DiffChange[] {
  const out: DiffChange[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings)) {
    if (!a.has(key)) out.push({ change: 'added', name: key, details: [oneLine(b.get(key)!)] });
    else if (!b.has(key)) out.push({ change: 'removed', name: key, details: [oneLine(a.get(key)!)] });
    else if (a.get(key) !== b.get(key)) out.push({ change: 'changed', name: key, details: [`${oneLine(a.get(key)!)} → ${oneLine(b.get(key)!)}`] });
  }
  return out;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

/** Guardrail acknowledgements (`argocd-platform/acknowledge`), per object and rule. */
function acknowledgementChanges(base: Map<string, Doc>, head: Map<string, Doc>): DiffChange[] {
  const acks = (m: Map<string, Doc>) => {
    const out = new Map<string, string>();
    for (const { obj } of m.values()) {
      const value = obj.metadata?.annotations?.['argocd-platform/acknowledge'];
      if (typeof value !== 'string') continue;
      for (const line of value.split('\n').filter(l => l.trim() !== '')) {
        const match = /^\s*(ARGO-[A-Z0-9]+)\s*:\s*(.*)$/.exec(line);
        out.set(`${match ? match[1] : line} on ${named(obj)}`, match ? match[2] : line);
      }
    }
    return out;
  };
  return mapChanges(acks(base), acks(head));
}

/** Chart versions (Applications from Helm charts), images (workloads, Image Updater). */
function versionChanges(base: Map<string, Doc>, head: Map<string, Doc>,
  baseArtifacts: Map<string, string>, headArtifacts: Map<string, string>): DiffChange[] {
  const versions = (m: Map<string, Doc>, artifacts: Map<string, string>) => {
    const out = new Map<string, string>();
    for (const { obj } of m.values()) {
      if (obj.kind === 'Application') {
        for (const s of sources(obj)) if (s.chart) out.set(`chart ${s.chart} (${named(obj)})`, String(s.targetRevision));
      }
      const visit = (v: any, where: string) => {
        if (Array.isArray(v)) {v.forEach(x => visit(x, where));} else if (v && typeof v === 'object') {
          if (typeof v.image === 'string' && typeof v.name === 'string') out.set(`image of ${where} container ${v.name}`, v.image);
          if (typeof v.imageName === 'string') out.set(`image ${v.alias ?? v.imageName} (${where})`, v.imageName);
          for (const x of Object.values(v)) visit(x, where);
        }
      };
      if (obj.kind !== 'Application') visit(obj.spec, named(obj));
    }
    for (const [file, text] of artifacts) {
      if (!file.endsWith('.values.yaml')) continue;
      for (const line of text.split('\n')) {
        const found = /^\s*(tag|version|chartVersion|targetRevision):\s*"?([^"\s]+)"?\s*$/.exec(line);
        if (found) out.set(`${file} ${found[1]}`, found[2]);
      }
    }
    return out;
  };
  return mapChanges(versions(base, baseArtifacts), versions(head, headArtifacts));
}

const isBackupJob = (obj: any) => obj.kind === 'CronJob' && /backup/.test(obj.metadata?.name ?? '');

/** Backup settings: backup CronJobs and the backup lifecycle artifact. */
function backupChanges(base: ReturnType<typeof loadTree>, head: ReturnType<typeof loadTree>): DiffChange[] {
  const jobs = objectSection(base.objects, head.objects, (_k, obj) => isBackupJob(obj), {
    schedule: o => o?.spec?.schedule,
    suspend: o => o?.spec?.suspend,
    containers: o => o?.spec?.jobTemplate?.spec?.template?.spec?.containers
      ?.map((c: any) => ({ image: c.image, args: c.args, command: c.command, env: c.env })),
  }, named);
  const files = (m: Map<string, string>) => new Map([...m].filter(([f]) => /backup/.test(f)));
  return [...jobs, ...mapChanges(files(base.artifacts), files(head.artifacts))];
}

/** Files beside the objects (the team contract, reports), by name. */
function fileChanges(a: Map<string, string>, b: Map<string, string>): DiffChange[] {
  return mapChanges(a, b).filter(c => !/backup/.test(c.name)).map(c => ({ ...c, details: [] }));
}

type RowKey = string;

function entriesOf(row: AccessRow | undefined): Map<string, AccessEntry> {
  const out = new Map<string, AccessEntry>();
  for (const [resource, entries] of Object.entries(row?.access ?? {})) {
    for (const e of entries) out.set(`${resource} ${e.action}`, e);
  }
  return out;
}

function describeEntry(key: string, e: AccessEntry): string {
  const parts = [key];
  if (e.on.length) parts.push(`on ${e.on.join(', ')}`);
  if (e.except.length) parts.push(`except ${e.except.join(', ')}`);
  if (e.exceptActions.length) parts.push(`except actions ${e.exceptActions.join(', ')}`);
  return parts.join(' ');
}

/** Whether `b` allows something `a` does not (conservative: a changed pattern counts as a widening). */
function entryWidens(a: AccessEntry, b: AccessEntry): boolean {
  const newOn = (a.on.length > 0 && b.on.length === 0) || (a.on.length > 0 && b.on.some(p => !a.on.includes(p)));
  const lostExcept = a.except.some(p => !b.except.includes(p));
  const lostExceptAction = a.exceptActions.some(p => !b.exceptActions.includes(p));
  return newOn || lostExcept || lostExceptAction;
}

/** Access per subject, project and environment class, from the exact evaluator of each side. */
function accessChanges(baseRoot: string, headRoot: string, baseDirs: string[], headDirs: string[]): { changes: DiffChange[]; widens: boolean } {
  const changes: DiffChange[] = [];
  let widens = false;
  const productionProjects = new Set<string>();
  const audit = (root: string, dirs: string[], dir: string) => {
    if (!dirs.includes(dir)) return undefined;
    // Read exactly as the synth reads it for dist/<platform>.access.md: production from the AppProjects' destinations.
    const inputs = accessAuditInputs(readPlatformManifests(path.join(root, dir)));
    for (const d of inputs.options.productionDestinations ?? []) productionProjects.add(d.project);
    return AccessAudit.compile(inputs.config, inputs.projects, inputs.options);
  };
  for (const dir of [...new Set([...baseDirs, ...headDirs])].sort(compareStrings)) {
    const a = audit(baseRoot, baseDirs, dir);
    const b = audit(headRoot, headDirs, dir);
    const subjects = new Set<string>();
    const projects = new Set<string>();
    for (const x of [a, b]) {
      for (const row of x?.rows() ?? []) {
        subjects.add(row.subject);
        if (row.project) projects.add(row.project);
      }
    }
    const label = (subject: string) => (b?.principal(subject) ? b.labelOf(subject) : a?.principal(subject) ? a.labelOf(subject) : subject).replace(/`/g, '');
    // Admins first: an admin can do everything everywhere.
    const adminsA = new Set(a?.admins ?? []);
    const adminsB = new Set(b?.admins ?? []);
    for (const s of [...adminsB].filter(x => !adminsA.has(x)).sort(compareStrings)) {
      changes.push({ change: 'gained', name: `${label(s)}: admin of ${dir}`, details: ['role:admin (every action, every project, production included)'], production: true });
      widens = true;
    }
    for (const s of [...adminsA].filter(x => !adminsB.has(x)).sort(compareStrings)) {
      changes.push({ change: 'lost', name: `${label(s)}: admin of ${dir}`, details: ['role:admin'], production: true });
    }
    const seen = new Set<RowKey>();
    // Production is a project boundary when the platform declares it by destinations (every row of
    // a project is production or not, as the access audit classifies the project; "any other project"
    // may be a production one); else, when no side declares production environments, by name.
    const byDestination = (a?.productionEnvironments.length ?? 0) > 0 || (b?.productionEnvironments.length ?? 0) > 0;
    for (const pass of byDestination ? [undefined] : [true, false]) {
      for (const subject of [...subjects].sort(compareStrings)) {
        if (adminsA.has(subject) || adminsB.has(subject)) continue;
        for (const project of [undefined, ...[...projects].sort(compareStrings)]) {
          const production = pass ?? (project === undefined || productionProjects.has(project));
          const probe = project ?? '\u0000any other project';
          const rowA = a?.rowFor(subject, probe, production);
          const rowB = b?.rowFor(subject, probe, production);
          const ea = entriesOf(rowA);
          const eb = entriesOf(rowB);
          const gained: string[] = [];
          const lost: string[] = [];
          let rowWidens = false;
          for (const key of [...new Set([...ea.keys(), ...eb.keys()])].sort(compareStrings)) {
            const x = ea.get(key);
            const y = eb.get(key);
            if (!x && y) {
              gained.push(describeEntry(key, y)); rowWidens = true;
            } else if (x && !y) {
              lost.push(describeEntry(key, x));
            } else if (x && y && stable({ ...x, policyLines: [] }) !== stable({ ...y, policyLines: [] })) {
              if (entryWidens(x, y)) {
                gained.push(`${describeEntry(key, y)} (was ${describeEntry(key, x)})`); rowWidens = true;
              } else {
                lost.push(`${describeEntry(key, y)} (was ${describeEntry(key, x)})`);
              }
            }
          }
          if (gained.length === 0 && lost.length === 0) continue;
          // A project with no row of its own on either side repeats "any other project".
          const ownRow = [rowA, rowB].some(r => r?.project === project);
          if (project !== undefined && !ownRow) continue;
          const scope = `${project === undefined ? 'any project' : `project ${project}`}, ${production ? 'production' : 'non-production'}`;
          const key = `${subject}|${scope}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const name = `${label(subject)} in ${scope}${dir === 'argocd' ? '' : ` (${dir})`}`;
          if (gained.length) changes.push({ change: 'gained', name, details: gained, production });
          if (lost.length) changes.push({ change: 'lost', name, details: lost, production });
          if (rowWidens && production) widens = true;
        }
      }
    }
  }
  return { changes, widens };
}

/** Compares two output folders. */
export function diffOutputs(baseRoot: string, headRoot: string): DiffReport {
  const base = loadTree(baseRoot);
  const head = loadTree(headRoot);
  const access = accessChanges(baseRoot, headRoot, base.platformDirs, head.platformDirs);
  const covered = new Set(['Application', 'AppProject', 'PrometheusRule', 'AlertmanagerConfig']);
  const sections: DiffReport['sections'] = [
    { key: 'production-access', title: 'Production access', changes: access.changes.filter(c => c.production) },
    { key: 'access', title: 'Access outside production', changes: access.changes.filter(c => !c.production) },
    { key: 'applications', title: 'Applications', changes: objectSection(base.objects, head.objects, kindIs('Application'), APPLICATION_FIELDS, named) },
    { key: 'projects', title: 'Projects', changes: objectSection(base.objects, head.objects, kindIs('AppProject'), PROJECT_FIELDS, named) },
    { key: 'alerts', title: 'Alerts', changes: alertChanges(base.objects, head.objects) },
    {
      key: 'routes',
      title: 'Alert routes',
      changes: objectSection(base.objects, head.objects, kindIs('AlertmanagerConfig'), { route: o => o?.spec?.route, receivers: o => o?.spec?.receivers }, named),
    },
    { key: 'subscriptions', title: 'Notification subscriptions', changes: subscriptionChanges(base.objects, head.objects) },
    { key: 'acknowledgements', title: 'Guardrail acknowledgements', changes: acknowledgementChanges(base.objects, head.objects) },
    { key: 'versions', title: 'Chart and image versions', changes: versionChanges(base.objects, head.objects, base.artifacts, head.artifacts) },
    { key: 'backup', title: 'Backup settings', changes: backupChanges(base, head) },
    {
      key: 'other',
      title: 'Other objects',
      changes: objectSection(base.objects, head.objects, (_k, o) => !covered.has(o.kind) && !isBackupJob(o),
        { content: o => ({ ...o, metadata: { ...o.metadata, annotations: undefined } }) }, named)
        .map(c => ({ ...c, details: [] })),
    },
    { key: 'files', title: 'Other files (contract, reports)', changes: fileChanges(base.artifacts, head.artifacts) },
  ];
  return { productionAccessWidens: access.widens, sections };
}

/** Markdown for a pull-request comment. */
export function renderDiffMarkdown(report: DiffReport): string {
  const lines = ['## Argo CD platform changes', ''];
  lines.push(report.productionAccessWidens
    ? '**Production access widens**: this change needs a second approval.'
    : 'Production access does not widen.');
  lines.push('');
  const any = report.sections.some(s => s.changes.length > 0);
  if (!any) lines.push('No changes to the synthesized platform.', '');
  for (const section of report.sections) {
    if (section.changes.length === 0) continue;
    lines.push(`### ${section.title}`, '');
    for (const c of section.changes) {
      lines.push(`- **${c.change}** ${c.name.replace(/([*_`|])/g, '\\$1')}`);
      for (const d of c.details) lines.push(`  - ${d.replace(/([*_`|])/g, '\\$1')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** A git ref's output folder, extracted into a temporary folder. */
function extractRef(ref: string, distPath: string, into: string): string {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new InputError(`${ref} is neither a folder nor a git ref of the repository here`);
  }
  const tar = path.join(into, 'out.tar');
  try {
    execFileSync('git', ['archive', '--format=tar', '-o', tar, ref, '--', distPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new InputError(`${ref} has no ${distPath}/ (${String((e as any).stderr ?? '').trim()})`);
  }
  execFileSync('tar', ['-xf', tar, '-C', into], { stdio: ['ignore', 'pipe', 'pipe'] });
  return path.join(into, distPath);
}

/** `argocd-platform diff BASE HEAD`. */
export async function diffCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { format: { type: 'string' }, path: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError(`diff: ${(e as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(DIFF_USAGE);
    return 0;
  }
  const format = values.format ?? 'md';
  if (!['md', 'json'].includes(format)) throw new UsageError(`diff: --format must be md or json (got ${JSON.stringify(format)})`);
  if (positionals.length !== 2) throw new UsageError('diff: expected BASE and HEAD');
  const distPath = values.path ?? 'dist';
  const temps: string[] = [];
  try {
    const resolve = (arg: string) => {
      if (fs.existsSync(arg) && fs.statSync(arg).isDirectory()) return arg;
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-platform-diff-'));
      temps.push(tmp);
      return extractRef(arg, distPath, tmp);
    };
    const report = diffOutputs(resolve(positionals[0]), resolve(positionals[1]));
    io.out(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderDiffMarkdown(report));
    return report.productionAccessWidens ? 3 : 0;
  } finally {
    for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
  }
}
