import path from 'node:path';
import { createTextResolver } from './localFilePlaceholders';

const root = path.resolve(__dirname, '../../../..');
const unused = async () => {
  throw new Error('not used for local files');
};

describe('createTextResolver', () => {
  const resolve = createTextResolver(root);

  it('reads a file next to a local catalog file', async () => {
    const text = await resolve({
      key: 'text',
      value: './server/openapi.json',
      baseUrl: path.join(root, 'catalog-info.yaml'),
      read: unused,
      resolveUrl: () => '',
      emit: () => undefined,
    } as never);
    expect(JSON.parse(text as string).openapi).toMatch(/^3\./);
  });

  it('refuses files outside the repository', async () => {
    await expect(
      resolve({
        key: 'text',
        value: '../../etc/passwd',
        baseUrl: path.join(root, 'catalog-info.yaml'),
        read: unused,
        resolveUrl: () => '',
      } as never),
    ).rejects.toThrow('may only read files inside');
  });

  it('reads URL locations through the catalog reader as before', async () => {
    const text = await resolve({
      key: 'text',
      value: './api.json',
      baseUrl: 'https://example.com/repo/catalog-info.yaml',
      read: async (url: string) => Buffer.from(`read ${url}`),
      resolveUrl: (url: string, base: string) => new URL(url, base).toString(),
    } as never);
    expect(text).toBe('read https://example.com/repo/api.json');
  });
});
