import {
  ConnectionAcquireTimeoutError,
  ConnectionRefusedError,
  DatabaseError,
  UniqueConstraintError,
} from 'sequelize';
import { AppError } from '../errors';
import { toDatabaseError } from './toDatabaseError';

function driverError(message: string, code?: string): Error & { sql: string; parameters: object } {
  return Object.assign(new Error(message), { code, sql: 'SELECT 1', parameters: {} });
}

describe('toDatabaseError', () => {
  it.each([
    ['a refused connection', new ConnectionRefusedError(driverError('connect ECONNREFUSED', 'ECONNREFUSED'))],
    ['an exhausted pool', new ConnectionAcquireTimeoutError(new Error('Operation timeout'))],
    ['a dropped socket', new DatabaseError(driverError('read ECONNRESET', 'ECONNRESET'))],
    ['a server shutting down', new DatabaseError(driverError('terminating connection', '57P01'))],
    ['a lost client', new DatabaseError(driverError('Connection terminated unexpectedly'))],
    [
      'a locked SQLite file',
      new DatabaseError(driverError('SQLITE_BUSY: database is locked', 'SQLITE_BUSY')),
    ],
    [
      'a wrapped cause',
      Object.assign(new Error('Migration 0001 (up) failed'), {
        cause: new ConnectionRefusedError(driverError('x')),
      }),
    ],
  ])('maps %s to DATABASE_UNAVAILABLE keeping the cause', (_label, err) => {
    const mapped = toDatabaseError(err);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503, cause: err });
  });

  it.each([
    ['a syntax error', new DatabaseError(driverError('syntax error at or near "SELEC"', '42601'))],
    ['a unique violation', new UniqueConstraintError({ message: 'dup' })],
    ['a plain error', new Error('boom')],
    ['a non-error', 'boom'],
  ])('returns %s unchanged', (_label, err) => {
    expect(toDatabaseError(err)).toBe(err);
  });

  it('returns an AppError unchanged', () => {
    const err = new AppError('INVALID_CURSOR');
    expect(toDatabaseError(err)).toBe(err);
  });
});
