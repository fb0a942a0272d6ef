import { example } from '../__fixtures__/examples';
import { platformSettings, settings } from '../__fixtures__/context';
import type { ImageServer, StorageSpec } from '../crd/types';
import { buildServerSettings } from './serverSettings';
import { storageLayout } from './storageLayout';
import { storagePlacementProblems } from './storagePlacementProblems';

const SHARED = platformSettings.sharedBucket!;

function server(storage: StorageSpec, namespace = 'shop', name = 'catalog'): ImageServer {
  const s = example('minimal');
  s.metadata = { ...s.metadata, namespace, name };
  s.spec.storage = storage;
  return s;
}

describe('storageLayout', () => {
  it('puts a server on the shared bucket under <root><namespace>/<serviceAccount>/ and then its own prefix', () => {
    expect(storageLayout(server({ bucket: SHARED }), platformSettings)).toEqual({
      bucket: SHARED,
      region: 'eu-west-1',
      prefix: 'servers/shop/catalog/',
      shared: true,
    });
    expect(storageLayout(server({ bucket: SHARED, prefix: 'v2/' }), platformSettings).prefix).toBe(
      'servers/shop/catalog/v2/',
    );
    expect(
      storageLayout(server({ bucket: SHARED }), { ...platformSettings, serverPrefixRoot: 'tenants/x/' })
        .prefix,
    ).toBe('tenants/x/shop/catalog/');
  });

  it('keeps the spec’s prefix alone on the server’s own bucket, and without a shared bucket configured', () => {
    expect(
      storageLayout(server({ bucket: 'prod-imageserver-shop.catalog', prefix: 'c/' }), platformSettings),
    ).toEqual({
      bucket: 'prod-imageserver-shop.catalog',
      region: 'eu-west-1',
      prefix: 'c/',
      shared: false,
    });
    expect(storageLayout(server({ bucket: SHARED, region: 'us-west-2' }), settings)).toMatchObject({
      prefix: '',
      region: 'us-west-2',
      shared: false,
    });
  });
});

describe('storagePlacementProblems', () => {
  it('accepts the shared bucket and own buckets named <prefix><namespace>.<name>', () => {
    expect(storagePlacementProblems(server({ bucket: SHARED, prefix: 'v2/' }), platformSettings)).toEqual([]);
    expect(
      storagePlacementProblems(
        server({ bucket: 'prod-imageserver-shop.catalog', lifecycle: { expireVariantsDays: 30 } }),
        platformSettings,
      ),
    ).toEqual([]);
    // Without the platform settings (a cluster outside infra), any name goes.
    expect(storagePlacementProblems(server({ bucket: 'team-a-photos' }), settings)).toEqual([]);
  });

  it('refuses own buckets of another namespace, including one that merely starts with this namespace', () => {
    const expected = [
      'spec.storage.bucket: a server’s own bucket must be named prod-imageserver-shop.<name> (e.g. prod-imageserver-shop.catalog), or use the shared bucket imageserver-images-prod-111111111111-eu-west-1',
    ];
    for (const bucket of [
      'team-a-photos',
      'prod-imageserver-shop-eu.catalog',
      'prod-imageserver-shop-catalog',
    ]) {
      expect(storagePlacementProblems(server({ bucket }), platformSettings)).toEqual(expected);
    }
  });

  it('refuses lifecycle rules and another region on the shared bucket, naming each field', () => {
    expect(
      storagePlacementProblems(
        server({ bucket: SHARED, region: 'us-east-1', lifecycle: { intelligentTiering: true } }),
        platformSettings,
      ),
    ).toEqual([
      'spec.storage.lifecycle: the shared bucket’s lifecycle is managed by the platform; lifecycle rules apply to a server’s own bucket only',
      'spec.storage.region: the shared bucket is in eu-west-1',
    ]);
  });
});

describe('buildServerSettings on the platform', () => {
  it('gives the server the shared bucket, its session-tag prefix and the platform distribution', () => {
    expect(buildServerSettings(server({ bucket: SHARED }), platformSettings)).toMatchObject({
      S3_BUCKET: SHARED,
      S3_PREFIX: 'servers/shop/catalog/',
      S3_REGION: 'eu-west-1',
      CLOUDFRONT_DISTRIBUTION_ID: 'EPLATFORM12345',
    });
  });

  it('prefers the spec’s distribution, and sets none when neither names one', () => {
    const withCdn = server({ bucket: SHARED });
    withCdn.spec.cdn = { domain: 'img.shop.example.com', distributionId: 'EOWN1234' };
    expect(buildServerSettings(withCdn, platformSettings).CLOUDFRONT_DISTRIBUTION_ID).toBe('EOWN1234');
    expect(buildServerSettings(server({ bucket: SHARED }), settings)).not.toHaveProperty(
      'CLOUDFRONT_DISTRIBUTION_ID',
    );
  });
});
