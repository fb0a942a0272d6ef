import path from 'node:path';
import { parseDatabaseUrl } from './parseDatabaseUrl';

describe('parseDatabaseUrl', () => {
  it.each([
    [
      'sqlite:/var/lib/imageserver/meta.sqlite',
      { dialect: 'sqlite', storage: '/var/lib/imageserver/meta.sqlite' },
    ],
    ['sqlite:///var/lib/x.sqlite', { dialect: 'sqlite', storage: '/var/lib/x.sqlite' }],
    ['sqlite:data/x.sqlite', { dialect: 'sqlite', storage: path.resolve('data/x.sqlite') }],
    ['sqlite::memory:', { dialect: 'sqlite', storage: ':memory:' }],
    ['postgres://u:p@db:5432/images', { dialect: 'postgres', url: 'postgres://u:p@db:5432/images' }],
    [
      'postgresql://db/images?sslmode=require',
      { dialect: 'postgres', url: 'postgres://db/images?sslmode=require' },
    ],
  ])('reads %s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  it.each([
    ['sqlite:', 'sqlite:'],
    ['mysql://u:secret@db/x', 'mysql:'],
    ['postgres://', 'postgres:'],
    ['', '(none)'],
  ])('refuses %j without echoing credentials', (url, scheme) => {
    expect(() => parseDatabaseUrl(url)).toThrow(
      `Expected a database URL of the form sqlite:<path> or postgres://… but received one with scheme ${scheme}`,
    );
  });
});
