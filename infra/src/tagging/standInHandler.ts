/**
 * STAND-IN for the auto-tagging Lambda handler, bundled only while
 * `server/src/tagging/lambda/handler.ts` does not exist (see infra/README.md, "Tagging").
 *
 * It fails every invocation on purpose: Lambda retries, then parks the event in the dead-letter
 * queue, so no upload is lost and the queue can be redriven once the real handler is deployed.
 */

interface S3EventLike {
  readonly Records?: readonly { readonly s3?: { readonly object?: { readonly key?: string } } }[];
}

export class TaggingHandlerNotDeployedError extends Error {
  readonly code = 'TAGGING_HANDLER_NOT_DEPLOYED';
}

export async function handler(event: S3EventLike): Promise<never> {
  const keys = (event.Records ?? []).map((r) => r.s3?.object?.key).filter(Boolean);
  throw new TaggingHandlerNotDeployedError(
    `the tagging handler is a stand-in; ${keys.length} object(s) kept for redrive from the dead-letter queue`,
  );
}
