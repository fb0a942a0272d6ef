import type { IncomingMessage } from 'node:http';
import { KubeApiError } from '../errors';

/** The real server refuses request bodies over 3 MiB. */
const maxBodyBytes = 3 * 1024 * 1024;

/** Reads the whole body as UTF-8. @throws KubeApiError 413 over the limit */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes)
      throw new KubeApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
