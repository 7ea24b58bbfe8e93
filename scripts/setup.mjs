// Before `npm run dev`: dependencies, migrations and demo data.
import { ensureDependencies, run } from "./ensure.mjs";

ensureDependencies();
run("npx tsx scripts/seed/seed.ts");
