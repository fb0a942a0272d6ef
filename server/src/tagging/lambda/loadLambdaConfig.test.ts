import { ConfigError } from '../../config';
import { loadLambdaConfig } from './loadLambdaConfig';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:example/imageserver/database-AbCdEf';
const platform = { IMAGES_BUCKET: 'images', DATABASE_SECRET_ARN: ARN, AWS_REGION: 'eu-west-1' };

function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadLambdaConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadLambdaConfig', () => {
  it('reads the platform mode, with the function’s region and the default prefix root', () => {
    const config = loadLambdaConfig({ ...platform, TAGGERS: 'basic,labels' });
    expect(config).toMatchObject({
      mode: 'platform',
      bucket: 'images',
      prefixRoot: 'servers/',
      databaseSecretArn: ARN,
      base: {
        s3: { bucket: 'images', prefix: '', region: 'eu-west-1' },
        tagging: { taggers: ['basic', 'labels'] },
      },
    });
    expect(loadLambdaConfig({ ...platform, SERVER_PREFIX_ROOT: 'tenants/x/' })).toMatchObject({
      prefixRoot: 'tenants/x/',
    });
  });

  it('reads the single-server mode from the server’s own variables', () => {
    const config = loadLambdaConfig({
      DATABASE_URL: 'postgres://db/x',
      S3_BUCKET: 'site-images',
      S3_PREFIX: 'site/',
    });
    expect(config).toMatchObject({
      mode: 'single',
      config: { databaseUrl: 'postgres://db/x', s3: { bucket: 'site-images', prefix: 'site/' } },
    });
  });

  it('names the missing variables of the mode the others point to', () => {
    expect(problems({ IMAGES_BUCKET: 'images' })).toEqual([
      'DATABASE_SECRET_ARN: required in platform mode (with IMAGES_BUCKET and DATABASE_SECRET_ARN)',
    ]);
    expect(problems({ DATABASE_SECRET_ARN: ARN })).toEqual([
      'IMAGES_BUCKET: required in platform mode (with IMAGES_BUCKET and DATABASE_SECRET_ARN)',
    ]);
    expect(problems({ S3_BUCKET: 'b', S3_PREFIX: 'p/' })).toEqual([
      'DATABASE_URL: required in single-server mode (with DATABASE_URL and S3_BUCKET)',
    ]);
    expect(problems({ DATABASE_URL: 'postgres://db/x' })).toEqual([
      'S3_BUCKET: required in single-server mode (with DATABASE_URL and S3_BUCKET)',
    ]);
  });

  it('refuses no configuration, both at once, and malformed platform values', () => {
    expect(problems({})).toEqual([
      'expected the platform variables (IMAGES_BUCKET, DATABASE_SECRET_ARN) or the single-server ones (DATABASE_URL, S3_BUCKET); none is set',
    ]);
    expect(problems({ ...platform, DATABASE_URL: 'postgres://db/x' })).toEqual([
      'set either the platform variables (IMAGES_BUCKET, DATABASE_SECRET_ARN) or the single-server ones (DATABASE_URL, S3_BUCKET), not both; found IMAGES_BUCKET, DATABASE_SECRET_ARN, DATABASE_URL',
    ]);
    expect(
      problems({ ...platform, DATABASE_SECRET_ARN: 'my-secret', SERVER_PREFIX_ROOT: 'servers' }),
    ).toEqual([
      'DATABASE_SECRET_ARN: expected a Secrets Manager secret ARN',
      'SERVER_PREFIX_ROOT: expected key folders ending with "/", such as servers/',
    ]);
    expect(problems({ ...platform, IMAGES_BUCKET: 'No_Such' })).toEqual([
      'IMAGES_BUCKET: expected an S3 bucket name',
    ]);
    expect(problems({ ...platform, TAGGERS: 'basic,ocr' })).toEqual([
      'TAGGERS: expected tagger names among basic, exif, colour, hashes, labels, moderation',
    ]);
  });
});
