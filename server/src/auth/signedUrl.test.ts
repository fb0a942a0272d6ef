import { readSignatureParams, signPath, toQueryString, verifyPath } from './signedUrl';

const k1 = { id: 'k1', secret: Buffer.alloc(32, 1) };
const k2 = { id: 'k2', secret: Buffer.alloc(32, 2) };
const now = new Date('2026-06-01T00:00:00Z');
const later = new Date(now.getTime() + 60_000);

describe('signed URLs', () => {
  it('verifies a signature made with the first key, and with a rotated-out key still configured', () => {
    const params = signPath('/i/abc', later, [k1, k2]);
    expect(params.kid).toBe('k1');
    expect(verifyPath('/i/abc', params, [k2, k1], now)).toBe('valid');
    expect(verifyPath('/i/abc', params, [k2], now)).toBe('invalid');
  });

  it('refuses another path, a changed expiry and a changed signature', () => {
    const params = signPath('/i/abc', later, [k1]);
    expect(verifyPath('/i/abd', params, [k1], now)).toBe('invalid');
    expect(verifyPath('/i/abc', { ...params, exp: params.exp + 1 }, [k1], now)).toBe('invalid');
    const flipped = params.sig.startsWith('A') ? `B${params.sig.slice(1)}` : `A${params.sig.slice(1)}`;
    expect(verifyPath('/i/abc', { ...params, sig: flipped }, [k1], now)).toBe('invalid');
  });

  it('reports expiry only for authentic signatures', () => {
    const params = signPath('/i/abc', new Date(now.getTime() - 1000), [k1]);
    expect(verifyPath('/i/abc', params, [k1], now)).toBe('expired');
    expect(verifyPath('/i/xyz', params, [k1], now)).toBe('invalid');
  });

  it('reads the query parameters strictly', () => {
    const params = signPath('/i/abc', later, [k1]);
    const query = Object.fromEntries(new URLSearchParams(toQueryString(params)));
    expect(readSignatureParams(query)).toEqual(params);
    expect(readSignatureParams({})).toBeUndefined();
    expect(readSignatureParams({ exp: '1', kid: 'k1' })).toBe('malformed');
    expect(readSignatureParams({ ...query, exp: '1e9' })).toBe('malformed');
    expect(readSignatureParams({ ...query, sig: ['a', 'b'] })).toBe('malformed');
  });
});
