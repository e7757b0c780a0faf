import { IGuardrailRule, IObjectRule, IPlatformRule, isObjectRule } from '../guardrail-rule';
import { AdminBeyondPlatformTeam } from './access/AdminBeyondPlatformTeam';
import { AdminEnabledWithSso } from './access/AdminEnabledWithSso';
import { NoRbac } from './access/NoRbac';
import { PolicyDefaultReadOnly } from './access/PolicyDefaultReadOnly';
import { PolicyDefaultWrites } from './access/PolicyDefaultWrites';
import { ProductionHighRiskGrant } from './access/ProductionHighRiskGrant';
import { ProductionProjectWriters } from './access/ProductionProjectWriters';
import { MalformedAcknowledgement } from './general/MalformedAcknowledgement';
import { ImageTagLatest } from './images/ImageTagLatest';
import { ImageUpdaterFloatingInProduction } from './images/ImageUpdaterFloatingInProduction';
import { NoAlerts } from './operations/NoAlerts';
import { NoBackup } from './operations/NoBackup';
import { NoSyncFailureNotifications } from './operations/NoSyncFailureNotifications';
import { ClusterResourceWildcard } from './projects/ClusterResourceWildcard';
import { DefaultProject } from './projects/DefaultProject';
import { WildcardDestination } from './projects/WildcardDestination';
import { WildcardSourceRepository } from './projects/WildcardSourceRepository';
import { RepositoryWithoutCredential } from './repositories/RepositoryWithoutCredential';
import { setKnownRuleIds } from './rule-ids';
import { ChartValuesSecretLiteral } from './secrets/ChartValuesSecretLiteral';
import { SecretLiteral } from './secrets/SecretLiteral';
import { SecretWithData } from './secrets/SecretWithData';
import { BranchPerEnvironment } from './structure/BranchPerEnvironment';
import { EnvironmentWithoutRootApp } from './structure/EnvironmentWithoutRootApp';
import { GiantApplication } from './structure/GiantApplication';
import { IgnoreWholeObject } from './structure/IgnoreWholeObject';
import { ProductionAutoSync } from './sync/ProductionAutoSync';
import { ProductionFloatingRevision } from './sync/ProductionFloatingRevision';
import { ProductionForceSync } from './sync/ProductionForceSync';

/** Every rule of the pack, in ID order. */
export const ALL_RULES: IGuardrailRule[] = [
  SecretWithData, SecretLiteral, ChartValuesSecretLiteral,
  ImageTagLatest, ImageUpdaterFloatingInProduction,
  ProductionAutoSync, ProductionFloatingRevision, ProductionForceSync,
  WildcardSourceRepository, WildcardDestination, ClusterResourceWildcard, DefaultProject,
  RepositoryWithoutCredential,
  PolicyDefaultReadOnly, PolicyDefaultWrites, AdminEnabledWithSso, AdminBeyondPlatformTeam, ProductionHighRiskGrant, NoRbac, ProductionProjectWriters,
  IgnoreWholeObject, EnvironmentWithoutRootApp, BranchPerEnvironment, GiantApplication,
  NoAlerts, NoSyncFailureNotifications, NoBackup,
  MalformedAcknowledgement,
];

/** The rules over one object (what `argocd-platform lint` runs). */
export function objectRules(): IObjectRule[] {
  return ALL_RULES.filter(isObjectRule) as IObjectRule[];
}

/** The rules over the whole platform. */
export function platformRules(): IPlatformRule[] {
  return ALL_RULES.filter(r => !isObjectRule(r)) as IPlatformRule[];
}

setKnownRuleIds(ALL_RULES.map(r => r.id));

/** Every rule ID. */
export function ruleIds(): string[] {
  return ALL_RULES.map(r => r.id);
}
