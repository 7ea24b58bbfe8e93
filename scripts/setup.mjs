// Before `npm run dev`: dependencies, migrations and demo data.
import { ensureDependencies, run } from "./ensure.mjs";

ensureDependencies();
run("npx tsx db/seed.ts");
