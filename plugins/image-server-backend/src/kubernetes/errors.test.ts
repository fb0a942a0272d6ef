import { classifyKubeError } from './errors';

describe('classifyKubeError', () => {
  it('reads the Status message of an API answer and classifies 401/403 as FORBIDDEN', () => {
    const body = JSON.stringify({ kind: 'Status', message: 'imageservers.imageserver.dev is forbidden' });
    expect(classifyKubeError('prod', Object.assign(new Error('x'), { code: 403, body }))).toMatchObject({
      errorType: 'FORBIDDEN',
      status: 403,
      message: 'cluster prod: access denied: imageservers.imageserver.dev is forbidden',
    });
    expect(
      classifyKubeError(
        'prod',
        Object.assign(new Error('x'), { code: 409, body: '{"message":"already exists"}' }),
      ),
    ).toMatchObject({
      errorType: 'FETCH_ERROR',
      status: 409,
      message: 'already exists',
    });
  });

  it('finds network error codes in the cause chain', () => {
    const err = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(classifyKubeError('dev', err)).toMatchObject({
      errorType: 'UNREACHABLE',
      message: 'cluster dev is unreachable (ECONNREFUSED)',
    });
    expect(classifyKubeError('dev', new Error('boom'))).toMatchObject({
      errorType: 'FETCH_ERROR',
      message: 'cluster dev: boom',
    });
  });
});
