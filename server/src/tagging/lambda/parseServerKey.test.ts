import { TaggingError } from '../TaggingError';
import { parseServerKey } from './parseServerKey';

const SHA = 'ab'.repeat(32);

describe('parseServerKey', () => {
  it.each([
    [`servers/shop/catalog/originals/ab/${SHA}`, 'shop', 'catalog', 'servers/shop/catalog/'],
    [`servers/shop/catalog/v2/originals/ab/${SHA}`, 'shop', 'catalog', 'servers/shop/catalog/v2/'],
    [
      `servers/team-a/img.server-1/a/b/originals/ab/${SHA}`,
      'team-a',
      'img.server-1',
      'servers/team-a/img.server-1/a/b/',
    ],
  ])('locates the original %s', (key, namespace, name, storePrefix) => {
    expect(parseServerKey(key, 'servers/')).toEqual({
      kind: 'original',
      namespace,
      name,
      storePrefix,
      sha256: SHA,
    });
  });

  it.each([
    `servers/shop/catalog/delivery/location/ab/${SHA}`,
    `servers/shop/catalog/variants/ab/${SHA}/w100.webp`,
    `servers/shop/catalog/originals/ab/${SHA}.jpg`,
    `servers/shop/catalog/originals/ab/${SHA.toUpperCase()}`,
    `servers/shop/catalog/v2originals/ab/${SHA}`,
  ])('tells the server’s other objects apart: %s', (key) => {
    expect(parseServerKey(key, 'servers/')).toEqual({ kind: 'other', namespace: 'shop', name: 'catalog' });
  });

  it.each([
    ['images/shop/catalog/originals/ab/x', 'is not under servers/'],
    ['servers/shop', 'is not under servers/<namespace>/<name>/'],
    ['servers/shop/catalog', 'is not under servers/<namespace>/<name>/'],
    ['servers/Shop/catalog/originals/ab/x', 'does not start with a namespace after servers/'],
    ['servers/a.b/catalog/originals/ab/x', 'does not start with a namespace after servers/'],
    ['servers//catalog/originals/ab/x', 'does not start with a namespace after servers/'],
    ['servers/shop/-x/originals/ab/x', 'does not name an ImageServer after servers/shop/'],
    ['servers/shop//originals/ab/x', 'does not name an ImageServer after servers/shop/'],
  ])('refuses %s, which is outside the layout', (key, why) => {
    let error: unknown;
    try {
      parseServerKey(key, 'servers/');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TaggingError);
    expect(error).toMatchObject({
      code: 'INVALID_EVENT',
      retryable: false,
      message: `Invalid S3 event: key ${JSON.stringify(key)} ${why}`,
    });
  });
});
