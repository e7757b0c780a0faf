import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { stringify } from 'yaml';
import { ArgoPlatform } from './argo-platform';

/** Props for a PlatformApp. */
export interface PlatformAppProps {
  /**
   * Where the YAML goes. Emptied and rewritten on every synth.
   * @default - `$CDK8S_OUTDIR` (set by `cdk8s synth`), else 'dist'
   */
  readonly outdir?: string;
}

/**
 * The cdk8s App for a platform repo. Lays the output out for GitOps review: one folder per chart
 * (`dist/<platform>/`, `dist/<env>/`), one file per resource named `<kind>-<name>.yaml`, a
 * generated `kustomization.yaml` per folder, and the platforms' artifacts (such as the access
 * audit) at the root, outside what Argo CD applies. Everything is rendered and validated in
 * memory first: a failing synth writes nothing. Output is byte-identical run to run.
 */
export class PlatformApp extends App {
  constructor(props: PlatformAppProps = {}) {
    super({ outdir: props.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist' });
  }

  /** Validates, renders, then replaces the output directory. */
  public override synth(): void {
    const files = this.render();
    fs.rmSync(this.outdir, { recursive: true, force: true });
    for (const [relative, content] of Object.entries(files)) {
      const target = path.join(this.outdir, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  }

  /**
   * Renders every output file in memory: relative path to content, sorted by path. Throws with
   * every validation error (each naming its construct path) before anything is rendered.
   */
  public render(): { [relativePath: string]: string } {
    validateTree(this);
    const files: Record<string, string> = {};
    const charts = this.node.findAll().filter((c): c is Chart => Chart.isChart(c));
    const folders = new Map<string, string>();
    for (const chart of charts) {
      const folder = chart.node.id;
      if (folders.has(folder)) {
        throw new Error(`[${chart.node.path}] output folder "${folder}" is also used by [${folders.get(folder)}]; chart ids must be unique`);
      }
      folders.set(folder, chart.node.path);
      const resources: string[] = [];
      const seen = new Map<string, string>();
      const manifests: any[] = chart.toJson();
      for (const manifest of manifests) {
        const kind = String(manifest.kind ?? 'object').toLowerCase();
        const name = String(manifest.metadata?.name ?? 'unnamed');
        const namespace = manifest.metadata?.namespace as string | undefined;
        const identity = `${manifest.apiVersion}/${manifest.kind}/${namespace ?? ''}/${name}`;
        if (seen.has(identity)) {
          throw new Error(`[${chart.node.path}] two resources are ${manifest.kind} ${namespace ? `${namespace}/` : ''}${name}`);
        }
        let fileName = `${kind}-${name}.yaml`;
        if (resources.includes(fileName)) fileName = `${kind}-${namespace ?? 'cluster'}-${name}.yaml`;
        seen.set(identity, fileName);
        resources.push(fileName);
        files[`${folder}/${fileName}`] = toYaml(manifest);
      }
      resources.sort();
      files[`${folder}/kustomization.yaml`] = toYaml({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources,
      });
    }
    for (const platform of charts.filter(ArgoPlatform.isArgoPlatform)) {
      for (const [fileName, content] of Object.entries(platform.renderArtifacts())) {
        if (files[fileName] !== undefined || folders.has(fileName)) {
          throw new Error(`[${platform.node.path}] artifact ${fileName} collides with another output`);
        }
        files[fileName] = content;
      }
    }
    return Object.fromEntries(Object.keys(files).sort().map(k => [k, files[k]]));
  }
}

function validateTree(root: IConstruct) {
  const errors: string[] = [];
  for (const construct of root.node.findAll()) {
    for (const error of construct.node.validate()) {
      errors.push(error.startsWith('[') ? error : `[${construct.node.path}] ${error}`);
    }
  }
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
}

function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}
