// The request layer in front of every page's action: only forms get through; JSON, plain text,
// multipart without a boundary or that does not parse are answered 415 / 400 before any action
// could fail on them. (The running server is asked the same in e2e/security/web-layer.test.ts.)
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { formBodies, formRequestProblem, NOT_A_FORM, UNREADABLE_FORM } from "../../server/form-bodies.mjs";

const post = (contentType: string | undefined, length = 10) => ({
  method: "POST",
  path: "/worker/referrals/r1",
  headers: { ...(contentType === undefined ? {} : { "content-type": contentType }), "content-length": String(length) },
});

const GOOD_MULTIPART = '--x\r\nContent-Disposition: form-data; name="intent"\r\n\r\nclaim\r\n--x--\r\n';

/** One request through the middleware: its status and text, or that it went on (with the body kept). */
async function through(contentType: string, body: string) {
  const req = Object.assign(Readable.from([Buffer.from(body)]), {
    method: "POST",
    path: "/service/uploads",
    headers: { "content-type": contentType, "content-length": String(Buffer.byteLength(body)) },
  });
  const sent: { status?: number; text?: string; passed?: boolean } = {};
  const res = {
    locals: {} as Record<string, unknown>,
    status(code: number) {
      sent.status = code;
      return this;
    },
    type() {
      return this;
    },
    send(text: string) {
      sent.text = text;
    },
  };
  await formBodies()(req as never, res as never, () => (sent.passed = true));
  return { ...sent, kept: res.locals.formBody as Buffer | undefined };
}

describe("what reaches a page's action", () => {
  it("forms go on; anything else with a body is 415, multipart without a boundary 400", () => {
    expect(formRequestProblem(post("application/x-www-form-urlencoded"))).toBeNull();
    expect(formRequestProblem(post("application/x-www-form-urlencoded; charset=UTF-8"))).toBeNull();
    expect(formRequestProblem(post("multipart/form-data; boundary=----abc"))).toBeNull();
    expect(formRequestProblem(post('Multipart/Form-Data; boundary="quoted boundary"'))).toBeNull();
    for (const type of [
      "application/json",
      "text/plain",
      "application/xml",
      "",
      undefined,
      "application/x-www-form-urlencodedx",
    ]) {
      expect(formRequestProblem(post(type)), String(type)).toEqual({ status: 415, message: NOT_A_FORM });
    }
    for (const type of [
      "multipart/form-data",
      "multipart/form-data;",
      "multipart/form-data; charset=utf-8",
      "multipart/form-data; boundary=",
    ]) {
      expect(formRequestProblem(post(type)), type).toEqual({ status: 400, message: UNREADABLE_FORM });
    }
  });

  it("leaves alone reads, empty posts (keep-alive, sign-out) and the FHIR API's JSON", () => {
    expect(formRequestProblem({ method: "GET", path: "/worker/queue", headers: {} })).toBeNull();
    expect(formRequestProblem(post(undefined, 0))).toBeNull();
    expect(formRequestProblem({ ...post("application/json-patch+json"), path: "/api/fhir/Task/t1" })).toBeNull();
  });

  it("reads a multipart body once: a malformed one is 400, a good one goes on with the same bytes", async () => {
    for (const body of [
      "not multipart at all",
      "--x\r\nContent-Disposition: form-data\r\n\r\nno name and no end",
      "--y\r\n\r\n--y--",
    ]) {
      const got = await through("multipart/form-data; boundary=x", body);
      expect(got, JSON.stringify(body)).toMatchObject({ status: 400, text: UNREADABLE_FORM });
      expect(got.passed).toBeUndefined();
    }
    const good = await through("multipart/form-data; boundary=x", GOOD_MULTIPART);
    expect(good.passed).toBe(true);
    expect(good.kept?.toString()).toBe(GOOD_MULTIPART);
    expect(
      await (
        await new Request("http://localhost/", {
          method: "POST",
          headers: { "Content-Type": "multipart/form-data; boundary=x" },
          body: new Uint8Array(good.kept!),
        }).formData()
      ).get("intent"),
    ).toBe("claim");
  });
});
