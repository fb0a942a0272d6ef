import { isSubset, parseQuantity } from './semanticDiff';

describe('isSubset', () => {
  it('ignores fields only the live object has (server defaults, status)', () => {
    expect(
      isSubset(
        { spec: { replicas: 2 } },
        { spec: { replicas: 2, progressDeadlineSeconds: 600 }, status: {} },
      ),
    ).toBe(true);
  });

  it('sees a changed value, a missing field and a different list length', () => {
    expect(isSubset({ a: 1 }, { a: 2 })).toBe(false);
    expect(isSubset({ a: { b: 'x' } }, { a: {} })).toBe(false);
    expect(isSubset({ env: [{ name: 'A' }] }, { env: [{ name: 'A' }, { name: 'EXTRA' }] })).toBe(false);
    expect(isSubset({ env: [{ name: 'A' }] }, { env: [{ name: 'A', value: '' }] })).toBe(true);
  });

  it('treats empty desired maps and lists like absence', () => {
    expect(isSubset({ securityContext: {}, args: [] }, {})).toBe(true);
    expect(isSubset({ args: [] }, { args: ['x'] })).toBe(false);
  });

  it('compares quantities by value, as the API server canonicalises them', () => {
    expect(isSubset({ memory: '1024Mi' }, { memory: '1Gi' })).toBe(true);
    expect(isSubset({ cpu: '0.5' }, { cpu: '500m' })).toBe(true);
    expect(isSubset({ cpu: '1' }, { cpu: '1001m' })).toBe(false);
    expect(isSubset({ image: 'a:1' }, { image: 'a:2' })).toBe(false);
  });
});

describe('parseQuantity', () => {
  it.each([
    ['250m', 0.25],
    ['2', 2],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1e3', 1000],
    ['128M', 128e6],
  ])('%s is %d', (q, n) => expect(parseQuantity(q)).toBe(n));

  it('rejects what is not a quantity', () => {
    expect(parseQuantity('ghcr.io/x')).toBeUndefined();
    expect(parseQuantity('1Gb')).toBeUndefined();
  });
});
