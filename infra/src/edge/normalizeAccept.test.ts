import { readFileSync } from 'node:fs';
import { NORMALIZE_ACCEPT_SOURCE } from './EdgeStack';
import vm from 'node:vm';

// Runs the CloudFront Function's source as CloudFront would: a script defining `handler(event)`.
const source = readFileSync(NORMALIZE_ACCEPT_SOURCE, 'utf8');
const context = vm.createContext({});
vm.runInContext(source, context);

interface Request {
  headers: Record<string, { value: string }>;
  uri: string;
}
const handler = context.handler as (event: { request: Request }) => Request;
const normalise = (accept?: string) =>
  handler({
    request: { uri: '/i/abc/w_800', headers: accept === undefined ? {} : { accept: { value: accept } } },
  }).headers.accept!.value;

describe('normalize-accept CloudFront Function', () => {
  it.each([
    ['image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8', 'image/avif,image/webp,*/*'],
    ['image/webp,*/*', 'image/webp,*/*'],
    ['IMAGE/WEBP , image/png', 'image/webp,*/*'],
    ['image/avif;q=0, image/webp;q=0.9', 'image/webp,*/*'],
    ['image/avif; q=0.0 ,image/webp; q = 0', '*/*'],
    ['image/png,image/*;q=0.8,*/*;q=0.5', '*/*'],
    ['text/html', '*/*'],
    ['', '*/*'],
  ])('turns %j into %j', (accept, expected) => {
    expect(normalise(accept)).toBe(expected);
  });

  it('adds the header when the viewer sent none', () => {
    expect(normalise(undefined)).toBe('*/*');
  });

  it('leaves the rest of the request alone', () => {
    const request = {
      uri: '/i/abc/w_800',
      headers: { host: { value: 'a.images.example.com' }, accept: { value: 'image/webp' } },
    };
    expect(handler({ request })).toEqual({
      uri: '/i/abc/w_800',
      headers: { host: { value: 'a.images.example.com' }, accept: { value: 'image/webp,*/*' } },
    });
  });

  it('uses only what cloudfront-js-2.0 offers (no require, no async)', () => {
    expect(source).not.toMatch(/\brequire\(|\basync\b|\bawait\b|\bimport\b/);
  });
});
