import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OUTCOME_EVENT_KINDS } from "#db/schema";
import { AUDIT_ACTION_LABELS, auditActionLabel, detailLines } from "~/domain/audit-labels";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe("the audit log in plain words", () => {
  it("every action Pathway writes has a label of its own", () => {
    const written = new Set<string>();
    for (const file of sourceFiles(path.resolve("app"))) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/recordAudit\([^;]*?action: ["`]([a-z0-9.-]+)["`]/gs)) written.add(m[1]);
    }
    // Actions built from a value: each value they can take.
    for (const kind of OUTCOME_EVENT_KINDS) written.add(`onward-referral.${kind}`);
    for (const event of ["claim", "release_claim", "person_released", "complete_assessment", "close", "reopen"])
      written.add(`referral.${event}`);
    for (const purpose of ["view", "download"]) written.add(`subject-access.${purpose}`);
    for (const result of ["accepted", "declined", "not_fit", "not_offered"]) written.add(`custody-offer.${result}`);
    written.add("user.invite-link");
    written.add("user.reset-link");
    expect(written.size).toBeGreaterThan(40);
    const unlabelled = [...written].filter((a) => !Object.hasOwn(AUDIT_ACTION_LABELS, a));
    expect(unlabelled).toEqual([]);
    expect(auditActionLabel("person.view")).toBe("Viewed a person's record");
    expect(auditActionLabel("onward-referral.did_not_attend")).toBe("Onward referral: did not attend");
    // A code from an older version still reads as words, never as a code.
    expect(auditActionLabel("thing.done-twice")).toBe("Thing done twice");
  });

  it("shows an event's detail as labelled values, not JSON", () => {
    expect(
      detailLines(
        '{"from":"accepted","to":"in-progress","source":"csv","sharedDomains":["drugs","housing"],"isUrgent":true}',
      ),
    ).toEqual([
      { label: "From", value: "Accepted by the service" },
      { label: "To", value: "Attending" },
      { label: "Reported through", value: "a spreadsheet upload" },
      { label: "Sections shared", value: "Drugs, Housing" },
      { label: "Is urgent", value: "yes" },
    ]);
    expect(detailLines({ scope: "speak_to_worker" })).toEqual([
      { label: "Consent", value: "To see an arrest referral worker" },
    ]);
    expect(detailLines("not json")).toEqual([{ label: "Detail", value: "not json" }]);
    expect(detailLines(null)).toEqual([]);
  });
});
