import { pino, stdSerializers, transport, type Logger, type LoggerOptions } from 'pino'
import { ConfigSchema } from './config.js'

/** The settings (from config.ts) that shape a log: where it goes, how large it may grow. */
export interface LogSettings {
  LOG_FILE: string
  LOG_FILE_MAX_BYTES: number
  LOG_FILE_KEEP: number
  LOG_VALUE_MAX_CHARS: number
}

/** For a caller that passes only some settings: the rest are the config's defaults, from the one schema. */
const DEFAULTS = Object.fromEntries((['LOG_FILE', 'LOG_FILE_MAX_BYTES', 'LOG_FILE_KEEP', 'LOG_VALUE_MAX_CHARS'] as const)
  .map((name) => [name, ConfigSchema.properties[name].default])) as unknown as LogSettings

/**
 * The API's and the worker's logger. Both are bounded: every string a log line takes from a
 * request or an error (a URL with a 15 KB query, a Host header, an error quoting learner output)
 * is cut to LOG_VALUE_MAX_CHARS, and with LOG_FILE the file is rotated at LOG_FILE_MAX_BYTES,
 * keeping LOG_FILE_KEEP files. Rotation is pino-roll, pino's own rotating transport: it runs in
 * pino's transport thread (file writes never block the event loop), rolls by size, deletes the
 * oldest files, and keeps current.log pointing at the file in use; no logrotate or cron needed.
 */
export function createLogger (level: string, name: string, settings: Partial<LogSettings> = {}): Logger {
  const s = { ...DEFAULTS, ...settings }
  const options = loggerOptions(level, name, s)
  if (s.LOG_FILE === '') return pino(options)
  return pino(options, transport({
    target: 'pino-roll',
    options: {
      file: s.LOG_FILE,
      size: `${s.LOG_FILE_MAX_BYTES}b`,
      extension: '.log',
      mkdir: true,
      symlink: true,
      // Synchronous writes (in the transport's thread, not the process's): pino-roll rolls on the
      // stream's 'drain', which asynchronous writes only emit once the stream goes idle, so under
      // a steady flood of requests the file would grow past its limit until the flood ends.
      sync: true,
      // removeOtherLogFiles: count the files of earlier runs too, so restarts cannot pile them up;
      // so counted, `count` is every file kept, the one in use included.
      limit: { count: s.LOG_FILE_KEEP, removeOtherLogFiles: true }
    }
  }))
}

/** pino's options with the caps on every value a line takes from a request or an error. */
function loggerOptions (level: string, name: string, settings: Partial<LogSettings> = {}): LoggerOptions {
  const max = settings.LOG_VALUE_MAX_CHARS ?? DEFAULTS.LOG_VALUE_MAX_CHARS
  return {
    level,
    name,
    serializers: {
      // Fastify's request fields, with the client's URL and Host header cut.
      req: (req: { method?: string, url?: string, host?: string, ip?: string, socket?: { remotePort?: number } }) => ({
        method: capString(String(req.method), 16),
        url: capString(String(req.url), max),
        host: req.host === undefined ? undefined : capString(req.host, Math.min(max, 256)),
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort
      }),
      err: (err: unknown) => capValue(err, max),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode })
    },
    formatters: {
      // Every other field is cut too (req, res and err go through their serializers after this).
      log: (object) => Object.fromEntries(Object.entries(object).map(([key, value]) =>
        [key, key === 'req' || key === 'res' || key === 'err' ? value : capValue(value, max)]))
    },
    hooks: {
      // The message and any format arguments.
      logMethod (args, method) {
        method.apply(this, args.map((a) => typeof a === 'string' ? capString(a, max) : a) as Parameters<typeof method>)
      }
    }
  }
}

/** A string of at most `max` characters (plus a note of how long it was), never splitting a surrogate pair. */
export function capString (text: string, max: number): string {
  if (text.length <= max) return text
  const end = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max
  return `${text.slice(0, end)}… [cut: ${text.length} characters]`
}

const MAX_ITEMS = 50
const MAX_DEPTH = 5

/** Strings cut, long arrays shortened, deep objects summarised: a bounded copy of what is logged. */
function capValue (value: unknown, max: number, depth = 0): unknown {
  if (typeof value === 'string') return capString(value, max)
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DEPTH) return '[nested too deep to log]'
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map((v) => capValue(v, max, depth + 1))
    return value.length > MAX_ITEMS ? [...kept, `… [cut: ${value.length} items]`] : kept
  }
  // pino's own serializer (message, stack, cause...), copied into a plain object to be cut.
  if (value instanceof Error) return capValue({ ...stdSerializers.err(value) }, max, depth)
  // Only plain objects are copied; anything else (a Date, a Buffer...) goes to pino as it is.
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) return value
  const entries = Object.entries(value)
  const kept = entries.slice(0, MAX_ITEMS).map(([k, v]) => [capString(k, 128), capValue(v, max, depth + 1)])
  if (entries.length > MAX_ITEMS) kept.push(['…', `[cut: ${entries.length} fields]`])
  return Object.fromEntries(kept)
}
