import { parseArgs } from 'node:util';
import { InputError, readPlatformDir, readPlatformManifests, readPolicyFile, readProjectFile } from './cli-inputs';
import { AccessAudit, AuditFormat } from '../rbac/access-audit';
import { accessAuditInputs } from '../rbac/access-audit-manifests';
import { PolicyCsv, PolicyLine } from '../rbac/policy-csv';
import { PolicyLint } from '../rbac/policy-lint';
import { ProjectRbac } from '../rbac/project-roles';
import { RbacConfig } from '../rbac/rbac-config';
import { RbacEvaluator } from '../rbac/rbac-evaluator';
import { printable } from '../util/text';

/** Where a command writes. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
}

/** A usage error: the command prints its usage on stderr and exits 2. */
export class UsageError extends Error {}

/** Shorthand resource names accepted by `argocd admin settings rbac can`. */
const RESOURCE_SHORTHANDS: Record<string, string> = {
  account: 'accounts',
  app: 'applications',
  apps: 'applications',
  application: 'applications',
  applicationsets: 'applicationsets',
  cert: 'certificates',
  certs: 'certificates',
  certificate: 'certificates',
  cluster: 'clusters',
  extension: 'extensions',
  gpgkey: 'gpgkeys',
  key: 'gpgkeys',
  log: 'logs',
  logs: 'logs',
  exec: 'exec',
  proj: 'projects',
  projs: 'projects',
  project: 'projects',
  repo: 'repositories',
  repos: 'repositories',
  repository: 'repositories',
};

const PROJECT_SCOPED = ['applications', 'applicationsets', 'logs', 'exec', 'clusters', 'repositories'];

/** `--strict`'s table (Argo CD's `validRBACResourcesActions`): action → may carry a `/path`. */
const CRUD = { create: false, get: false, update: false, delete: false };
const CRD = { create: false, get: false, delete: false };
const STRICT_ACTIONS: Record<string, Record<string, boolean>> = {
  accounts: { create: false, update: false },
  applications: { create: false, get: false, update: true, delete: true, action: true, override: false, sync: false },
  applicationsets: CRUD,
  certificates: CRD,
  clusters: CRUD,
  extensions: { invoke: false },
  gpgkeys: CRD,
  logs: { get: false },
  exec: { create: false },
  projects: CRUD,
  repositories: CRUD,
};

export const USAGE: Record<string, string> = {
  'rbac': `Usage: argocd-platform rbac <command> [flags]

Commands:
  can SUBJECT ACTION RESOURCE [SUBRESOURCE]   check a permission like 'argocd admin settings rbac can'
  validate --policy-file FILE                 validate a policy like 'argocd admin settings rbac validate', plus stricter checks
  who-can ACTION RESOURCE OBJECT --dir DIR    list every group, user and role allowed, with the lines that allow it
  audit --dir DIR [--format md|csv|json]      print the access matrix

Run 'argocd-platform rbac <command> --help' for a command's flags.
`,
  'can': `Usage: argocd-platform rbac can SUBJECT ACTION RESOURCE [SUBRESOURCE] (--policy-file FILE | --dir DIR) [flags]

Prints Yes (exit 0) or No (exit 1), like 'argocd admin settings rbac can'. A resource or action
Argo CD does not have (with --strict) is a usage error (exit 2).

Flags:
  --policy-file FILE          policy CSV or argocd-rbac-cm ConfigMap YAML
  --dir DIR                   a synthesized platform folder (argocd-rbac-cm and appproject-*.yaml)
  --default-role ROLE         default role (overrides policy.default)
  --use-builtin-policy=BOOL   also load Argo CD's builtin policy (default true)
  --strict=BOOL               reject unknown resources and actions (default true)
  --groups G1,G2              evaluate like the API server with these group claims
  --project-file FILE         AppProject YAML whose roles are runtime policy (repeatable)
  -q, --quiet                 print nothing; the exit code is the answer
  -h, --help                  show this help

With --groups, --project-file or --dir the API server's evaluation is used: project roles as
runtime policy, and groups only when they are the first field of some g line.
`,
  'validate': `Usage: argocd-platform rbac validate (--policy-file FILE | --dir DIR) [--strict=BOOL]

Prints 'Policy is valid.' (exit 0) or 'Policy is invalid: ...' (exit 1). Beyond Argo CD's syntax
check, --strict (default true) also rejects resources and actions Argo CD 3.5 does not have,
objects in the wrong format, unsafe text, and groups with policy lines but no g line.

Flags:
  --policy-file FILE   policy CSV or argocd-rbac-cm ConfigMap YAML
  --dir DIR            a synthesized platform folder
  --strict=BOOL        run the stricter checks (default true)
  -h, --help           show this help
`,
  'who-can': `Usage: argocd-platform rbac who-can ACTION RESOURCE OBJECT (--dir DIR | --policy-file FILE [--project-file FILE]...)

Lists every group, user and role allowed, evaluated like the API server, with the policy lines
that allow it.

Flags:
  --dir DIR             a synthesized platform folder
  --policy-file FILE    policy CSV or argocd-rbac-cm ConfigMap YAML
  --project-file FILE   AppProject YAML (repeatable)
  -h, --help            show this help
`,
  'audit': `Usage: argocd-platform rbac audit (--dir DIR | --policy-file FILE [--project-file FILE]...) [--format md|csv|json]

Prints the access matrix: who can change production, admins, what everyone has (policy.default),
and per group and project the actions allowed on applications, logs, exec, repositories and
clusters. With --dir, production is read from the AppProjects' destinations and admin.enabled and
exec.enabled from argocd-cm: the report equals the synthesized dist/<platform>.access.md.

Flags:
  --dir DIR             a synthesized platform folder
  --policy-file FILE    policy CSV or argocd-rbac-cm ConfigMap YAML
  --project-file FILE   AppProject YAML (repeatable)
  --format FORMAT       md (default), csv or json
  -h, --help            show this help
`,
};

type Options = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

const BOOLEAN_VALUE_FLAGS = ['use-builtin-policy', 'strict'];

/** Parses flags strictly; Go-style `--flag` / `--flag=false` booleans are accepted. */
interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

function parse(command: string, argv: string[], options: Options): ParsedArgs {
  const normalized = argv.map(a => (BOOLEAN_VALUE_FLAGS.some(f => a === `--${f}`) ? `${a}=true` : a));
  try {
    const parsed = parseArgs({ args: normalized, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
}

function boolFlag(command: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new UsageError(`${command}: --${name} must be true or false (got ${JSON.stringify(value)})`);
}

function loadInputs(command: string, values: Record<string, unknown>): { config: RbacConfig; projects: ProjectRbac[]; localAdminEnabled?: boolean } {
  const dir = values.dir as string | undefined;
  const policyFile = values['policy-file'] as string | undefined;
  if ((dir === undefined) === (policyFile === undefined)) {
    throw new UsageError(`${command}: please provide exactly one of --policy-file or --dir`);
  }
  const base = dir !== undefined ? readPlatformDir(dir) : { config: readPolicyFile(policyFile!), projects: [], localAdminEnabled: undefined };
  const extra = ((values['project-file'] as string[] | undefined) ?? []).flatMap(readProjectFile);
  return { config: base.config, projects: [...base.projects, ...extra], localAdminEnabled: base.localAdminEnabled };
}

/** `rbac can`. */
export async function canCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('can', argv, {
    'policy-file': { type: 'string' },
    'dir': { type: 'string' },
    'default-role': { type: 'string' },
    'use-builtin-policy': { type: 'string' },
    'strict': { type: 'string' },
    'groups': { type: 'string' },
    'project-file': { type: 'string', multiple: true },
    'quiet': { type: 'boolean', short: 'q' },
  });
  if (values.help) {
    io.out(USAGE.can);
    return 0;
  }
  if (positionals.length < 3 || positionals.length > 4) throw new UsageError('can: expected SUBJECT ACTION RESOURCE [SUBRESOURCE]');
  const [subject, action, resourceArg, subResourceArg] = positionals;
  const useBuiltin = boolFlag('can', 'use-builtin-policy', values['use-builtin-policy'], true);
  const strict = boolFlag('can', 'strict', values.strict, true);
  const { config, projects } = loadInputs('can', values);
  parsePolicy(config.policyCsv, 'invalid user policy');
  const resource = RESOURCE_SHORTHANDS[resourceArg] ?? resourceArg;
  if (strict) {
    const actions = STRICT_ACTIONS[resource];
    // A request Argo CD cannot make is a usage error (exit 2), never a "No" (exit 1).
    if (!actions) {
      throw new UsageError(`can: '${printable(resource)}' is not a valid resource name (Argo CD 3.5 has ${Object.keys(STRICT_ACTIONS).join(', ')}; --strict=false to ask anyway)`);
    }
    const slash = action.indexOf('/');
    const verb = slash === -1 ? action : action.slice(0, slash);
    if (!Object.prototype.hasOwnProperty.call(actions, verb) || (slash !== -1 && !actions[verb])) {
      throw new UsageError(`can: '${printable(action)}' is not a valid action for ${resource} (it has ${Object.keys(actions).map(a => (actions[a] ? `${a}[/…]` : a)).join(', ')}; --strict=false to ask anyway)`);
    }
  }
  let object = subResourceArg ?? '';
  if (PROJECT_SCOPED.includes(resource) && (object === '' || object === '*')) object = '*/*';
  const apiServer = values.groups !== undefined || values.dir !== undefined || values['project-file'] !== undefined;
  const evaluator = await RbacEvaluator.create(config, {
    useBuiltinPolicy: useBuiltin,
    defaultRole: (values['default-role'] as string | undefined) || config.policyDefault,
    projects,
  });
  const groups = ((values.groups as string | undefined) ?? '').split(',').map(g => g.trim()).filter(g => g !== '');
  const allowed = apiServer
    ? evaluator.canWithGroups(subject, groups, resource, action, object)
    : evaluator.can(subject, resource, action, object);
  if (!values.quiet) io.out(allowed ? 'Yes\n' : 'No\n');
  return allowed ? 0 : 1;
}

/** `rbac validate`. */
export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('validate', argv, {
    'policy-file': { type: 'string' }, 'dir': { type: 'string' }, 'strict': { type: 'string' },
  });
  if (values.help) {
    io.out(USAGE.validate);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError('validate: too many arguments');
  const strict = boolFlag('validate', 'strict', values.strict, true);
  const { config } = loadInputs('validate', values);
  if (config.policyCsv.trim() === '') throw new InputError('Policy is empty or could not be loaded.');
  let lines: PolicyLine[];
  try {
    lines = PolicyCsv.parse(config.policyCsv);
  } catch (e) {
    io.out(`Policy is invalid: ${(e as Error).message}\n`);
    return 1;
  }
  const empty = PolicyLint.emptyRoles(lines);
  if (empty.length > 0) io.err(`warning: user defined roles not found in policies: ${empty.join(', ')}\n`);
  if (strict) {
    const findings = PolicyLint.check(lines, PolicyCsv.parse(config.builtinPolicy), config.matchMode);
    if (findings.length > 0) {
      io.out(`Policy is invalid: ${findings.length} problem${findings.length === 1 ? '' : 's'}\n`);
      for (const finding of findings) io.out(`  ${PolicyLint.format(finding)}\n`);
      return 1;
    }
  }
  io.out('Policy is valid.\n');
  return 0;
}

/** `rbac who-can`. */
export async function whoCanCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('who-can', argv, {
    'policy-file': { type: 'string' }, 'dir': { type: 'string' }, 'project-file': { type: 'string', multiple: true },
  });
  if (values.help) {
    io.out(USAGE['who-can']);
    return 0;
  }
  if (positionals.length !== 3) throw new UsageError('who-can: expected ACTION RESOURCE OBJECT');
  const [action, resourceArg, object] = positionals;
  const resource = RESOURCE_SHORTHANDS[resourceArg] ?? resourceArg;
  const { config, projects, localAdminEnabled } = loadInputs('who-can', values);
  parsePolicy(config.policyCsv, 'invalid user policy');
  const grantees = AccessAudit.compile(config, projects, { localAdminEnabled }).whoCan(action, resource, object);
  if (grantees.length === 0) {
    io.out(`Nobody can ${action} ${resource} ${object}.\n`);
    return 0;
  }
  for (const grantee of grantees) {
    const name = grantee.displayName ? `${grantee.displayName} (${grantee.kind} ${grantee.subject})` : `${grantee.subject} (${grantee.kind})`;
    io.out(`${name}\n`);
    for (const line of grantee.allowedBy) io.out(`  ${line}\n`);
  }
  return 0;
}

/** `rbac audit`. */
export async function auditCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('audit', argv, {
    'policy-file': { type: 'string' },
    'dir': { type: 'string' },
    'project-file': { type: 'string', multiple: true },
    'format': { type: 'string' },
  });
  if (values.help) {
    io.out(USAGE.audit);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError('audit: too many arguments');
  const format = (values.format as string | undefined) ?? 'md';
  const formats = Object.values(AuditFormat) as string[];
  if (!formats.includes(format)) throw new UsageError(`audit: --format must be one of ${formats.join(', ')} (got ${JSON.stringify(format)})`);
  if (values.dir !== undefined && values['policy-file'] === undefined) {
    // The synthesized folder: production from the AppProjects' destinations, admin.enabled and
    // exec.enabled from argocd-cm, read exactly as the synth reads them for dist/<platform>.access.md.
    const inputs = accessAuditInputs(readPlatformManifests(values.dir as string));
    parsePolicy(inputs.config.policyCsv, 'invalid user policy');
    const extra = ((values['project-file'] as string[] | undefined) ?? []).flatMap(readProjectFile);
    io.out(AccessAudit.compile(inputs.config, [...inputs.projects, ...extra], inputs.options).render(format as AuditFormat));
    return 0;
  }
  const { config, projects, localAdminEnabled } = loadInputs('audit', values);
  parsePolicy(config.policyCsv, 'invalid user policy');
  io.out(AccessAudit.compile(config, projects, { localAdminEnabled }).render(format as AuditFormat));
  return 0;
}

function parsePolicy(text: string, what: string): PolicyLine[] {
  try {
    return PolicyCsv.parse(text);
  } catch (e) {
    throw new InputError(`${what}: ${(e as Error).message}`);
  }
}
