import { applyPatch } from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';

/** Outcome of a JSON patch: the patched document, or why it could not be applied. */
export type JsonPatchResult = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON patch (RFC 6902), all-or-nothing; a failed `test` or a missing path makes the whole patch fail. */
export function jsonPatch(target: unknown, operations: unknown): JsonPatchResult {
  if (!Array.isArray(operations))
    return { ok: false, message: 'json patch body must be a JSON array of operations' };
  try {
    const result = applyPatch(structuredClone(target), operations as Operation[], true, true);
    return { ok: true, value: result.newDocument };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
  }
}
