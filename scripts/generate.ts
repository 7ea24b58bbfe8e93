// `npm run generate -- --scale scotland-1y|uk-10y|small --seed N --out path.db [--now ISO] [--check]`
// Builds a database of realistic, deterministic history for performance work: the same scale,
// seed and "now" give the same database. Progress goes to stderr. See docs/performance.md.
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { generateDatabase } from "./generate/run";
import { SCALES, type ScaleName } from "./generate/world";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "small" },
    seed: { type: "string", default: "1" },
    out: { type: "string" },
    now: { type: "string" },
    check: { type: "boolean" },
    "no-check": { type: "boolean" },
  },
});

const args = z
  .object({
    scale: z.enum(Object.keys(SCALES) as [ScaleName, ...ScaleName[]]),
    seed: z.coerce.number().int().nonnegative(),
    out: z.string().min(1).optional(),
    now: z
      .string()
      .datetime()
      .optional()
      .transform((v) => {
        if (v) return new Date(v);
        // Midnight UTC today: the same command gives the same file all day.
        const today = new Date();
        today.setUTCHours(0, 0, 0, 0);
        return today;
      }),
  })
  .safeParse(values);

if (!args.success) {
  console.error(
    `npm run generate -- --scale ${Object.keys(SCALES).join("|")} --seed N --out path.db [--now 2026-11-23T00:00:00Z] [--check]`,
  );
  console.error(args.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n"));
  process.exit(1);
}

const { scale, seed, now } = args.data;
const out = path.resolve(args.data.out ?? `data/generated-${scale}-${seed}.db`);
// Checking walks every row: on by default except at the largest scale, where it takes minutes.
const check = values["no-check"] ? false : (values.check ?? scale !== "uk-10y");

console.error(
  `Generating ${scale} (${SCALES[scale].description}), seed ${seed}, up to ${now.toISOString()}, into ${out}`,
);
const started = Date.now();
const result = await generateDatabase({
  scale,
  seed,
  out,
  now,
  check,
  progress: (line) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`),
});

const width = Math.max(...Object.keys(result.rows).map((t) => t.length));
console.log(`\n${scale}, seed ${seed}, now ${now.toISOString()}: ${out}`);
for (const [table, n] of Object.entries(result.rows))
  console.log(`  ${table.padEnd(width)} ${n.toLocaleString("en-GB").padStart(12)}`);
console.log(
  `  referrals by a returning person: ${result.history.returning.toLocaleString("en-GB")} of ${result.history.referrals.toLocaleString("en-GB")}`,
);
console.log(`  people anonymised as past retention: ${result.anonymised.toLocaleString("en-GB")}`);
console.log(`  file: ${(result.bytes / 1e9).toFixed(2)} GB`);
const s = result.seconds;
const cpu = process.cpuUsage();
console.log(
  `  time: ${s.total.toFixed(1)} s (world ${s.world.toFixed(1)}, history ${s.history.toFixed(1)}, indexes ${s.indexes.toFixed(1)}, ` +
    `retention ${s.retention.toFixed(1)}, commissioner figures ${s.figures.toFixed(1)}, checks ${s.checks.toFixed(1)}); CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s over both threads`,
);
if (result.checks) {
  const c = result.checks;
  console.log(
    `  checks: integrity ${c.integrity}; foreign key problems ${c.foreignKeyProblems}; audit chain ${c.brokenAuditRow === null ? "intact" : `breaks at ${c.brokenAuditRow}`}`,
  );
  if (c.integrity !== "ok" || c.foreignKeyProblems || c.brokenAuditRow !== null) process.exit(1);
}
