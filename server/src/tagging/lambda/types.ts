import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { TaggingDeps } from '../openTaggingDeps';
import type { RunReport } from '../TaggingRunner';
import type { S3ObjectRef } from './parseS3Event';

export interface LambdaResult {
  readonly tagged: RunReport[];
  /** Objects that are not originals (delivery copies, variants) or, for one server, belong to another bucket. */
  readonly ignored: string[];
}

/**
 * How the function is configured, chosen by which variables are present:
 * - `single`: one image server's own variables (`DATABASE_URL`, `S3_BUCKET`, `S3_PREFIX`, …);
 * - `platform`: one function for every server in the shared images bucket (`IMAGES_BUCKET`,
 *   `DATABASE_SECRET_ARN`, `SERVER_PREFIX_ROOT`), each record routed to its server's database.
 */
export type LambdaConfig = SingleServerLambdaConfig | PlatformLambdaConfig;

export interface SingleServerLambdaConfig {
  readonly mode: 'single';
  readonly config: Config;
}

export interface PlatformLambdaConfig {
  readonly mode: 'platform';
  /** The shared images bucket (`IMAGES_BUCKET`). */
  readonly bucket: string;
  /** Where the servers' prefixes start (`SERVER_PREFIX_ROOT`, like the operator's). @default 'servers/' */
  readonly prefixRoot: string;
  /** The RDS-generated secret with the username, password, host and port (`DATABASE_SECRET_ARN`). */
  readonly databaseSecretArn: string;
  /** Everything else (taggers, moderation, logging, S3 client settings) as the server reads it. */
  readonly base: Config;
}

/** The fields of an RDS-generated secret the function uses. */
export interface DatabaseSecret {
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly port: number;
}

/** An object in the shared bucket, located in the platform layout `<root><namespace>/<name>/…`. */
export type ServerObject =
  | {
      readonly kind: 'original';
      readonly namespace: string;
      readonly name: string;
      /** The server's S3_PREFIX (everything before `originals/`). */
      readonly storePrefix: string;
      readonly sha256: string;
    }
  | { readonly kind: 'other'; readonly namespace: string; readonly name: string };

/** Where one created original goes: its server's tagging dependencies and its sha256. */
export interface Route {
  readonly deps: TaggingDeps;
  readonly sha256: string;
}

/** What a configured handler needs: a logger and the routing of each created object. */
export interface LambdaRuntime {
  readonly logger: Logger;
  /** @returns undefined for objects that are not originals (ignored). @throws TaggingError for objects that cannot be tagged. */
  route(object: S3ObjectRef): Promise<Route | undefined>;
  close(): Promise<void>;
}
