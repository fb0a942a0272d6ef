export * from './parsers';
export * from './taggingParsers';
