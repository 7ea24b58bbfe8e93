// `npx tsx scripts/common-passwords/build.ts [--from path/to/passwords.json]`
// Writes app/domain/common-passwords.ts from the two lists beside this script:
// - xato-zxcvbn-ts.txt: the entries of 12 or more characters of the common-password list in
//   @zxcvbn-ts/language-common (src/passwords.json, MIT licence, LICENSE-zxcvbn-ts.txt), which
//   zxcvbn-ts ranks from Mark Burnett's ten million passwords (xato.net, 2015): passwords seen
//   more than ten times, most frequent first, ASCII only, those a simple pattern already
//   guesses left out. With --from, this file is derived again from that package's
//   passwords.json (`cd /tmp && npm pack @zxcvbn-ts/language-common`, then extract it).
// - pathway.txt: the list decision 024 kept (local words crossed with years, digits and "!",
//   and 15 entries of the NCSC's PwnedPasswordsTop100k), less what the first list holds.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const MIN_LENGTH = 12;
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, "..", "..");
const xatoFile = path.join(here, "xato-zxcvbn-ts.txt");
const pathwayFile = path.join(here, "pathway.txt");

const { values } = parseArgs({ options: { from: { type: "string" } } });
const keep = (entries: string[]) => [
  ...new Set(entries.map((p) => p.trim().toLowerCase()).filter((p) => p.length >= MIN_LENGTH)),
];

if (values.from) {
  const published = JSON.parse(fs.readFileSync(values.from, "utf8")) as string[];
  if (!Array.isArray(published)) throw new Error(`${values.from} is not a list of passwords`);
  fs.writeFileSync(xatoFile, `${keep(published).join("\n")}\n`);
}
const read = (file: string) => keep(fs.readFileSync(file, "utf8").split("\n"));
const xato = read(xatoFile);
const named = new Set(xato);
const own = read(pathwayFile).filter((p) => !named.has(p));
fs.writeFileSync(pathwayFile, `${own.join("\n")}\n`);

const list = (entries: string[]) => entries.map((p) => `  ${JSON.stringify(p)},`).join("\n");
fs.writeFileSync(
  path.join(root, "app/domain/common-passwords.ts"),
  `// Common passwords refused when a password is set (see password-policy.ts and docs/security.md),
// lower-case, 12 or more characters only: a shorter password is refused for its length before
// this list is read, so a shorter entry could never match. Written by
// scripts/common-passwords/build.ts (do not edit by hand; docs/decisions/024-common-password-list.md).
// A module rather than a text file so that the server bundle, the scripts and the tests all read
// it the same way.

/**
 * The ${xato.length} entries of ${MIN_LENGTH}+ characters of the common-password list in @zxcvbn-ts/language-common
 * (MIT licence; scripts/common-passwords/LICENSE-zxcvbn-ts.txt), ranked by zxcvbn-ts from Mark
 * Burnett's ten million passwords (xato.net, 2015), most frequent first.
 */
const tenMillionPasswords: readonly string[] = [
${list(xato)}
];

/**
 * Pathway's own: local words (Scottish places and football clubs, NHS, police, custody, Pathway)
 * crossed with years, digits and "!", and 15 entries of the NCSC's PwnedPasswordsTop100k.
 */
const pathwayPasswords: readonly string[] = [
${list(own)}
];

export const commonPasswords: readonly string[] = [...tenMillionPasswords, ...pathwayPasswords];
`,
);
console.log(`common-passwords.ts: ${xato.length} from the ten million passwords list, ${own.length} of Pathway's own`);
