import { Construct } from 'constructs';
import { ArgoPlatform } from '../platform/argo-platform';
import { renderedAccessAudit, renderedAuditInputs } from '../platform/rendered-access-audit';
import { RenderedModel } from '../platform/rendered-model';
import { AuditFormat } from '../rbac/access-audit';
import { PolicyCsv } from '../rbac/policy-csv';
import { PolicyLint } from '../rbac/policy-lint';
import { ProjectRbac, ProjectRoles } from '../rbac/project-roles';
import { RbacConfig } from '../rbac/rbac-config';
import { describeInvalid } from '../util/validation';

/** Props for an AccessAuditReport. */
export interface AccessAuditReportProps {
  /**
   * The report's format; the file is `<platform>.access.<format>`.
   * @default AuditFormat.MARKDOWN
   */
  readonly format?: AuditFormat;
}

/**
 * Writes the platform's access audit next to its folder (`dist/<platform>.access.md`), outside
 * what Argo CD applies, so every pull request shows access changes as a diff. The audit is
 * computed at synth from what Argo CD will read: the objects of the platform chart (argocd-rbac-cm,
 * argocd-cm, the AppProjects with their destinations, cluster Secrets, Applications), read by
 * `accessAuditInputs` exactly as `argocd-platform rbac audit --dir dist/<platform>` reads the
 * committed folder, so both print the same report. Production is read from the projects'
 * destinations. It also fails the synth when the rendered policy or a project's roles would be
 * refused or silently ignored by Argo CD.
 *
 * @example
 * import { AccessAuditReport, ArgoPlatform } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // dist/argocd.access.md: who can do what, reviewed as a diff in every pull request.
 * new AccessAuditReport(platform);
 */
export class AccessAuditReport extends Construct {
  /** The artifact's file name, relative to the output root. */
  public readonly fileName: string;

  private readonly platform: ArgoPlatform;

  constructor(platform: ArgoPlatform, id: string = 'AccessAuditReport', props: AccessAuditReportProps = {}) {
    super(platform, id);
    this.platform = platform;
    const format = props.format ?? AuditFormat.MARKDOWN;
    this.fileName = `${platform.platformName}.access.${format}`;
    platform.addArtifact(this.fileName, {
      produce: () => {
        // The same reading of the same objects as `argocd-platform rbac audit --dir dist/<platform>`,
        // compiled once per synth (the guardrails read the same audit).
        return renderedAccessAudit(this.platform).render(format);
      },
    });
    this.node.addValidation({ validate: () => RenderedModel.validateOnRendered(this, () => this.validateRendered()) });
  }

  /**
   * argocd-rbac-cm and the AppProjects exactly as the platform chart renders them (its folder
   * `dist/<platform>`): the synth's model, rendered once and shared with the writer.
   */
  private readRendered(): { config: RbacConfig; projects: ProjectRbac[] } {
    const { config, projects } = renderedAuditInputs(this.platform);
    return { config, projects };
  }

  private validateRendered(): string[] {
    // platform.rbac.validate() runs in the platform's own validation; this checks what was rendered.
    const problems: string[] = [];
    let rendered: { config: RbacConfig; projects: ProjectRbac[] };
    try {
      rendered = this.readRendered();
    } catch (e) {
      return [...problems, describeInvalid(this.platform, 'argocd-rbac-cm', 'scopes', (e as Error).message)];
    }
    try {
      const lines = PolicyCsv.parse(rendered.config.policyCsv);
      for (const finding of PolicyLint.check(lines, PolicyCsv.parse(rendered.config.builtinPolicy), rendered.config.matchMode)) {
        problems.push(describeInvalid(this.platform, `policy.csv ${finding.field}`, finding.value, `line ${finding.lineNumber}: ${finding.reason}`));
      }
    } catch (e) {
      problems.push(describeInvalid(this.platform, 'policy.csv', rendered.config.policyCsv, (e as Error).message));
    }
    for (const project of rendered.projects) {
      for (const problem of ProjectRoles.validate(project)) {
        problems.push(describeInvalid(this.platform, `AppProject ${project.name}`, project.name, problem));
      }
    }
    return problems;
  }
}
