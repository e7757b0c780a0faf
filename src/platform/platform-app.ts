import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ArgoPlatform } from './argo-platform';
import { SettingsConfigMap } from './argo-settings';
import { fileNamePartReason, manifestProblems, objectLabel, toYaml } from './manifest-checks';
import { RenderedModel } from './rendered-model';
import { PlatformSynthError } from './synth-error';
import { warningLines } from '../guardrails/console-report';
import { Guardrails } from '../guardrails/guardrails';
import { outputTextReason, printable } from '../util/text';
import { describeInvalid } from '../util/validation';

/** Props for a PlatformApp. */
export interface PlatformAppProps {
  /**
   * Where the YAML goes. Replaced as a whole, and only when the synth succeeds: the new tree is
   * written next to it and swapped in, so a failing synth leaves the previous output byte-identical.
   * @default - `$CDK8S_PLATFORM_OUTDIR`, else `$CDK8S_OUTDIR` (set by `cdk8s synth`), else 'dist'
   */
  readonly outdir?: string;
}

let reportingInstalled = false;

/**
 * The cdk8s App for a platform repo. Lays the output out for GitOps review: one folder per chart
 * (`dist/<platform>/`, `dist/<env>/`), one file per resource named `<kind>-<name>.yaml`, a
 * generated `kustomization.yaml` per folder, and the platforms' artifacts (such as the access
 * audit) at the root, outside what Argo CD applies.
 *
 * Fails closed: everything is rendered and checked in memory first (construct validations, then
 * every object: strings go-yaml reads back unchanged, safe file names, valid ConfigMap keys, the API
 * server's size limits); a failing synth writes nothing, and a successful one swaps the new tree in
 * whole. Under `cdk8s synth` an error is printed one line each, without a stack trace, and the
 * command exits non-zero. Output is byte-identical run to run.
 *
 * @example
 * import { ArgoPlatform, PlatformApp } from 'cdk8s-argocd-platform';
 *
 * const app = new PlatformApp();
 * new ArgoPlatform(app, 'argocd', {
 *   url: 'https://argocd.example.org',
 *   gitOps: { repoUrl: 'git@github.com:example/gitops-config.git', pathPrefix: 'dist' },
 *   environments: [{ name: 'dev' }, { name: 'prod', production: true }],
 * });
 * app.synth(); // dist/argocd/, dist/dev/, dist/prod/, or nothing when a check fails
 */
export class PlatformApp extends App {
  /**
   * Where `cdk8s synth` expects output (`$CDK8S_OUTDIR`) when that is not `outdir`: a scratch folder
   * the CLI empties before the app runs, given the manifests (hard links) after a successful swap.
   */
  private readonly stagingDir?: string;

  constructor(props: PlatformAppProps = {}) {
    const outdir = props.outdir ?? process.env.CDK8S_PLATFORM_OUTDIR ?? process.env.CDK8S_OUTDIR ?? 'dist';
    super({ outdir });
    const cliOutdir = process.env.CDK8S_OUTDIR;
    if (cliOutdir !== undefined && path.resolve(cliOutdir) !== path.resolve(outdir)) this.stagingDir = cliOutdir;
    if (cliOutdir !== undefined) installErrorReporting(this.stagingDir !== undefined);
  }

  /**
   * Validates and renders in memory, then replaces the output directory with the new tree. Throws a
   * PlatformSynthError (nothing written) when any check fails.
   */
  public override synth(): void {
    const files = this.render();
    writeTreeAtomically(this.outdir, files);
    if (this.stagingDir) mirrorInto(this.stagingDir, files);
    // Under `cdk8s synth` (which shows the app's stderr, not its stdout), the guardrail warnings, one line each.
    if (process.env.CDK8S_OUTDIR !== undefined) {
      for (const platform of this.node.findAll().filter(ArgoPlatform.isArgoPlatform).filter(p => !Guardrails.isDisabled(p))) {
        for (const line of warningLines(platform.platformName, Guardrails.findings(platform))) process.stderr.write(`${line}\n`);
      }
      // What was written, and where: cdk8s-cli then lists its scratch copy, which is not the output.
      if (this.stagingDir) process.stderr.write(`${writtenSummary(this.outdir, this.stagingDir, files)}\n`);
    }
  }

  /**
   * Renders every output file in memory: relative path to content, sorted by path. Throws a
   * PlatformSynthError with every validation error (each naming its construct path) before anything
   * is rendered, then one with every problem found in the rendered objects.
   */
  public render(): { [relativePath: string]: string } {
    // One model for the whole synth: the validations (guardrails, the access audit ...), the writer and
    // the artifacts read the same rendered objects, each rendered once.
    return RenderedModel.during(this, model => this.renderWith(model));
  }

  private renderWith(model: RenderedModel): { [relativePath: string]: string } {
    validateTree(this, model);
    const errors: string[] = [];
    const files: Record<string, string> = {};
    const charts = this.node.findAll().filter((c): c is Chart => Chart.isChart(c));
    const folders = new Map<string, string>();
    for (const chart of charts) {
      const folder = chart.node.id;
      const folderReason = fileNamePartReason(folder);
      if (folderReason) {
        errors.push(describeInvalid(chart, 'id', folder, `is the chart's output folder and ${folderReason}`));
        continue;
      }
      if (folders.has(folder)) {
        errors.push(`[${printable(chart.node.path)}] output folder "${folder}" is also used by [${printable(folders.get(folder)!)}]; chart ids must be unique`);
        continue;
      }
      folders.set(folder, chart.node.path);
      const resources = new Set<string>();
      const seen = new Map<string, string>();
      // What chart.toJson() gives, without validating the whole app again for every chart.
      const objects = model.objectsOf(chart);
      const failed = objects.find(o => o.error !== undefined);
      if (failed) {
        errors.push(oneLine(failed.error!));
        continue;
      }
      for (const { manifest } of objects) {
        const problems = manifestProblems(chart.node.path, manifest, settingsOwner(chart, manifest));
        errors.push(...problems);
        const kind = String(manifest.kind ?? 'object').toLowerCase();
        const name = String(manifest.metadata?.name ?? 'unnamed');
        const namespace = manifest.metadata?.namespace as string | undefined;
        const nameReason = fileNamePartReason(kind) ?? fileNamePartReason(name)
          ?? (namespace === undefined ? undefined : fileNamePartReason(namespace));
        if (nameReason) {
          errors.push(`[${printable(chart.node.path)}] ${objectLabel(manifest)} metadata: kind, namespace and name make the file name and ${nameReason}`);
          continue;
        }
        const identity = `${manifest.apiVersion}/${manifest.kind}/${namespace ?? ''}/${name}`;
        if (seen.has(identity)) {
          errors.push(`[${printable(chart.node.path)}] two resources are ${manifest.kind} ${namespace ? `${namespace}/` : ''}${name}`);
          continue;
        }
        let fileName = `${kind}-${name}.yaml`;
        if (resources.has(fileName)) fileName = `${kind}-${namespace ?? 'cluster'}-${name}.yaml`;
        if (resources.has(fileName)) {
          errors.push(`[${printable(chart.node.path)}] ${objectLabel(manifest)} would be written to ${fileName}, which another object already uses`);
          continue;
        }
        seen.set(identity, fileName);
        resources.add(fileName);
        if (problems.length === 0) files[`${folder}/${fileName}`] = toYaml(manifest);
      }
      files[`${folder}/kustomization.yaml`] = toYaml({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [...resources].sort(),
      });
    }
    for (const platform of charts.filter(ArgoPlatform.isArgoPlatform)) {
      for (const [fileName, content] of Object.entries(platform.renderArtifacts())) {
        const reason = fileNamePartReason(fileName);
        if (reason) {
          errors.push(describeInvalid(platform, 'artifact', fileName, reason));
        } else if (files[fileName] !== undefined || folders.has(fileName)) {
          errors.push(`[${printable(platform.node.path)}] artifact ${fileName} collides with another output`);
        } else {
          const textReason = outputTextReason(content);
          if (textReason) errors.push(`[${printable(platform.node.path)}] artifact ${fileName}: ${textReason}`);
          files[fileName] = content;
        }
      }
    }
    for (const relative of Object.keys(files)) {
      if (!isInside(relative)) errors.push(`output file ${JSON.stringify(relative)} would be written outside the output folder`);
    }
    if (errors.length > 0) throw new PlatformSynthError(errors);
    return Object.fromEntries(Object.keys(files).sort().map(k => [k, files[k]]));
  }
}

/**
 * Runs every construct's validations. A validation may still add constructs (a capability that
 * resolves what it needs from the complete platform): those are validated too. The validations that
 * read rendered objects (guardrails, the access audit) run last, once the tree is complete, on the
 * synth's model; should the tree grow after objects were rendered, everything is rendered and
 * validated again.
 */
function validateTree(root: IConstruct, model: RenderedModel) {
  const validated = new Set<IConstruct>();
  let errors: string[] = [];
  let deferred: Array<{ scope: IConstruct; validate: () => string[] }> = [];
  const add = (scope: IConstruct, error: string) => errors.push(oneLine(error.startsWith('[') ? error : `[${scope.node.path}] ${error}`));
  for (let pass = 0; ; pass++) {
    const all = root.node.findAll();
    const added = all.filter(c => !validated.has(c));
    if (added.length === 0) {
      // The checks on rendered objects (guardrails, the access audit) run only on a valid tree: after a
      // validation error their findings would be follow-ons of that error (a pasted URL is also a leaked
      // secret in the output), and each problem is printed once, where the user made it.
      if (deferred.length === 0 || errors.length > 0) break;
      const run = deferred;
      deferred = [];
      for (const { scope, validate } of run) for (const error of validate()) add(scope, error);
      continue;
    }
    if (pass >= 20) {
      throw new PlatformSynthError([`[${root.node.path}] validations keep adding constructs (${added.length} more after ${pass} passes): ${added.slice(0, 3).map(c => c.node.path).join(', ')}`]);
    }
    let toValidate = added;
    if (model.hasRendered) {
      // Objects were rendered before the tree was complete: render and validate again on the complete tree.
      model.reset();
      errors = [];
      deferred = [];
      toValidate = all;
    }
    deferred.push(...model.deferringValidations(() => {
      for (const construct of toValidate) {
        validated.add(construct);
        for (const error of construct.node.validate()) add(construct, error);
      }
    }));
  }
  if (errors.length > 0) throw new PlatformSynthError(errors);
}

/**
 * For a settings ConfigMap of a platform: the constructs that contributed a `data.<key>` field, so a
 * problem found in the rendered value is reported where the value came from.
 */
function settingsOwner(chart: Chart, manifest: any): ((field: string) => string | undefined) | undefined {
  if (!ArgoPlatform.isArgoPlatform(chart) || manifest?.kind !== 'ConfigMap') return undefined;
  const configMap = Object.values(SettingsConfigMap).find(name => name === manifest.metadata?.name);
  if (configMap === undefined) return undefined;
  return field => {
    if (!field.startsWith('data.')) return undefined;
    const contributors = chart.settings.contributorsOf(configMap, field.slice('data.'.length));
    return contributors.length > 0 ? contributors.join(', ') : undefined;
  };
}

/** One line: the output folder, how many files, and its top-level folders and files. */
function writtenSummary(outdir: string, staging: string, files: Record<string, string>): string {
  const top = [...new Set(Object.keys(files).map(f => (f.includes('/') ? `${f.slice(0, f.indexOf('/'))}/` : f)))].sort();
  const relative = (dir: string) => path.relative(process.cwd(), path.resolve(dir)) || '.';
  return printable(`wrote ${Object.keys(files).length} files to ${relative(outdir)}/ (${top.join(', ')}); cdk8s-cli lists below the same manifests, one file per folder, in its scratch folder ${relative(staging)}/`);
}

/** Collapses a message to one printable line (a validation written by hand may have newlines). */
function oneLine(message: string): string {
  return printable(message.replace(/\s*\n\s*/g, ' '));
}

/** A relative output path that stays inside its folder: no absolute path, no `..`, no empty segment. */
function isInside(relative: string): boolean {
  const root = path.resolve('/output-root');
  const resolved = path.resolve(root, relative);
  return !path.isAbsolute(relative) && relative.split('/').every(part => part !== '' && part !== '.' && part !== '..')
    && resolved.startsWith(root + path.sep);
}

/** Writes the tree next to `outdir`, then swaps it in; `outdir` is never left half-written. */
function writeTreeAtomically(outdir: string, files: Record<string, string>) {
  const target = path.resolve(outdir);
  const next = `${target}.next-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  try {
    const made = new Set<string>();
    for (const [relative, content] of Object.entries(files)) {
      const file = path.resolve(next, relative);
      if (!file.startsWith(next + path.sep)) throw new Error(`output file ${JSON.stringify(relative)} would be written outside ${outdir}`);
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(file, content);
    }
    fs.mkdirSync(next, { recursive: true });
    const existed = fs.existsSync(target);
    if (existed) fs.renameSync(target, old);
    fs.renameSync(next, target);
    if (existed) fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(next, { recursive: true, force: true });
  }
}

/**
 * Gives `cdk8s synth` its manifests, in cdk8s's own layout: one multi-document `<folder>.k8s.yaml` per
 * output folder (its objects, without the kustomization). cdk8s-cli lists every file of its output
 * folder, so the console shows one line per folder instead of one per object; dist/ stays the output.
 */
function mirrorInto(staging: string, files: Record<string, string>) {
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const byFolder = new Map<string, string[]>();
  for (const [relative, content] of Object.entries(files)) {
    const slash = relative.indexOf('/');
    if (slash < 0 || relative.endsWith('/kustomization.yaml')) continue; // reports and kustomizations stay in dist/ only
    const folder = relative.slice(0, slash);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), content]);
  }
  for (const [folder, documents] of byFolder) fs.writeFileSync(path.join(staging, `${folder}.k8s.yaml`), documents.join('---\n'));
}

/**
 * Under `cdk8s synth`, an error (a PlatformSynthError, or a prop refused while the program builds the
 * tree) is printed one line each, with no stack trace and no raw control character. With a staging
 * folder the app then exits 0 without creating it, so cdk8s-cli reports the failure in one line and
 * exits 1 itself (a non-zero exit of the app makes cdk8s-cli print its own stack trace); without
 * one, the app exits 1.
 */
function installErrorReporting(staging: boolean) {
  if (reportingInstalled) return;
  reportingInstalled = true;
  process.on('uncaughtException', (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const lines = message.split('\n').map(line => printable(line.trim())).filter(line => line !== '');
    process.stderr.write(`${lines.join('\n')}\n`);
    process.exit(staging ? 0 : 1);
  });
}
