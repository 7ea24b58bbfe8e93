// No personal data in URLs or browser storage. URLs end up in browser history, server and
// proxy logs and Referer headers, so a search by a person's name or date of birth must be
// sent in a POST body; ids in paths are opaque. Read from the route modules' own source.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Fields that identify a person (or a member of staff) and must never travel in a URL. */
const PERSONAL_FIELDS = [
  "givenName",
  "familyName",
  "name",
  "dateOfBirth",
  "policeIdentifier",
  "healthIdentifier",
  "phone",
  "email",
  "custodyReference",
  "address",
  "postcode",
];

/**
 * Known places that still do, each to be changed by the page's owner; listed so that a new
 * one fails at once, and an entry that is fixed must be taken off.
 */
const KNOWN_TO_FIX: Record<string, string[]> = {
  "admin.subject-access._index.tsx": ["givenName", "familyName", "dateOfBirth"],
};

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });

/** The field names inside each <Form method="get"> … </Form> of a source file. */
function getFormFields(source: string): string[] {
  const fields: string[] = [];
  for (const form of source.matchAll(/<Form\b[^>]*method="get"[\s\S]*?<\/Form>/g)) {
    for (const name of form[0].matchAll(/\bname="([^"]+)"/g)) fields.push(name[1]);
  }
  return fields;
}

/** Names read from the URL's query string. */
function queryFields(source: string): string[] {
  return [...source.matchAll(/searchParams\.(?:get|getAll|has)\(\s*"([^"]+)"/g)].map((m) => m[1]);
}

describe("personal data stays out of URLs and browser storage", () => {
  const routes = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.(ts|tsx)$/.test(f));

  for (const file of routes) {
    it(`${file} puts no personal field in a URL`, () => {
      const source = fs.readFileSync(path.resolve("app/routes", file), "utf8");
      const inUrls = [...new Set([...getFormFields(source), ...queryFields(source)])].filter((f) =>
        PERSONAL_FIELDS.includes(f),
      );
      expect(inUrls.sort()).toEqual((KNOWN_TO_FIX[file] ?? []).sort());
    });
  }

  it("no code in the app uses browser storage", () => {
    const offenders = sourceFiles(path.resolve("app")).filter((file) =>
      /\b(localStorage|sessionStorage|indexedDB)\b/.test(fs.readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("finds a GET form's fields (so that the checks above can fail)", () => {
    const source = `<Form method="get"><TextField name="familyName" /><input name="page" /></Form><Form method="post"><input name="dateOfBirth" /></Form>`;
    expect(getFormFields(source)).toEqual(["familyName", "page"]);
    expect(queryFields(`url.searchParams.get("dateOfBirth")`)).toEqual(["dateOfBirth"]);
  });
});
