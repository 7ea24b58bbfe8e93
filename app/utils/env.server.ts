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
  })
  .superRefine((env, ctx) => {
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

export function env(): Env {
  if (parsed) return parsed;
  const result = envSchema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Pathway cannot start: the environment is not right.\n${problems}`);
  }
  parsed = result.data;
  return parsed;
}

export const isProduction = () => env().NODE_ENV === "production";

export function sessionSecret(): string {
  // Outside production a fixed development secret keeps sign-ins across restarts.
  return env().SESSION_SECRET ?? "pathway-development-secret-not-for-production-use";
}
