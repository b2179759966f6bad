/**
 * Configuration, parsed once. This is the only file that reads process.env; everything else receives a Config.
 * Precedence: command-line flags > environment > defaults.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const configSchema = z.object({
  /** postgres://… — when set, the PostgreSQL server is used instead of the embedded PGlite. */
  databaseUrl: z.string().url().optional(),
  /** Data folder of the embedded database. */
  dataDir: z.string().min(1),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  logLevel: z.enum(LOG_LEVELS),
  /** Largest request body in bytes. */
  bodyLimit: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024),
  /** Default region for phone numbers written without a country code. */
  phoneRegion: z.string().regex(/^[A-Z]{2}$/),
  /** Set the Secure flag on session cookies (behind HTTPS). */
  secureCookies: z.boolean(),
  sessionTtlHours: z.coerce.number().int().min(1).max(24 * 365),
  /** Origins allowed by CORS; empty means same-origin only. */
  corsOrigins: z.array(z.string().min(1)),
  /** Largest attachment upload in bytes (larger answers 413). */
  attachmentMaxBytes: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024),
  /** How often the outbox consumers (timeline…) poll for new events, in ms; 0 turns polling off. */
  eventPollMs: z.coerce.number().int().min(0).max(3_600_000),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigOverrides = Partial<Config>;

const bool = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());

/** Reads the environment (or a given env object, for tests) and applies overrides from CLI flags. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const candidate = {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.GUANXI_DATA_DIR ?? './data'),
    host: env.HOST ?? '0.0.0.0',
    port: env.PORT ?? 3000,
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimit: env.GUANXI_BODY_LIMIT ?? 1024 * 1024,
    phoneRegion: env.GUANXI_PHONE_REGION ?? 'CN',
    secureCookies: bool(env.GUANXI_SECURE_COOKIES) ?? false,
    sessionTtlHours: env.GUANXI_SESSION_TTL_HOURS ?? 24 * 14,
    attachmentMaxBytes: env.GUANXI_ATTACHMENT_MAX_BYTES ?? 20 * 1024 * 1024,
    eventPollMs: env.GUANXI_EVENT_POLL_MS ?? 1000,
    corsOrigins: (env.GUANXI_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)),
  };
  const parsed = configSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid configuration — ${problems}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) };
}
