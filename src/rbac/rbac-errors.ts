// Error types of the RBAC layer. Not part of the jsii API (jsii cannot extend Error); match on the message.

/** A policy input that Argo CD would misread or that does not exist in Argo CD 3.5. */
export class RbacValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RbacValidationError';
  }
}

/** Policy text that Argo CD would refuse to load. */
export class PolicyParseError extends Error {
  constructor(message: string, public readonly lineNumber: number) {
    super(message);
    this.name = 'PolicyParseError';
  }
}

/** A ConfigMap or YAML document that cannot be read as argocd-rbac-cm. */
export class RbacConfigError extends Error {}
