import { buildLifecycleRules } from './lifecycleRules';

describe('buildLifecycleRules', () => {
  it('limits transitions to the prefix and variant expiry to its variants folder', () => {
    expect(
      buildLifecycleRules('shop', 'catalog', {
        bucket: 'b',
        prefix: 'catalog/',
        lifecycle: {
          transitionToInfrequentAccessDays: 60,
          transitionToGlacierInstantRetrievalDays: 180,
          expireVariantsDays: 30,
        },
      }),
    ).toEqual([
      {
        ID: 'imageserver:shop/catalog:transitions',
        Status: 'Enabled',
        Filter: { Prefix: 'catalog/' },
        Transitions: [
          { Days: 60, StorageClass: 'STANDARD_IA' },
          { Days: 180, StorageClass: 'GLACIER_IR' },
        ],
      },
      {
        ID: 'imageserver:shop/catalog:expire-variants',
        Status: 'Enabled',
        Filter: { Prefix: 'catalog/variants/' },
        Expiration: { Days: 30 },
      },
    ]);
  });

  it('moves to Intelligent-Tiering at once, and has no rules without lifecycle settings', () => {
    expect(
      buildLifecycleRules('a', 'b', { bucket: 'b', lifecycle: { intelligentTiering: true } })[0]!.Transitions,
    ).toEqual([{ Days: 0, StorageClass: 'INTELLIGENT_TIERING' }]);
    expect(buildLifecycleRules('a', 'b', { bucket: 'b' })).toEqual([]);
  });
});
