import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

/** The constructs (and construct-like entry points) a user creates: each documents itself with an example. */
const USER_CREATED = [
  'PlatformApp', 'ArgoPlatform', 'ArgoSSO', 'TeamProject', 'ExternalTeamProject', 'TeamApplication', 'EnvironmentRootApps',
  'AppImageUpdater', 'ArgoCluster', 'ArgoRepository', 'RepositoryCredentialTemplate', 'SshKnownHosts', 'SelfManagedArgo',
  'AccessAuditReport', 'ArgoScaleProfile', 'ArgoBackup', 'RestoreRunbook', 'SealedSecretsKeyBackup', 'ArgoScraping', 'ArgoAlerts',
  'ArgoDashboards', 'ArgoNotifications', 'SlackNotifier', 'TeamsWorkflowsNotifier', 'TeamsConnectorNotifier', 'EmailNotifier',
  'WebhookNotifier', 'NotificationSubscription', 'NotificationTrigger', 'NotificationTemplate', 'ApplicationSubscription',
  'ArgoSecret', 'Acknowledgements', 'ArgoExposure', 'ArgoImageUpdater', 'BootstrapDocument',
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'imports' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** The `@example` of every exported class's JSDoc, by class name. */
function classExamples(): Map<string, string> {
  const examples = new Map<string, string>();
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\nexport (?:abstract )?class (\w+)/g)) {
      const lines = match[1].split('\n').map(line => line.replace(/^\s*\* ?/, ''));
      const start = lines.findIndex(line => line.startsWith('@example'));
      if (start === -1) continue;
      const end = lines.findIndex((line, i) => i > start && line.startsWith('@'));
      examples.set(match[2], lines.slice(start + 1, end === -1 ? undefined : end).join('\n').trim());
    }
  }
  return examples;
}

describe('JSDoc examples', () => {
  const examples = classExamples();

  test('every construct a user creates has an @example that imports from the package', () => {
    const missing = USER_CREATED.filter(name => !examples.get(name)?.includes("from 'cdk8s-argocd-platform'"));
    expect(missing).toEqual([]);
  });

  test('every @example type-checks against the library, as a user would write it', () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
      ...ts.sys, onUnRecoverableConfigFileDiagnostic: d => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
    })!;
    const options: ts.CompilerOptions = {
      ...config.options,
      noEmit: true,
      // A snippet declares what it uses from elsewhere (`declare const platform: ArgoPlatform`) and may end on a value.
      noUnusedLocals: false,
      rootDir: ROOT,
      paths: { 'cdk8s-argocd-platform': [path.join(SRC, 'index.ts')] },
    };
    const virtual = new Map([...examples].map(([name, code]) => [path.join(ROOT, 'examples', `.jsdoc-example-${name}.ts`), code]));
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = f => virtual.has(f) || fileExists.call(host, f);
    host.readFile = f => virtual.get(f) ?? readFile.call(host, f);
    host.getSourceFile = (f, lang, ...rest) =>
      (virtual.has(f) ? ts.createSourceFile(f, virtual.get(f)!, lang) : getSourceFile.call(host, f, lang, ...rest));
    const program = ts.createProgram([...virtual.keys()], options, host);
    const problems = [...virtual.keys()].flatMap(f => ts.getPreEmitDiagnostics(program, program.getSourceFile(f)))
      .map(d => `${path.basename(d.file?.fileName ?? '?')}:${d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    expect(problems).toEqual([]);
    expect(virtual.size).toBeGreaterThanOrEqual(USER_CREATED.length);
  }, 120_000);
});
