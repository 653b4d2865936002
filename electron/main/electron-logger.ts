/**
 * The Electron app's `Logger`: electron-log's file (and, in development, console)
 * transport behind `createLogger`, so every line is redacted before electron-log sees it.
 *
 * `electron-log/node`, not `electron-log/main`: the latter registers an ipcMain channel
 * (`__ELECTRON_LOG__`) that would let a renderer write log lines past the sender check.
 */
import electronLog from 'electron-log/node';
import { createLogger, type Logger, type LogLevel } from '../services/logger';

export interface ElectronLoggerOptions {
  /** Absolute path of the log file (normally `<logs>/main.log`). */
  file: string;
  /** Echo lines to stdout/stderr (development). */
  console: boolean;
}

const MAX_LOG_BYTES = 5 * 1024 * 1024;

export function createElectronLogger(options: ElectronLoggerOptions): Logger {
  const backend = electronLog.create({ logId: 'complaints-desk' });
  backend.transports.file.resolvePathFn = () => options.file;
  backend.transports.file.maxSize = MAX_LOG_BYTES;
  // Lines arrive finished (timestamp, level, redacted text): write them as they are.
  backend.transports.file.format = '{text}';
  backend.transports.file.level = 'info';
  backend.transports.console.format = '{text}';
  backend.transports.console.level = options.console ? 'info' : false;
  const write: Record<LogLevel, (line: string) => void> = {
    info: (line) => backend.info(line),
    warn: (line) => backend.warn(line),
    error: (line) => backend.error(line),
  };
  return createLogger((level, line) => write[level](line));
}
