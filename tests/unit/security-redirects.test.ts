// After signing in, Pathway goes only to its own pages: every usual open-redirect form in
// `redirectTo` goes home instead, and none of them is a server error.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { hashPassword } from "~/domain/passwords.server";
import { safeRedirectTo } from "~/server/auth.server";
import { createDemoWorldDb } from "../support/test-db";

const HOME = "/home";

/** Each of these, followed by a browser, would leave Pathway (or is not a path at all). */
const OUTSIDE = [
  "//evil.example/phish",
  "///evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "/\t/evil.example/phish",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "http://evil.example/",
  "https:evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " /evil",
  "evil.example",
  "/.//evil.example",
  "data:text/html,<script>alert(1)</script>",
  "",
];

describe("where signing in may lead", () => {
  it("refuses every path that would leave Pathway", () => {
    for (const value of OUTSIDE) expect(safeRedirectTo(value, HOME), JSON.stringify(value)).toBe(HOME);
    expect(safeRedirectTo(undefined, HOME)).toBe(HOME);
    expect(safeRedirectTo(["/worker/queue"], HOME)).toBe(HOME);
  });

  it("keeps Pathway's own pages, with their query and fragment, and never returns control characters", () => {
    expect(safeRedirectTo("/worker/queue", HOME)).toBe("/worker/queue");
    expect(safeRedirectTo("/commissioner?area=adp-northfirth-kelmoor&period=2026-q1#referral-rate", HOME)).toBe(
      "/commissioner?area=adp-northfirth-kelmoor&period=2026-q1#referral-rate",
    );
    // Encoded slashes stay encoded: the browser asks Pathway for that path, and stays.
    expect(safeRedirectTo("/%2F%2Fevil.example", HOME)).toBe("/%2F%2Fevil.example");
    expect(safeRedirectTo("/%5Cevil.example", HOME)).toBe("/%5Cevil.example");
    for (const value of ["/worker\n/queue", "/worker\t/queue", "/a\u0000b"])
      expect([...safeRedirectTo(value, HOME)].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
  });
});

describe("the sign-in form", () => {
  let db: Db;
  const context = { clientAddress: "127.0.0.1", cspNonce: "" };
  beforeAll(async () => {
    db = createDemoWorldDb(await hashPassword("correct horse battery"));
    globalThis.__pathwayDb = db;
  });
  afterAll(() => {
    globalThis.__pathwayDb = undefined;
  });

  async function signIn(redirectTo: string) {
    const { action } = await import("~/routes/sign-in");
    const body = new URLSearchParams({
      email: "commissioner@pathway.example",
      password: "correct horse battery",
      redirectTo,
    });
    const request = new Request("http://localhost/sign-in", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
      body,
    });
    try {
      return (await action({ request, params: {}, context } as never)) as unknown as Response;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  it("sends someone home for each outside target, a tab or newline included, and never answers 500", async () => {
    for (const value of [
      "/\t/evil.example/phish",
      "/\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      const response = await signIn(value);
      expect(response.status, JSON.stringify(value)).toBe(302);
      expect(response.headers.get("Location"), JSON.stringify(value)).toBe("/commissioner");
    }
    expect((await signIn("/commissioner/report")).headers.get("Location")).toBe("/commissioner/report");
  });
});
