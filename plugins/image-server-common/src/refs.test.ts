import { parseServerRef, serverPath, serverRefToString } from './refs';

describe('server refs', () => {
  it('round-trips cluster/namespace/name', () => {
    const ref = { cluster: 'prod', namespace: 'team-a', name: 'images' };
    expect(serverRefToString(ref)).toBe('prod/team-a/images');
    expect(parseServerRef('prod/team-a/images')).toEqual(ref);
    expect(serverPath(ref)).toBe('/servers/prod/team-a/images');
  });

  it('refuses refs without three parts', () => {
    expect(() => parseServerRef('prod/images')).toThrow(
      'Expected a server ref "cluster/namespace/name" but received "prod/images"',
    );
    expect(() => parseServerRef('a//b')).toThrow(TypeError);
  });
});
