import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs (pino). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'game-server', pid: process.pid } });
}
