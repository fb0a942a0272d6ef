/** A Kubernetes service account, the unit EKS Pod Identity associates a role with. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** The operator's install manifest, parsed: one object per YAML document. */
export interface OperatorManifest {
  readonly file: string;
  readonly objects: readonly Record<string, unknown>[];
}
