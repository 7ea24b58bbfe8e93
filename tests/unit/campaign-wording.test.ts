// Outreach campaigns' pure rules: safe wording, SMS length, numbers in E.164 and the keyed hash.
import { describe, expect, it } from "vitest";
import {
  checkCampaignWording,
  LINK_PLACEHOLDER,
  previewCampaignText,
  suggestedTemplate,
  WORDING_RULES,
} from "~/domain/campaign-wording";
import { numberHash } from "~/domain/number-hash.server";
import { mobileE164, numbersInFile } from "~/domain/phone-numbers";
import { smsLength } from "~/domain/sms-length";
import { parseCsv } from "~/utils/csv-read.server";

const context = { senderNames: ["Northfirth Police", "Harbour Support"] };
const good = suggestedTemplate("Northfirth Police", "Harbour Support");
const rulesBroken = (template: string) => checkCampaignWording(template, context).map((p) => p.rule);

describe("safe wording of campaign texts", () => {
  it("the suggested wording keeps every rule", () => {
    expect(rulesBroken(good)).toEqual([]);
  });

  it("refuses a template mentioning drugs, and says why", () => {
    const problems = checkCampaignWording(good.replace("would like support", "would like support with drugs"), context);
    expect(problems.map((p) => p.rule)).toEqual(["no-drugs"]);
    expect(problems[0].message).toMatch(/mentions “drugs”.*someone else/);
    for (const word of ["cocaine", "Heroin", "your drug use", "addiction", "substance"])
      expect(rulesBroken(`${good} ${word}`), word).toContain("no-drugs");
  });

  it("refuses purchases and accusations", () => {
    expect(rulesBroken(`${good} You bought from this line.`)).toContain("no-purchases");
    expect(rulesBroken(`${good} As a customer of the line`)).toContain("no-purchases");
    expect(rulesBroken(`${good} You are suspected of an offence.`)).toEqual(expect.arrayContaining(["no-accusation"]));
    expect(rulesBroken(`${good} We know you were involved.`)).toContain("no-accusation");
  });

  it("requires who sent it, a neutral why, the link and how to stop", () => {
    expect(rulesBroken(good.replace("Northfirth Police", "us").replace("Harbour Support", "someone"))).toEqual([
      "says-who",
    ]);
    expect(rulesBroken(good.replace("during an investigation", "recently"))).toEqual(["says-why"]);
    expect(rulesBroken(good.replace(LINK_PLACEHOLDER, "our website"))).toEqual(["says-how-to-get-help"]);
    expect(rulesBroken(`${good} ${LINK_PLACEHOLDER}`)).toEqual(["says-how-to-get-help"]);
    expect(rulesBroken(good.replace("Reply STOP", "Ignore this"))).toEqual(["says-how-to-stop"]);
    expect(rulesBroken("")).toEqual(["empty"]);
  });

  it("refuses any field but the link: the text is the same for every number", () => {
    expect(rulesBroken(`${good} Hello ((name))`)).toEqual(["link-only-field"]);
  });

  it("refuses a text longer than Notify sends", () => {
    expect(rulesBroken(`${good} ${"Please. ".repeat(120)}`)).toEqual(["not-too-long"]);
  });

  it("every rule has a summary for the checklist and a unique id", () => {
    expect(new Set(WORDING_RULES.map((r) => r.id)).size).toBe(WORDING_RULES.length);
    for (const rule of WORDING_RULES) expect(rule.summary.length).toBeGreaterThan(10);
  });

  it("the preview is the exact text with the campaign's link, and its length in SMS", () => {
    const preview = previewCampaignText(good, "https://pathway.example/h/7KQ3", context);
    expect(preview.text).toContain("in confidence: https://pathway.example/h/7KQ3 Reply STOP");
    expect(preview.text).not.toContain(LINK_PLACEHOLDER);
    expect(preview.length).toMatchObject({ encoding: "GSM-7", fragments: 2 });
    expect(preview.problems).toEqual([]);
  });
});

describe("SMS length", () => {
  it("GSM-7: 160 in one, then parts of 153", () => {
    expect(smsLength("")).toMatchObject({ fragments: 0 });
    expect(smsLength("a".repeat(160))).toMatchObject({ encoding: "GSM-7", units: 160, fragments: 1 });
    expect(smsLength("a".repeat(161))).toMatchObject({ fragments: 2 });
    expect(smsLength("a".repeat(306))).toMatchObject({ fragments: 2 });
    expect(smsLength("a".repeat(307))).toMatchObject({ fragments: 3 });
  });

  it("extension characters take two places and never straddle parts", () => {
    expect(smsLength("€".repeat(80))).toMatchObject({ encoding: "GSM-7", units: 160, fragments: 1 });
    expect(smsLength("€".repeat(81))).toMatchObject({ units: 162, fragments: 2 });
    // 152 plain then a € (2): the € cannot split, so it opens the second part, which then overflows.
    expect(smsLength(`${"a".repeat(152)}€${"a".repeat(152)}`)).toMatchObject({ units: 306, fragments: 3 });
  });

  it("one character outside GSM-7 makes it UCS-2: 70 in one, then 67", () => {
    expect(smsLength(`${"a".repeat(69)}’`)).toMatchObject({ encoding: "UCS-2", fragments: 1, nonGsmCharacters: ["’"] });
    expect(smsLength(`${"a".repeat(70)}’`)).toMatchObject({ fragments: 2 });
    expect(smsLength("😀".repeat(35))).toMatchObject({ units: 70, fragments: 1 });
    // 134 units would be two parts of 67, but an emoji (two units) cannot be split across parts.
    expect(smsLength(`aa${"😀".repeat(66)}`)).toMatchObject({ units: 134, fragments: 3 });
  });
});

describe("numbers in a file", () => {
  it("normalises UK mobiles to E.164 however they are written", () => {
    for (const raw of [
      "07700 900123",
      "+44 7700 900123",
      "447700900123",
      "0044 7700 900123",
      "(07700) 900-123",
      "+44 (0)7700 900123",
    ])
      expect(mobileE164(raw), raw).toBe("+447700900123");
    expect(mobileE164("+33 6 12 34 56 78")).toBe("+33612345678");
  });

  it("refuses what a text cannot go to", () => {
    for (const raw of ["01632 960101", "07700 900", "070 1234 5678", "hello", "", "+44 7700 900123 900123 9"])
      expect(mobileE164(raw), raw).toBeNull();
  });

  it("reads TXT lines and a CSV's phone column", () => {
    const txt = parseCsv("07700900123\n\n+447700900124;07700900125\n");
    expect(txt.ok && numbersInFile(txt.rows)).toEqual([
      { line: 1, raw: "07700900123" },
      { line: 3, raw: "+447700900124" },
      { line: 3, raw: "07700900125" },
    ]);
    const csv = parseCsv("name,Mobile number\nx,07700 900126\ny,\n");
    expect(csv.ok && numbersInFile(csv.rows)).toEqual([{ line: 2, raw: "07700 900126" }]);
  });
});

describe("the keyed hash", () => {
  it("is stable, depends on the secret, and does not hold the number", () => {
    const a = numberHash("+447700900123", "a".repeat(32));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(numberHash("+447700900123", "a".repeat(32))).toBe(a);
    expect(numberHash("+447700900123", "b".repeat(32))).not.toBe(a);
    expect(a).not.toContain("7700900123");
  });
});
