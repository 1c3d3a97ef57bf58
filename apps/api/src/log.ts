import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs (one line each) with secrets redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'weshop-api' },
    redact: {
      paths: ['password', '*.password', 'req.headers.cookie', 'headers.cookie', '*.secret', 'csrfToken'],
      censor: '[redacted]',
    },
  });
}
