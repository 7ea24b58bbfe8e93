// Layers point one way: routes → server (request layer) → domain → db. app/utils holds pure
// helpers that import nothing of the app, and db/ depends on nothing above it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const tracked = execFileSync("git", ["ls-files", "app", "db"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.(ts|tsx)$/.test(f));

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

const rules: { layer: string; files: (f: string) => boolean; forbidden: RegExp }[] = [
  { layer: "app/utils", files: (f) => f.startsWith("app/utils/"), forbidden: /^(~\/(?!utils\/)|#db|#seed|\.\.\/)/ },
  { layer: "db", files: (f) => f.startsWith("db/"), forbidden: /^(~\/|#seed|\.\.\/)/ },
  {
    layer: "app/domain",
    files: (f) => f.startsWith("app/domain/"),
    forbidden: /^(~\/(server|routes|components)\/|#seed|@remix-run\/(react|express))/,
  },
  { layer: "app/server", files: (f) => f.startsWith("app/server/"), forbidden: /^(~\/(routes|components)\/|#seed)/ },
];

describe("layers point one way", () => {
  for (const rule of rules) {
    it(`${rule.layer} imports nothing from a layer above it`, () => {
      const files = tracked.filter(rule.files);
      expect(files.length).toBeGreaterThan(0);
      const offences = files.flatMap((file) =>
        importsOf(file)
          .filter((spec) => rule.forbidden.test(spec))
          .map((spec) => `${file} imports ${spec}`),
      );
      expect(offences).toEqual([]);
    });
  }

  it("opening the database starts no background work", () => {
    const text = fs.readFileSync("app/server/db.server.ts", "utf8");
    expect(text).not.toMatch(/scheduleMaintenance|startFiguresThread/);
  });
});
