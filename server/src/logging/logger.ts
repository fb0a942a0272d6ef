import pino, { type Logger } from 'pino';
import type { Config } from '../config';

/**
 * Structured JSON logs on stdout (or `destination`); secrets never logged (request headers are
 * left out of access logs, and anything that still carries them is redacted).
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'imageserver' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'adminApiKey'],
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
