import { IConstruct } from 'constructs';
import { Acknowledgement, REASON_WHAT, ruleIdProblem } from '../guardrails/acknowledgements';
import { ruleIds } from '../guardrails/rules/index';
import { assertAcknowledgementReason } from '../util/checks';
import { fail } from '../util/validation';

export type { Acknowledgement } from '../guardrails/acknowledgements';

const ACKNOWLEDGEMENTS_SYMBOL = Symbol.for('cdk8s-argocd-platform.Acknowledgements');
const OWNER_SYMBOL = Symbol.for('cdk8s-argocd-platform.RenderedFor');

/** A construct's own acknowledgements, without creating any. */
export function ownAcknowledgements(scope: IConstruct): Acknowledgement[] {
  return ((scope as any)[ACKNOWLEDGEMENTS_SYMBOL] as Acknowledgements | undefined)?.all ?? [];
}

/**
 * The guardrail findings a construct accepts, with a reason each. An acknowledgement covers the
 * construct and every construct below it; acknowledged findings do not fail the synth and are
 * listed in `dist/<platform>.guardrails.md` for reviewers. Acknowledgements are not rendered into
 * the output (use the `argocd-platform/acknowledge` annotation on an object for that).
 *
 * ```ts
 * Acknowledgements.of(platform.platformProject).add('ARGO-PRJ3', 'installing Argo CD needs its CRDs and ClusterRoles');
 * ```
 *
 * @example
 * import { Acknowledgements, TeamProject } from 'cdk8s-argocd-platform';
 *
 * declare const payments: TeamProject;
 * // Shown with its reason in dist/argocd.guardrails.md instead of failing the synth.
 * Acknowledgements.of(payments).add('ARGO-ACC5',
 *   'team leads are the incident escalation for their own services; override in prod is their break-glass');
 */
export class Acknowledgements {
  /** The acknowledgements of a construct (created on first use). */
  public static of(scope: IConstruct): Acknowledgements {
    const existing = (scope as any)[ACKNOWLEDGEMENTS_SYMBOL] as Acknowledgements | undefined;
    if (existing) return existing;
    const created = new Acknowledgements(scope);
    Object.defineProperty(scope, ACKNOWLEDGEMENTS_SYMBOL, { value: created });
    return created;
  }

  /** The acknowledgements that cover a construct: its own and its ancestors', nearest first, with the path each is attached to. */
  public static covering(scope: IConstruct): AttachedAcknowledgement[] {
    const out: AttachedAcknowledgement[] = [];
    const seen = new Set<IConstruct>();
    let next: IConstruct | undefined = scope;
    while (next && !seen.has(next)) {
      const nodes: IConstruct[] = [...next.node.scopes].reverse();
      next = undefined;
      for (const node of nodes) {
        if (seen.has(node)) continue;
        seen.add(node);
        for (const ack of ownAcknowledgements(node)) out.push({ ...ack, attachedTo: node.node.path });
        // An object rendered into another chart on behalf of a construct is covered by that construct's acknowledgements too.
        next = next ?? (node as any)[OWNER_SYMBOL];
      }
    }
    return out;
  }

  /**
   * Declares that a construct renders an object elsewhere (e.g. into an environment chart) on its
   * behalf, so that acknowledgements on the owner (and its ancestors) cover the object too.
   * @param rendered the object (or construct) rendered outside the owner's subtree
   * @param owner the construct it is rendered for
   */
  public static renderedFor(rendered: IConstruct, owner: IConstruct): void {
    Object.defineProperty(rendered, OWNER_SYMBOL, { value: owner, configurable: true });
  }

  /**
   * The construct an object was rendered for (`renderedFor`), following owners of owners: the user's
   * construct that errors about the object name; undefined when none was declared.
   */
  public static ownerOf(rendered: IConstruct): IConstruct | undefined {
    let owner: IConstruct | undefined;
    const seen = new Set<IConstruct>();
    for (let next: IConstruct | undefined = (rendered as any)[OWNER_SYMBOL]; next && !seen.has(next); next = (next as any)[OWNER_SYMBOL]) {
      seen.add(next);
      owner = next;
    }
    return owner;
  }

  private readonly list: Acknowledgement[] = [];

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Accepts the findings of one rule on this construct and its descendants.
   * @param ruleId the rule's ID, e.g. `ARGO-SYN1`
   * @param reason why the exception is fine (at least 10 characters, one line); reviewers read it in the report
   */
  public add(ruleId: string, reason: string): void {
    const idProblem = ruleIdProblem(ruleId, ruleIds());
    if (idProblem) fail(this.scope, 'acknowledgement', ruleId, idProblem);
    assertAcknowledgementReason(this.scope, `acknowledgement ${ruleId}`, reason, REASON_WHAT);
    const existing = this.list.find(a => a.ruleId === ruleId);
    if (existing && existing.reason !== reason.trim()) {
      fail(this.scope, `acknowledgement ${ruleId}`, reason, `is already acknowledged here with ${JSON.stringify(existing.reason)}`);
    }
    if (!existing) this.list.push({ ruleId, reason: reason.trim() });
  }

  /** This construct's own acknowledgements (not its ancestors'). */
  public get all(): Acknowledgement[] {
    return [...this.list];
  }
}

/** An acknowledgement with the construct it is attached to. */
export interface AttachedAcknowledgement extends Acknowledgement {
  /** The construct path it is attached to. */
  readonly attachedTo: string;
}
