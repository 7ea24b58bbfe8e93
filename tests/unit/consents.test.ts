import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { activeShareConsent, currentConsentWording, hasActiveConsent, insertConsent } from "~/domain/consents.server";
import { createDemoWorldDb } from "../support/test-db";

describe("consents live in one module", () => {
  it("no other module reads or writes the consents table", () => {
    const outside: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && !/consents(\.server)?\.ts$/.test(entry.name)) {
          const source = fs.readFileSync(file, "utf8");
          // A lookup or write of live consents: insert, or a where on scope / withdrawal.
          if (/insert\(consents\)|eq\(consents\.scope|isNull\(consents\.withdrawnAt\)/.test(source))
            outside.push(path.relative(process.cwd(), file));
        }
      }
    };
    walk(path.resolve("app"));
    expect(outside).toEqual([]);
  });

  it("a consent written without a wording points at the current one, and counts as in force", () => {
    const db = createDemoWorldDb();
    const id = "person-consent-test";
    db.$client
      .prepare(
        "INSERT INTO people (id, given_name, family_name, date_of_birth, given_name_key, family_name_key) VALUES (?, 'Ann', 'Example', '1990-01-01', 'ann', 'example')",
      )
      .run(id);
    expect(hasActiveConsent(db, id, "share_assessment_with_service")).toBe(false);
    const consentId = insertConsent(db, {
      personId: id,
      scope: "share_assessment_with_service",
      method: "verbal",
      recordedByUserId: "user-admin",
      recordedAt: new Date().toISOString(),
    });
    expect(hasActiveConsent(db, id, "share_assessment_with_service")).toBe(true);
    expect(activeShareConsent(db, consentId)?.wordingId).toBe(
      currentConsentWording(db, "share_assessment_with_service")!.id,
    );
    db.$client.prepare("UPDATE consents SET withdrawn_at = ? WHERE id = ?").run(new Date().toISOString(), consentId);
    expect(activeShareConsent(db, consentId)).toBeUndefined();
    expect(hasActiveConsent(db, id, "share_assessment_with_service")).toBe(false);
  });
});
