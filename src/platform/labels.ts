// The label vocabulary lives below every layer (src/util/labels.ts) so the engines (rbac, guardrails)
// read the same keys as the constructs that write them; re-exported here for the core and capabilities.
export { PlatformLabels, AZURE_WORKLOAD_IDENTITY_USE_LABEL, AZURE_WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION } from '../util/labels';
