// Vitest global setup: builds each template database once (tests/support/test-db.ts copies them
// for every test) and tells the test files where they are. Built templates are kept in the
// system's temporary folder under a hash of what makes them, so running one test file again
// does not seed the demo cases again; the date is part of the hash because the demo world's
// "last verified" dates are counted back from today.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildTemplate, TEMPLATES, type TemplateName } from "./templates";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    templateDirectory: string;
  }
}

const root = path.resolve(__dirname, "../..");
// What the templates are made from: migrations, the schema and seeds, and what the seeds import.
// The seeds import from the domain (names, kinds of service, consent wordings): all of it counts.
const inputs = ["drizzle", "db", "scripts/seed", "app/domain", "app/utils", "tests/support/templates.ts"];

function filesUnder(relative: string): string[] {
  const full = path.join(root, relative);
  if (!fs.statSync(full).isDirectory()) return [relative];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(path.join(relative, name)));
}

function inputsHash(): string {
  const hash = createHash("sha256").update(new Date().toISOString().slice(0, 10));
  for (const file of inputs.flatMap(filesUnder)) hash.update(file).update(fs.readFileSync(path.join(root, file)));
  return hash.digest("hex").slice(0, 16);
}

export default function setup(project: TestProject) {
  const directory = path.join(os.tmpdir(), "pathway-test-templates", inputsHash());
  fs.mkdirSync(directory, { recursive: true });
  for (const name of Object.keys(TEMPLATES) as TemplateName[]) {
    const file = path.join(directory, `${name}.db`);
    if (fs.existsSync(file)) continue;
    // Written under a name of its own and renamed: two runs at once never see half a file.
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, buildTemplate(name));
    fs.renameSync(partial, file);
  }
  project.provide("templateDirectory", directory);
}
