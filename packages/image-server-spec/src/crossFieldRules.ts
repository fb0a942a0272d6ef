/**
 * What the cross-field rules read of an ImageServer spec, and nothing more: the operator's
 * `ImageServerSpec` and the portal's both fit it as they are.
 */
export interface CrossFieldSpec {
  replicas?: number;
  autoscaling?: { minReplicas?: number; maxReplicas: number };
  storage?: {
    bucket?: string;
    lifecycle?: {
      intelligentTiering?: boolean;
      transitionToInfrequentAccessDays?: number;
      transitionToGlacierInstantRetrievalDays?: number;
    };
  };
  database?: { secretRef?: unknown; managed?: boolean };
  cache?: unknown;
  tagging?: { mode?: string };
}

/** What the immutability rules read of the spec before the change. */
export interface CrossFieldOldSpec {
  storage?: { bucket?: string };
}

/** One `x-kubernetes-validations` entry of the CRD, checked in TypeScript. */
export interface CrossFieldRule {
  /** Field path of the schema node that declares the rule; problems are prefixed with it. */
  path: string;
  /** The rule's `message` in the CRD, word for word. */
  message: string;
  /** Whether the spec breaks the rule. */
  broken(spec: CrossFieldSpec, oldSpec: CrossFieldOldSpec | undefined): boolean;
}

/**
 * CEL's `has()`: the field is set. The API server prunes `null` from fields that are not
 * `nullable` before it validates, so `null` counts as unset too.
 */
function has<T>(value: T): value is NonNullable<T> {
  return value !== undefined && value !== null;
}

/** `autoscaling.minReplicas` default in the CRD; the API server defaults before CEL runs. */
const DEFAULT_MIN_REPLICAS = 2;

/**
 * The CRD's rules, in the order their problems are reported. Each `broken` is the negation of
 * the CEL rule quoted above it (operator/src/crd/schema.ts).
 */
export const crossFieldRules: readonly CrossFieldRule[] = [
  {
    // !(has(self.replicas) && has(self.autoscaling))
    path: 'spec',
    message: 'set either replicas or autoscaling, not both',
    broken: (spec) => has(spec.replicas) && has(spec.autoscaling),
  },
  {
    // self.minReplicas <= self.maxReplicas (on autoscaling, so only when it is set)
    path: 'spec.autoscaling',
    message: 'minReplicas must not exceed maxReplicas',
    broken: ({ autoscaling: a }) =>
      has(a) && (has(a.minReplicas) ? a.minReplicas : DEFAULT_MIN_REPLICAS) > a.maxReplicas,
  },
  {
    // !has(self.tagging) || self.tagging.mode != 'queue' || has(self.cache)
    path: 'spec',
    message: 'tagging mode queue needs a cache: the queue lives in Redis',
    broken: (spec) => has(spec.tagging) && spec.tagging.mode === 'queue' && !has(spec.cache),
  },
  {
    // !has(self.lifecycle) || !has(self.lifecycle.intelligentTiering) || !self.lifecycle.intelligentTiering
    //   || (!has(self.lifecycle.transitionToInfrequentAccessDays) && !has(self.lifecycle.transitionToGlacierInstantRetrievalDays))
    path: 'spec.storage',
    message: 'lifecycle: intelligentTiering excludes fixed transitions',
    broken: ({ storage }) => {
      const lc = storage?.lifecycle;
      return (
        has(lc) &&
        lc.intelligentTiering === true &&
        (has(lc.transitionToInfrequentAccessDays) || has(lc.transitionToGlacierInstantRetrievalDays))
      );
    },
  },
  {
    // !has(self.lifecycle) || !has(self.lifecycle.transitionToInfrequentAccessDays)
    //   || !has(self.lifecycle.transitionToGlacierInstantRetrievalDays)
    //   || self.lifecycle.transitionToGlacierInstantRetrievalDays > self.lifecycle.transitionToInfrequentAccessDays
    path: 'spec.storage',
    message:
      'lifecycle: transitionToGlacierInstantRetrievalDays must be later than transitionToInfrequentAccessDays',
    broken: ({ storage }) => {
      const lc = storage?.lifecycle;
      return (
        has(lc) &&
        has(lc.transitionToInfrequentAccessDays) &&
        has(lc.transitionToGlacierInstantRetrievalDays) &&
        !(lc.transitionToGlacierInstantRetrievalDays > lc.transitionToInfrequentAccessDays)
      );
    },
  },
  {
    // (has(self.secretRef) ? 1 : 0) + (has(self.managed) && self.managed ? 1 : 0) == 1 (on database)
    path: 'spec.database',
    message: 'database: set exactly one of secretRef or managed: true',
    broken: ({ database: db }) =>
      has(db) && (has(db.secretRef) ? 1 : 0) + (db.managed === true ? 1 : 0) !== 1,
  },
  {
    // self == oldSelf (on storage.bucket): a transition rule, so the API server checks it only on
    // updates where the old and the new object both have a bucket (`required` covers a missing one).
    path: 'spec.storage.bucket',
    message: 'bucket is immutable',
    broken: (spec, oldSpec) => {
      const [before, after] = [oldSpec?.storage?.bucket, spec.storage?.bucket];
      return has(before) && has(after) && after !== before;
    },
  },
];

/**
 * The ImageServer CRD's cross-field rules (its CEL `x-kubernetes-validations`, which JSON Schema
 * cannot express), in TypeScript. The API server enforces the CEL versions; this one copy lets
 * the operator (at reconcile time and in `render`) and the portal plugins (before anything is
 * written to a cluster) give the same answers without a cluster, e.g. against an older CRD.
 *
 * Expects a spec that passed the CRD's structural schema and got its defaults; `minReplicas`
 * falls back to the CRD's default when unset. Immutability rules run only with `oldSpec`.
 *
 * @param spec - the spec to check
 * @param oldSpec - the spec before this change (the one last reconciled), for `self == oldSelf` rules
 * @returns every problem, each prefixed with the field path of the rule; empty when none
 * @example crossFieldProblems({ autoscaling: { minReplicas: 3, maxReplicas: 2 } })
 * // => ['spec.autoscaling: minReplicas must not exceed maxReplicas']
 */
export function crossFieldProblems(spec: CrossFieldSpec, oldSpec?: CrossFieldOldSpec): string[] {
  return crossFieldRules
    .filter((rule) => rule.broken(spec, oldSpec))
    .map((rule) => `${rule.path}: ${rule.message}`);
}
