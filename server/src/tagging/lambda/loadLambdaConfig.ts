import { ConfigError, loadConfig } from '../../config';
import type { LambdaConfig } from './types';

/** Variables of the platform mode (one function for every server in the shared bucket). */
export const PLATFORM_VARIABLES = ['IMAGES_BUCKET', 'DATABASE_SECRET_ARN'] as const;
/** Variables of the single-server mode (the server's own configuration). */
export const SINGLE_SERVER_VARIABLES = ['DATABASE_URL', 'S3_BUCKET'] as const;

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
const PREFIX_ROOT = /^(?:[A-Za-z0-9!_.*'()-]+\/)+$/;

/**
 * Reads the function's configuration and picks the mode from the variables present: the platform
 * variables, or the server's own `DATABASE_URL` and `S3_BUCKET` (with `S3_PREFIX`), never both.
 * Taggers, moderation, logging and S3 client settings are read by the server's `loadConfig` in both.
 * @throws ConfigError naming every missing or contradictory variable.
 */
export function loadLambdaConfig(env: NodeJS.ProcessEnv): LambdaConfig {
  const has = (name: string) => env[name] !== undefined && env[name] !== '';
  const platform = PLATFORM_VARIABLES.filter(has);
  const single = [...SINGLE_SERVER_VARIABLES, 'S3_PREFIX'].filter(has);
  if (platform.length > 0 && single.length > 0) {
    throw new ConfigError([
      `set either the platform variables (${PLATFORM_VARIABLES.join(', ')}) or the single-server ones (${SINGLE_SERVER_VARIABLES.join(', ')}), not both; found ${[...platform, ...single].join(', ')}`,
    ]);
  }
  if (platform.length > 0) {
    const problems = PLATFORM_VARIABLES.filter((name) => !has(name)).map(
      (name) => `${name}: required in platform mode (with ${PLATFORM_VARIABLES.join(' and ')})`,
    );
    if (has('DATABASE_SECRET_ARN') && !SECRET_ARN.test(env.DATABASE_SECRET_ARN!)) {
      problems.push('DATABASE_SECRET_ARN: expected a Secrets Manager secret ARN');
    }
    const prefixRoot = has('SERVER_PREFIX_ROOT') ? env.SERVER_PREFIX_ROOT! : 'servers/';
    if (!PREFIX_ROOT.test(prefixRoot)) {
      problems.push('SERVER_PREFIX_ROOT: expected key folders ending with "/", such as servers/');
    }
    if (problems.length) throw new ConfigError(problems);
    const bucket = env.IMAGES_BUCKET!;
    // The bucket is in the function's own region (AWS_REGION, set by Lambda) unless S3_REGION says otherwise.
    const base = asPlatform(() =>
      loadConfig({
        ...env,
        S3_BUCKET: bucket,
        S3_PREFIX: undefined,
        S3_REGION: has('S3_REGION') ? env.S3_REGION : env.AWS_REGION,
        DATABASE_URL: undefined,
      }),
    );
    return { mode: 'platform', bucket, prefixRoot, databaseSecretArn: env.DATABASE_SECRET_ARN!, base };
  }
  if (single.length > 0) {
    const missing = SINGLE_SERVER_VARIABLES.filter((name) => !has(name));
    if (missing.length) {
      throw new ConfigError(
        missing.map(
          (name) => `${name}: required in single-server mode (with ${SINGLE_SERVER_VARIABLES.join(' and ')})`,
        ),
      );
    }
    return { mode: 'single', config: loadConfig(env) };
  }
  throw new ConfigError([
    `expected the platform variables (${PLATFORM_VARIABLES.join(', ')}) or the single-server ones (${SINGLE_SERVER_VARIABLES.join(', ')}); none is set`,
  ]);
}

/** The server's rules check IMAGES_BUCKET as S3_BUCKET: report it under the name that was set. */
function asPlatform<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError(err.problems.map((p) => p.replace(/^S3_BUCKET:/, 'IMAGES_BUCKET:')));
  }
}
