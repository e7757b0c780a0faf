import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoPlatform } from '../platform/argo-platform';
import { PlatformLabels } from '../platform/labels';
import { AccessAudit, AuditFormat, ProductionDestinationProject } from '../rbac/access-audit';
import { globMatch } from '../rbac/glob-match';
import { PolicyCsv } from '../rbac/policy-csv';
import { PolicyLint } from '../rbac/policy-lint';
import { ProjectRbac, ProjectRoles } from '../rbac/project-roles';
import { RbacConfig } from '../rbac/rbac-config';
import { compareStrings, describeInvalid } from '../util/validation';

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
 * computed at synth from what Argo CD will read: the rendered argocd-rbac-cm data and the
 * AppProjects of the platform chart. It also fails the synth when the rendered policy or a
 * project's roles would be refused or silently ignored by Argo CD.
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
        const { config, projects, localAdminEnabled, productionDestinations } = this.readRendered();
        const productionEnvironments = this.platform.environments.filter(e => e.production).map(e => e.environmentName);
        return AccessAudit.compile(config, projects, { localAdminEnabled, productionEnvironments, productionDestinations }).render(format);
      },
    });
    this.node.addValidation({ validate: () => this.validateRendered() });
  }

  /** argocd-rbac-cm and the AppProjects exactly as the platform chart renders them. */
  private readRendered(): {
    config: RbacConfig; projects: ProjectRbac[]; localAdminEnabled: boolean; productionDestinations: ProductionDestinationProject[];
  } {
    // ApiObject.toJson() resolves the lazy settings without re-running validation (Chart.toJson() would).
    const manifests: any[] = this.platform.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && ApiObject.of(c).chart === this.platform)
      .map(o => o.toJson());
    const rbacCm = manifests.find(m => m?.kind === 'ConfigMap' && m?.metadata?.name === 'argocd-rbac-cm');
    const config = RbacConfig.fromData(rbacCm?.data ?? {});
    const projects = manifests.filter(m => m?.kind === 'AppProject').map(m => ProjectRoles.fromManifest(m));
    const argocdCm = manifests.find(m => m?.kind === 'ConfigMap' && m?.metadata?.name === 'argocd-cm');
    return {
      config,
      projects,
      localAdminEnabled: AccessAudit.localAdminEnabled(argocdCm?.data?.['admin.enabled']),
      productionDestinations: this.productionDestinations(manifests),
    };
  }

  /**
   * The AppProjects whose destinations include a production namespace (a production environment's
   * namespace of any team that has a project) or every namespace, with the repositories of the
   * Applications that write into their source namespaces (a team repository's root applications).
   */
  private productionDestinations(manifests: any[]): ProductionDestinationProject[] {
    const appProjects = manifests.filter(m => m?.kind === 'AppProject' && typeof m?.metadata?.name === 'string');
    const teams = new Set<string>();
    for (const p of appProjects) {
      const team = p.metadata?.labels?.[PlatformLabels.TEAM];
      if (typeof team === 'string' && team !== '') teams.add(team);
    }
    const productionNamespaces = new Set<string>();
    for (const environment of this.platform.environments.filter(e => e.production)) {
      for (const team of teams) productionNamespaces.add(environment.namespaceFor(team));
    }
    const applications = manifests.filter(m => m?.kind === 'Application');
    const out: ProductionDestinationProject[] = [];
    for (const p of appProjects) {
      const destinations: any[] = Array.isArray(p.spec?.destinations) ? p.spec.destinations : [];
      const namespaces = new Set<string>();
      for (const d of destinations) {
        const ns = typeof d?.namespace === 'string' ? d.namespace : '';
        if (ns === '') continue;
        if (ns === '*' || [...productionNamespaces].some(prod => globMatch(prod, ns))) namespaces.add(ns);
      }
      if (namespaces.size === 0) continue;
      const sourceNamespaces: string[] = Array.isArray(p.spec?.sourceNamespaces) ? p.spec.sourceNamespaces.map(String) : [];
      const repositories = new Set<string>();
      for (const app of applications) {
        const ns = app.spec?.destination?.namespace;
        if (typeof ns !== 'string' || !sourceNamespaces.some(source => globMatch(ns, source))) continue;
        const sources: any[] = [app.spec?.source, ...(Array.isArray(app.spec?.sources) ? app.spec.sources : [])];
        for (const source of sources) if (typeof source?.repoURL === 'string') repositories.add(source.repoURL);
      }
      out.push({
        project: p.metadata.name,
        productionNamespaces: [...namespaces].sort(compareStrings),
        sourceNamespaces: [...sourceNamespaces].sort(compareStrings),
        teamRepositories: [...repositories].sort(compareStrings),
      });
    }
    return out;
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
