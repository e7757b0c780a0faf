import * as fs from 'fs';
import * as path from 'path';
import { CliIo, UsageError } from './rbac-commands';
import { blockingFindings, DEFAULT_GUARDRAIL_OPTIONS, evaluate } from '../guardrails/guardrail-pack';
import { GuardedObject, GuardrailLevel, GuardrailOptions, IGuardrailRule, PlatformView } from '../guardrails/guardrail-rule';
import { productionEnvironmentNames } from '../guardrails/manifests';
import { ALL_RULES, objectRules } from '../guardrails/rules/index';
import { LocatedFinding, ReadProblem, renderSarif } from '../guardrails/sarif-report';
import { productionNameWord } from '../util/checks';
import { PlatformLabels } from '../util/labels';
import { compareStrings } from '../util/validation';
import { MAX_YAML_BYTES, readYamlStream } from '../util/yaml';

export const LINT_USAGE = `Usage: argocd-platform lint PATH... [flags]

Runs the guardrails' object rules, and the cross-object rule ARGO-STR2, on YAML files and folders
(*.yaml, *.yml, recursively): any Kubernetes manifests, not only this library's output. On a synthesized
dist/ it gives the synth's verdict: the synth fails exactly when lint reports an error. Findings are acknowledged on the object with
the annotation  argocd-platform/acknowledge: "ARGO-<ID>: <reason of at least 10 characters>".

Flags:
  --format text|json|sarif   output format (default text; sarif is SARIF 2.1.0 for code scanning)
  --production               treat every object as production
  --production-env NAMES     comma-separated environment names that are production, matched against the
                             argocd-platform/environment label (default: what the output declares, the label
                             argocd-platform/production: "true" or "false" the synth puts on an environment's objects;
                             for output without it, a name that says production, such as prod, production, prd, live,
                             prod-eu); root Applications (argocd-platform/root-app: "true") are judged like the
                             platform chart, not as production
  --max-sources N            sources one Application may hold (default 5)

Exit codes: 0 no errors, 1 errors (findings or unreadable YAML), 2 usage errors.
`;

/** Platform rules that judge only the objects, so lint runs them like the synth does. */
const LINT_PLATFORM_RULES = ['ARGO-STR2'];

function isObjectRuleId(id: string): boolean {
  return objectRules().some(rule => rule.id === id);
}

/** The rules lint runs. */
function lintRules(): IGuardrailRule[] {
  return ALL_RULES.filter(rule => isObjectRuleId(rule.id) || LINT_PLATFORM_RULES.includes(rule.id));
}

/** The largest file read; the same cap as every YAML reader of the library. */
const MAX_FILE_BYTES = MAX_YAML_BYTES;

/** One object read from a file. */
export interface ReadObject {
  readonly manifest: any;
  readonly file: string;
  readonly line: number;
}

/**
 * Reads the Kubernetes objects of a YAML text as Kubernetes reads it (the library's one YAML reader:
 * go-yaml v2's scalars such as `yes`, merge keys, several documents, duplicate keys refused, the same
 * caps on size, depth and aliases as every reader), with `kind: List` expanded. Documents that are not
 * objects with apiVersion and kind are skipped.
 */
export function readManifests(text: string, file: string): { objects: ReadObject[]; problems: ReadProblem[] } {
  const objects: ReadObject[] = [];
  const stream = readYamlStream(text);
  const problems: ReadProblem[] = stream.problems.map(p => ({ file, line: p.line, column: p.column, message: p.message }));
  for (const doc of stream.documents) {
    const value = doc.value;
    // kubectl expands a List into its items; each is reported at its own line.
    const items: Array<[unknown, number]> = isObject(value) && value.kind === 'List' && Array.isArray(value.items)
      ? value.items.map((item: unknown, i: number) => [item, doc.lineOf(['items', i])])
      : [[value, doc.line]];
    for (const [item, itemLine] of items) {
      if (isObject(item) && typeof item.apiVersion === 'string' && typeof item.kind === 'string') objects.push({ manifest: item, file, line: itemLine });
    }
  }
  return { objects, problems };
}

function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The YAML files of the given paths, folders read recursively, sorted. */
function yamlFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (entry: string) => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        const child = path.join(entry, name);
        if (fs.statSync(child).isDirectory() || /\.ya?ml$/i.test(name)) walk(child);
      }
    } else {out.push(entry);}
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
    walk(p);
  }
  return [...new Set(out)];
}

function parseArgs(argv: string[]) {
  const paths: string[] = [];
  let format = 'text';
  let production = false;
  let productionEnvironments: string[] | undefined;
  let maxSources: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--format') {
      format = value();
      if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif (got ${JSON.stringify(format)})`);
    } else if (arg === '--production') {production = true;} else if (arg === '--production-env') {productionEnvironments = value().split(',').map(s => s.trim()).filter(s => s !== '');} else if (arg === '--max-sources') {
      const v = value();
      maxSources = Number(v);
      if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`--max-sources must be a positive integer (got ${JSON.stringify(v)})`);
    } else if (arg.startsWith('-')) {throw new UsageError(`unknown flag ${arg}`);} else {paths.push(arg);}
  }
  if (paths.length === 0) throw new UsageError('give at least one file or folder');
  return { paths, format, production, productionEnvironments, maxSources };
}

/**
 * `argocd-platform lint PATH...`: the guardrails' object rules over YAML files. Returns the exit code:
 * 0 no errors, 1 errors or unreadable YAML, 2 usage errors.
 */
export async function lintCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(LINT_USAGE);
    return 0;
  }
  try {
    return lint(parseArgs(argv), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n\n${LINT_USAGE}`);
      return 2;
    }
    io.err(`error: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  }
}

function lint(args: ReturnType<typeof parseArgs>, io: CliIo): number {
  const files = yamlFiles(args.paths);
  const problems: ReadProblem[] = [];
  const read: ReadObject[] = [];
  for (const file of files) {
    const display = path.relative(process.cwd(), file).split(path.sep).join('/') || file;
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      problems.push({ file: display, line: 1, column: 1, message: `larger than ${MAX_FILE_BYTES} bytes` });
      continue;
    }
    const manifests = readManifests(fs.readFileSync(file, 'utf8'), display);
    problems.push(...manifests.problems);
    read.push(...manifests.objects);
  }
  const production = productionReader(read.map(o => o.manifest), args.productionEnvironments);
  const options: GuardrailOptions = {
    ...DEFAULT_GUARDRAIL_OPTIONS,
    ...(args.maxSources !== undefined ? { maxSourcesPerApplication: args.maxSources } : {}),
    productionEnvironments: production.environments,
  };
  const objects: GuardedObject[] = [];
  const located = new Map<string, { file: string; line: number }>();
  for (const object of read) {
    let objectPath = `${object.file}:${object.line}`;
    while (located.has(objectPath)) objectPath += "'";
    located.set(objectPath, { file: object.file, line: object.line });
    const labels = labelsOf(object.manifest);
    const env = typeof labels[PlatformLabels.ENVIRONMENT] === 'string' ? labels[PlatformLabels.ENVIRONMENT] as string : undefined;
    // A root Application (App of Apps) only creates its environment's Applications, which carry the production rules themselves.
    const root = labels[PlatformLabels.ROOT_APP] === 'true';
    objects.push({
      manifest: object.manifest,
      path: objectPath,
      context: {
        production: args.production || (env !== undefined && !root && production.isProduction(env, labels[PlatformLabels.PRODUCTION])),
        environment: env,
        options,
      },
    });
  }
  // The cross-object rules that need only the objects (not the platform's constructs) run too, as in the synth.
  const view: PlatformView = { platformName: 'lint', path: 'lint', objects, environments: [], capabilities: [], options };
  const paths = new Set(objects.map(o => o.path));
  const findings = evaluate(objects, view, () => undefined)
    .filter(f => paths.has(f.path) && (LINT_PLATFORM_RULES.includes(f.ruleId) || isObjectRuleId(f.ruleId)));
  const errors = blockingFindings(findings);
  const locatedFindings: LocatedFinding[] = findings.map(finding => ({ finding, ...located.get(finding.path)! }))
    .sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line
      || compareStrings(a.finding.ruleId, b.finding.ruleId) || compareStrings(a.finding.detail, b.finding.detail));
  if (args.format === 'sarif') {
    io.out(`${JSON.stringify(renderSarif(lintRules(), locatedFindings, problems, packageVersion()), null, 2)}\n`);
  } else if (args.format === 'json') {
    io.out(`${JSON.stringify({
      files: files.length,
      objects: objects.length,
      errors: errors.length,
      findings: locatedFindings.map(({ finding, file, line }) => ({ file, line, ...finding, path: undefined })),
      unreadable: problems,
    }, null, 2)}\n`);
  } else {
    io.out(renderText(locatedFindings, problems, files.length, objects.length));
  }
  return errors.length > 0 || problems.length > 0 ? 1 : 0;
}

function labelsOf(manifest: any): Record<string, unknown> {
  const labels = manifest?.metadata?.labels;
  return isObject(labels) ? labels : {};
}

/**
 * Which environments of the linted objects are production, as the synth decided: the `--production-env`
 * list when given; else what the output declares (the label `argocd-platform/production`, `"true"` or
 * `"false"`, which the platform puts on its objects of an environment: an object's own label, or for an
 * object without it, such as a workload added by hand, its environment's declaration); else, for output
 * that declares nothing (another tool's, or an older version's), a name that says production.
 */
export function productionReader(manifests: any[], flagged: string[] | undefined): {
  /** The production environments the access rules sample. */
  readonly environments: string[];
  isProduction(environment: string, ownLabel: unknown): boolean;
} {
  if (flagged) return { environments: flagged, isProduction: env => flagged.includes(env) };
  const declared = new Map<string, boolean>();
  for (const manifest of manifests) {
    const labels = labelsOf(manifest);
    const env = labels[PlatformLabels.ENVIRONMENT];
    const value = labels[PlatformLabels.PRODUCTION];
    if (typeof env !== 'string' || (value !== 'true' && value !== 'false')) continue;
    // Two platforms linted together that disagree on an environment: production wins for the undeclared objects.
    declared.set(env, declared.get(env) === true || value === 'true');
  }
  const byName = (env: string) => productionNameWord(env) !== undefined;
  return {
    environments: declared.size > 0 ? [...declared].filter(([, p]) => p).map(([env]) => env).sort(compareStrings)
      : productionEnvironmentNames({}),
    isProduction: (env, ownLabel) => (ownLabel === 'true' || ownLabel === 'false' ? ownLabel === 'true'
      : declared.get(env) ?? byName(env)),
  };
}

function renderText(findings: LocatedFinding[], problems: ReadProblem[], files: number, objects: number): string {
  const lines: string[] = [];
  for (const p of [...problems].sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line)) {
    lines.push(`${p.file}:${p.line}:${p.column}: error: cannot read YAML: ${p.message}`);
  }
  for (const { finding: f, file, line } of findings) {
    const label = f.acknowledgedReason !== undefined ? `acknowledged ${f.level}` : f.level;
    const ack = f.acknowledgedReason !== undefined ? ` [acknowledged: ${f.acknowledgedReason}]` : '';
    lines.push(`${file}:${line}: ${label} ${f.ruleId} ${f.object}: ${f.finding}: ${f.detail}${ack}`);
  }
  const count = (level: GuardrailLevel) => findings.filter(f => f.finding.level === level && f.finding.acknowledgedReason === undefined).length;
  const acknowledged = findings.filter(f => f.finding.acknowledgedReason !== undefined).length;
  lines.push(`${files} files, ${objects} objects: ${count(GuardrailLevel.ERROR)} errors, ${count(GuardrailLevel.WARNING)} warnings, ${acknowledged} acknowledged, ${problems.length} unreadable`);
  return `${lines.join('\n')}\n`;
}

function packageVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
