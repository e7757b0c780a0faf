import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGE_ANNOTATION } from './acknowledgements';
import { blockingFindings, DEFAULT_GUARDRAIL_OPTIONS, evaluate, GuardrailFinding } from './guardrail-pack';
import { GuardedObject, GuardrailOptions, PlatformView } from './guardrail-rule';
import { renderGuardrailsReport } from './guardrails-report';
import { shareWithRules } from './shared-values';
import { Acknowledgements, ownAcknowledgements } from '../platform/acknowledgements';
import { ALL_RULES } from './rules/index';
import type { ArgoPlatform } from '../platform/argo-platform';
import { PlatformCapability } from '../platform/registries';
import { renderedAccessAudit, renderedAuditInputs } from '../platform/rendered-access-audit';
import { RenderedModel } from '../platform/rendered-model';
import { readByAccessAudit } from '../rbac/access-audit-manifests';
import { assertAcknowledgementReason } from '../util/checks';
import { compareStrings, fail } from '../util/validation';
import { ClusterResourceWildcard } from './rules/projects/ClusterResourceWildcard';

const SETTINGS_SYMBOL = Symbol.for('cdk8s-argocd-platform.GuardrailSettings');

interface GuardrailSettings {
  disabledReason?: string;
  options: GuardrailOptions;
}

function settingsOf(platform: ArgoPlatform): GuardrailSettings {
  const existing = (platform as any)[SETTINGS_SYMBOL] as GuardrailSettings | undefined;
  if (existing) return existing;
  const created: GuardrailSettings = { options: {} };
  Object.defineProperty(platform, SETTINGS_SYMBOL, { value: created });
  return created;
}

/**
 * The guardrails of a platform. The rule pack runs on every ArgoPlatform and its environment charts
 * at synth: unacknowledged errors fail the synth (one validation error per finding, naming the
 * object's construct path), and acknowledged findings and warnings are written to
 * `dist/<platform>.guardrails.md`. Turn them off only explicitly, with a reason.
 */
export class Guardrails {
  /**
   * Turns the guardrails off for a platform. The report then says so, with the reason.
   * @param reason why (at least 10 characters); reviewers read it in the report
   */
  public static disable(platform: ArgoPlatform, reason: string): void {
    assertAcknowledgementReason(platform, 'guardrails.disable', reason, 'why this platform runs without guardrails');
    settingsOf(platform).disabledReason = reason.trim();
  }

  /** Sets the pack's thresholds for a platform. */
  public static configure(platform: ArgoPlatform, options: GuardrailOptions): void {
    const max = options.maxSourcesPerApplication;
    if (max !== undefined && (!Number.isInteger(max) || max < 1)) fail(platform, 'guardrails.maxSourcesPerApplication', max, 'must be a positive integer');
    const settings = settingsOf(platform);
    settings.options = { ...settings.options, ...options };
  }

  /**
   * Evaluates the pack on the platform now: every finding, acknowledged or not, sorted by path.
   * Call it once the construct tree is complete (it renders the charts, lazy values included).
   */
  public static findings(platform: ArgoPlatform): GuardrailFinding[] {
    return runPack(platform).findings;
  }

  /** Whether the guardrails are disabled for this platform (`Guardrails.disable`). */
  public static isDisabled(platform: ArgoPlatform): boolean {
    return settingsOf(platform).disabledReason !== undefined;
  }
}

/**
 * Wires the pack into a platform: a validation that fails the synth on unacknowledged errors, and
 * the report artifact. Called once by the ArgoPlatform constructor.
 */
export function attachGuardrails(platform: ArgoPlatform): void {
  // The platform's own exception is rendered on its AppProject, so `argocd-platform lint dist/` agrees with the synth.
  const platformProject = platform.platformProject.node.tryFindChild('Resource');
  if (platformProject && ApiObject.isApiObject(platformProject)) {
    platformProject.metadata.addAnnotation(ACKNOWLEDGE_ANNOTATION,
      `${ClusterResourceWildcard.id}: the platform project installs Argo CD itself, which needs its CRDs and ClusterRoles; only platform admins act on it`);
  }
  platform.node.addValidation({
    // On the rendered objects: during a synth, once the tree is complete (see RenderedModel).
    validate: () => RenderedModel.validateOnRendered(platform, () => {
      if (settingsOf(platform).disabledReason !== undefined) return [];
      return blockingFindings(runPack(platform).findings).map(f => {
        // An object rendered into another chart on behalf of the user's construct (a TeamApplication's
        // Application in an environment chart) is reported at that construct, naming the object.
        const owner = ownerPathOf(platform, f.path);
        const where = owner !== undefined && f.object !== undefined ? `[${owner}] ${f.ruleId} ${f.finding}: ${f.object} ${f.detail}`
          : `[${f.path}] ${f.ruleId} ${f.finding}: ${f.detail}`;
        const remedy = ALL_RULES.find(r => r.id === f.ruleId)?.remedy;
        return remedy !== undefined ? `${where}; ${remedy}`
          : `${where} (fix it, or acknowledge it with Acknowledgements.of(construct).add('${f.ruleId}', reason))`;
      });
    }),
  });
  platform.addArtifact(`${platform.platformName}.guardrails.md`, {
    produce: () => {
      const disabledReason = settingsOf(platform).disabledReason;
      const run = disabledReason === undefined ? runPack(platform) : { findings: [], unused: [] };
      return renderGuardrailsReport({
        platformName: platform.platformName,
        findings: run.findings,
        ruleCount: ALL_RULES.length,
        unusedAcknowledgements: run.unused,
        disabledReason,
      });
    },
  });
}

/** The path of the construct an object was rendered for (see `Acknowledgements.renderedFor`), if any. */
function ownerPathOf(platform: ArgoPlatform, objectPath: string): string | undefined {
  const object = platform.node.root.node.findAll().find(c => c.node.path === objectPath);
  const owner = object && Acknowledgements.ownerOf(object);
  return owner?.node.path;
}

/**
 * The pack's run on the platform: once per synth (the validation and the report share it), on the
 * objects of the synth's rendered model.
 */
function runPack(platform: ArgoPlatform): { findings: GuardrailFinding[]; unused: string[] } {
  const model = RenderedModel.of(platform);
  return model.memo(platform, 'guardrails', () => evaluatePack(platform, model));
}

/** Collects the rendered objects of the platform and its environments, evaluates, and resolves acknowledgements. */
function evaluatePack(platform: ArgoPlatform, model: RenderedModel): { findings: GuardrailFinding[]; unused: string[] } {
  const options = { ...DEFAULT_GUARDRAIL_OPTIONS, ...settingsOf(platform).options };
  const productionNames = platform.environments.filter(e => e.production).map(e => e.environmentName);
  const withProduction: GuardrailOptions = { ...options, productionEnvironments: options.productionEnvironments ?? productionNames };
  const constructs = new Map<string, IConstruct>([[platform.node.path, platform]]);
  const objects: GuardedObject[] = [];
  let environmentsReadByAudit = false;
  const charts: Array<{ chart: Chart; production: boolean; environment?: string }> = [
    { chart: platform, production: false },
    ...platform.environments.map(env => ({ chart: env as Chart, production: env.production, environment: env.environmentName })),
  ];
  for (const { chart, production, environment } of charts) {
    constructs.set(chart.node.path, chart);
    for (const { path, apiObject, manifest, error } of model.objectsOf(chart)) {
      if (error !== undefined) continue; // the writer reports why the object does not render
      constructs.set(path, apiObject);
      objects.push({ manifest, path, context: { production, environment, options: withProduction } });
      if (chart !== platform && readByAccessAudit(manifest)) environmentsReadByAudit = true;
    }
  }
  const view: PlatformView = {
    platformName: platform.platformName,
    path: platform.node.path,
    objects,
    environments: platform.environments.map(env => ({
      name: env.environmentName,
      production: env.production,
      outputPath: platform.hasGitOps ? platform.pathOf(env.environmentName) : undefined,
      repoUrl: platform.hasGitOps ? platform.gitOps.repoUrl : undefined,
    })),
    capabilities: Object.values(PlatformCapability).filter(c => platform.capabilities.has(c)).sort(compareStrings),
    options: withProduction,
    chartValues: renderedChartValues(platform),
  };
  if (!environmentsReadByAudit) {
    // The environment charts add only Applications to what the audit reads (team-repository paths, which
    // no rule reads): the rules read the audit of the platform chart, compiled once per synth and
    // shared with the AccessAuditReport.
    shareWithRules(view, {
      accessAudit: { inputs: () => renderedAuditInputs(platform, model), audit: () => renderedAccessAudit(platform, model) },
    });
  }
  const used = new Set<string>();
  const findings = evaluate(objects, view, (ruleId, path) => {
    const scope = constructs.get(path);
    const ack = scope && Acknowledgements.covering(scope).find(a => a.ruleId === ruleId);
    if (ack) used.add(`${ack.attachedTo}: ${ack.ruleId}`);
    return ack && { reason: ack.reason, attachedTo: ack.attachedTo };
  });
  const unused: string[] = [];
  for (const { chart } of charts) {
    for (const scope of chart.node.findAll()) {
      for (const ack of ownAcknowledgements(scope)) {
        const key = `${scope.node.path}: ${ack.ruleId}`;
        if (!used.has(key)) unused.push(key);
      }
    }
  }
  return { findings, unused: [...new Set(unused)].sort(compareStrings) };
}

/** The platform's chart values, or undefined when they cannot be rendered (another validation says why). */
function renderedChartValues(platform: ArgoPlatform): any {
  try {
    return platform.chartValues.render();
  } catch {
    return undefined;
  }
}
