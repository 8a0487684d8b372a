/**
 * The client's logger: the core's log records and the glue's own lines go
 * to the console at or above the level set with OT.setLogLevel().
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'none';

const rank: Record<LogLevel, number> = {
  debug: 0,
  info: 1,
  warn: 2,
  error: 3,
  none: 4,
};

let threshold: LogLevel = 'warn';

/** Sets the lowest level that reaches the console. */
export function setLogLevel(level: LogLevel | number): void {
  if (typeof level === 'number') {
    // OpenTok.js numbers: 0 none, 1 error, 2 warn, 3 info, 4 log, 5 debug.
    const byNumber: LogLevel[] = ['none', 'error', 'warn', 'info', 'info'];
    threshold = byNumber[level] ?? 'debug';
    return;
  }
  if (!(level in rank)) {
    throw new TypeError(
      `log level "${String(level)}" is not debug, info, warn, error or none`,
    );
  }
  threshold = level;
}

/** Writes one record if `level` is at or above the threshold. */
export function log(
  level: Exclude<LogLevel, 'none'>,
  subsystem: string,
  message: string,
  context?: Record<string, unknown>,
): void {
  if (rank[level] < rank[threshold]) {
    return;
  }
  const line = `[sessioncore:${subsystem}] ${message}`;
  const write =
    level === 'debug'
      ? console.debug
      : level === 'info'
        ? console.info
        : level === 'warn'
          ? console.warn
          : console.error;
  if (context === undefined || Object.keys(context).length === 0) {
    write(line);
  } else {
    write(line, context);
  }
}
