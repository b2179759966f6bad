/**
 * Configuration, parsed once. This is the only file that reads process.env; everything else receives a Config.
 * Precedence: command-line flags > environment > defaults.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Whether Intl knows the IANA time zone (it throws a RangeError for an unknown one). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

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
  /** Largest people file uploaded for import in bytes (streamed to disk, so it may be large; larger answers 413). */
  importMaxBytes: z.coerce.number().int().min(1024).max(64 * 1024 * 1024 * 1024),
  /** The analytics store (DuckDB file); empty keeps it in memory (tests). Default <dataDir>/analytics.duckdb. */
  analyticsPath: z.string(),
  /** How often the analytics store follows the outbox, in ms; 0 turns polling off. */
  analyticsPollMs: z.coerce.number().int().min(0).max(3_600_000),
  /** Monthly discount rate for lifetime values (0.01 = 1 % a month). */
  analyticsDiscountRate: z.coerce.number().min(0).max(1),
  /** Currency of the analytics money figures (ISO 4217); order lines in other currencies are left out of them and counted. */
  analyticsCurrency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code such as CNY'),
  /** DuckDB's memory limit for the analytics store (such as 4GB); '' leaves DuckDB's own default, 80 % of RAM. */
  analyticsMemoryLimit: z.string().regex(/^$|^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'a size such as 4GB or 512MiB, or empty for DuckDB\'s default'),
  /** Time zone whose "today" live analytics figures are as of (IANA name). */
  analyticsTimeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai'),
  /** How often the outbox consumers (timeline…) poll for new events, in ms; 0 turns polling off. */
  eventPollMs: z.coerce.number().int().min(0).max(3_600_000),
  /** File the server appends audit-chain anchors to (outside the database); empty turns it off. */
  auditAnchorFile: z.string(),
  /** Key (32 bytes, base64) that encrypts stored secrets such as TOTP seeds; without it, <dataDir>/secret.key is used. */
  secretKey: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
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
    importMaxBytes: env.GUANXI_IMPORT_MAX_BYTES ?? 1024 * 1024 * 1024,
    // Beside the data folder actually chosen (a --data flag included), unless configured.
    analyticsPath: env.GUANXI_ANALYTICS_PATH ?? resolve(overrides.dataDir ?? env.GUANXI_DATA_DIR ?? './data', 'analytics.duckdb'),
    analyticsPollMs: env.GUANXI_ANALYTICS_POLL_MS ?? 5000,
    analyticsDiscountRate: env.GUANXI_ANALYTICS_DISCOUNT_RATE ?? 0.01,
    analyticsCurrency: env.GUANXI_ANALYTICS_CURRENCY ?? 'CNY',
    analyticsTimeZone: env.GUANXI_ANALYTICS_TIME_ZONE ?? 'Asia/Shanghai',
    analyticsMemoryLimit: env.GUANXI_ANALYTICS_MEMORY_LIMIT ?? '',
    eventPollMs: env.GUANXI_EVENT_POLL_MS ?? 1000,
    secretKey: env.GUANXI_SECRET_KEY || undefined,
    auditAnchorFile: env.GUANXI_AUDIT_ANCHOR_FILE as string | undefined,
    corsOrigins: (env.GUANXI_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)),
  };
  // Beside the data folder actually chosen (a --data flag included), unless configured.
  candidate.auditAnchorFile ??= join(String(candidate.dataDir), 'audit-anchors.log');
  const parsed = configSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid configuration — ${problems}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) };
}
