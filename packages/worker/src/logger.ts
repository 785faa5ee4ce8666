/**
 * Where the worker writes what it does. Any logger with these four methods taking a message fits
 * (pino's, console); the default prints one line per message with the time and level.
 */
export interface WorkerLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Lines like `2026-11-23T22:28:47.160Z INFO  [worker] message`, warnings and errors on stderr. */
export function consoleLogger(name = 'atropos-worker', { debug = false }: { debug?: boolean } = {}): WorkerLogger {
  const line = (level: string, message: string) => `${new Date().toISOString()} ${level.padEnd(5)} [${name}] ${message}`;
  return {
    debug: (message) => {
      if (debug) console.log(line('DEBUG', message));
    },
    info: (message) => console.log(line('INFO', message)),
    warn: (message) => console.error(line('WARN', message)),
    error: (message) => console.error(line('ERROR', message)),
  };
}
