/** Structured logging; fields never contain secrets or message bodies. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface LogRecord {
  level: LogLevel;
  message: string;
  fields: Record<string, unknown>;
}

const serialize = (value: unknown): unknown =>
  value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;

/** A logger writing one line per record to `write`, below `level` dropped. */
export function createLogger(
  write: (record: LogRecord) => void,
  level: LogLevel = 'info',
  base: Record<string, unknown> = {},
): Logger {
  const emit =
    (lvl: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[lvl] < ORDER[level]) return;
      const merged: Record<string, unknown> = { ...base };
      for (const [k, v] of Object.entries(fields)) merged[k] = serialize(v);
      write({ level: lvl, message, fields: merged });
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createLogger(write, level, { ...base, ...fields }),
  };
}

/** Collects records in memory: for tests and for asserting what was logged. */
export function createMemoryLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  return Object.assign(
    createLogger((r) => records.push(r), 'debug'),
    { records },
  );
}
