// Environment variables, parsed once at start-up: the app refuses to start when one is wrong.
import { z } from "zod";

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_PATH: z.string().min(1).default("data/pathway.db"),
    SESSION_SECRET: z.string().optional(),
    PORT: z.coerce.number().int().positive().default(3000),
    /** Where the server listens; all interfaces in production, this machine only otherwise. */
    HOST: z.string().min(1).optional(),
    /** Server processes, one per core by default (production only; development runs one). */
    PATHWAY_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    /** Express's "trust proxy" setting, for a reverse proxy in front (e.g. "loopback" or "1"). */
    TRUST_PROXY: z.string().optional(),
    SIGN_IN_MAX_FAILURES: z.coerce.number().int().positive().default(30),
    SIGN_IN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(200),
    // Messages (docs in README "Email and text messages"). With none of these, every message is
    // held in the Outbox for administrators to see.
    /** The address links in messages start with, e.g. https://pathway.example.org */
    PUBLIC_URL: z.string().url().optional(),
    /** GOV.UK Notify: key-name-<service id>-<secret>, as Notify shows it. */
    NOTIFY_API_KEY: z
      .string()
      .regex(
        /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        "must be a GOV.UK Notify API key: its name, the service id and the secret, joined by hyphens",
      )
      .optional(),
    /** Only to point the Notify client elsewhere (a test's fake Notify); Notify's own by default. */
    NOTIFY_BASE_URL: z.string().url().optional(),
    /** Notify templates that show ((subject)) and ((body)), and ((body)) for texts. */
    NOTIFY_EMAIL_TEMPLATE_ID: z.string().uuid().optional(),
    NOTIFY_SMS_TEMPLATE_ID: z.string().uuid().optional(),
    /** The bearer token Notify sends with delivery receipts (set in Notify's callback settings). */
    NOTIFY_CALLBACK_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
    /** smtp://user:password@host:port or smtps://…, for email through an organisation's own server. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
      .optional(),
    MAIL_FROM: z.string().min(3).optional(),
    /**
     * The key of the hash kept instead of a campaign's phone numbers once they are erased (for
     * opt-outs and the 90-day rule). Set once and never change it: old hashes would stop matching.
     */
    NUMBER_HASH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NOTIFY_API_KEY && !env.NOTIFY_EMAIL_TEMPLATE_ID && !env.NOTIFY_SMS_TEMPLATE_ID) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["NOTIFY_EMAIL_TEMPLATE_ID"],
        message: "set NOTIFY_EMAIL_TEMPLATE_ID or NOTIFY_SMS_TEMPLATE_ID (or both) with NOTIFY_API_KEY",
      });
    }
    if (env.SMTP_URL && !env.MAIL_FROM) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["MAIL_FROM"],
        message: "must be set with SMTP_URL, e.g. Pathway <pathway@example.org>",
      });
    }
    if (env.NODE_ENV === "production" && (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["SESSION_SECRET"],
        message: "must be set to a random string of at least 32 characters in production",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** The environment as the HTTP server needs it: with the listening address and process count. */
export function serverEnv(cores: number) {
  const e = env();
  const isProduction = e.NODE_ENV === "production";
  return {
    ...e,
    HOST: e.HOST ?? (isProduction ? "0.0.0.0" : "127.0.0.1"),
    PATHWAY_WORKERS: isProduction ? (e.PATHWAY_WORKERS ?? cores) : 1,
  };
}

let parsed: Env | undefined;

/** Parses an environment without keeping it: for the message job and tests with their own. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Pathway cannot start: the environment is not right.\n${problems}`);
  }
  return result.data;
}

export function env(): Env {
  if (parsed) return parsed;
  parsed = parseEnv(process.env);
  return parsed;
}

export const isProduction = () => env().NODE_ENV === "production";

export function sessionSecret(): string {
  // Outside production a fixed development secret keeps sign-ins across restarts.
  return env().SESSION_SECRET ?? "pathway-development-secret-not-for-production-use";
}
