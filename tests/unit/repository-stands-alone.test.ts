// A fresh clone must work with nothing beside it: no file in the repository may read or link to a
// path outside it (a sibling folder such as the design notes it was built from, or an absolute
// path on the machine it was written on).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const up = "." + "./";

/** Relative paths that climb out of the repository, and absolute paths into a work area. */
export function pathsLeavingRepository(file: string, text: string): string[] {
  const found: string[] = [];
  const directory = path.dirname(path.join(root, file));
  for (const match of text.matchAll(/(?:\.\.\/)+[^\s"'`)\]<>]*/g)) {
    const resolved = path.resolve(directory, match[0]);
    if (resolved !== root && !resolved.startsWith(root + path.sep)) found.push(match[0]);
  }
  for (const match of text.matchAll(/(?<![\w.])\/(?:work|home|Users|tmp)\/[^\s"'`)\]<>]+/g)) found.push(match[0]);
  return found;
}

function repositoryFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return listed
    .split("\0")
    .filter((file) => file && file !== "package-lock.json" && fs.existsSync(path.join(root, file)));
}

describe("the repository stands alone", () => {
  it("the check finds a path that climbs out of the repository, and lets one inside it pass", () => {
    expect(pathsLeavingRepository("README.md", `see ${up}shared/design/PRODUCT.md`)).toEqual([
      `${up}shared/design/PRODUCT.md`,
    ]);
    expect(
      pathsLeavingRepository("tests/unit/x.test.ts", `path.resolve(__dirname, "${up}${up}${up}shared/standards")`),
    ).toHaveLength(1);
    expect(
      pathsLeavingRepository("tests/unit/x.test.ts", `fs.readFileSync("/${"work"}/shared/standards/x.json")`),
    ).toHaveLength(1);
    expect(pathsLeavingRepository("tests/unit/x.test.ts", `path.resolve(__dirname, "${up}fixtures/hsds-3.0")`)).toEqual(
      [],
    );
    expect(pathsLeavingRepository("docs/product.md", `[a](${up}README.md)`)).toEqual([]);
  });

  it("no file in the repository reads or links outside it", () => {
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(root, file));
      if (bytes.includes(0)) continue; // binary (images, databases)
      for (const found of pathsLeavingRepository(file, bytes.toString("utf8"))) problems.push(`${file}: ${found}`);
    }
    expect(problems).toEqual([]);
  });
});
