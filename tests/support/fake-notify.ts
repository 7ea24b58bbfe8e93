// A stand-in for GOV.UK Notify's API, run inside the test process: it answers the endpoints
// notifications-node-client calls (send an email, send a text, list notifications by
// reference), checks the JWT each request carries as Notify does (HS256, signed with the
// secret half of the API key, `iss` the service id, `iat` recent), and records every request.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeNotifyRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
  authorised: boolean;
};

export type FakeNotification = {
  id: string;
  reference: string | null;
  type: "email" | "sms";
  template_id: string;
  email_address?: string;
  phone_number?: string;
  personalisation: Record<string, string>;
  status: string;
  created_at: string;
};

export type FakeNotify = {
  baseUrl: string;
  /** An API key in Notify's format for this fake: name-<service id>-<secret>. */
  apiKey: string;
  serviceId: string;
  requests: FakeNotifyRequest[];
  /** Notifications it accepted, in order. */
  notifications: FakeNotification[];
  /** The next `times` sending requests are answered with `status` (500, 429, 400…). */
  failNext(status: number, times?: number): void;
  sent(type?: "email" | "sms"): FakeNotification[];
  close(): Promise<void>;
};

const base64url = (input: Buffer | string) => Buffer.from(input).toString("base64url");

/** Checks a Notify JWT: HS256 over header.payload with the key's secret; iss is the service id. */
export function verifyNotifyToken(
  token: string,
  serviceId: string,
  secret: string,
  nowSeconds = Math.round(Date.now() / 1000),
): boolean {
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts;
  let decodedHeader: { alg?: string; typ?: string };
  let claims: { iss?: string; iat?: number };
  try {
    decodedHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return false;
  }
  if (decodedHeader.alg !== "HS256") return false;
  const expected = Buffer.from(base64url(createHmac("sha256", secret).update(`${header}.${payload}`).digest()));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  if (claims.iss !== serviceId) return false;
  // Notify refuses tokens issued more than 30 seconds away from its clock.
  return typeof claims.iat === "number" && Math.abs(nowSeconds - claims.iat) <= 30;
}

export async function startFakeNotify(options: { port?: number } = {}): Promise<FakeNotify> {
  const serviceId = randomUUID();
  const secret = randomUUID();
  const requests: FakeNotifyRequest[] = [];
  const notifications: FakeNotification[] = [];
  const failures: number[] = [];

  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const error = (res: http.ServerResponse, status: number, name: string, message: string) =>
    answer(res, status, { status_code: status, errors: [{ error: name, message }] });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake-notify");
      let body: Record<string, unknown> | null = null;
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          return error(res, 400, "BadRequestError", "Invalid JSON");
        }
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const authorised = bearer !== undefined && verifyNotifyToken(bearer, serviceId, secret);
      requests.push({
        method: req.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        authorised,
      });
      if (!authorised) return error(res, 403, "AuthError", "Invalid token: API key not found");

      const type =
        url.pathname === "/v2/notifications/email" ? "email" : url.pathname === "/v2/notifications/sms" ? "sms" : null;
      if (req.method === "POST" && type) {
        const failure = failures.shift();
        if (failure)
          return error(res, failure, failure >= 500 ? "Exception" : "BadRequestError", "The fake was told to fail");
        const to = type === "email" ? body?.email_address : body?.phone_number;
        if (typeof body?.template_id !== "string" || typeof to !== "string" || !to) {
          return error(
            res,
            400,
            "ValidationError",
            `${type === "email" ? "email_address" : "phone_number"} and template_id are required`,
          );
        }
        const notification: FakeNotification = {
          id: randomUUID(),
          reference: typeof body.reference === "string" ? body.reference : null,
          type,
          template_id: body.template_id,
          ...(type === "email" ? { email_address: to } : { phone_number: to }),
          personalisation: (body.personalisation as Record<string, string>) ?? {},
          status: "created",
          created_at: new Date().toISOString(),
        };
        notifications.push(notification);
        const content =
          type === "email"
            ? {
                subject: notification.personalisation.subject ?? "",
                body: notification.personalisation.body ?? "",
                from_email: "pathway@notifications.service.gov.uk",
              }
            : { body: notification.personalisation.body ?? "", from_number: "GOVUK" };
        return answer(res, 201, {
          id: notification.id,
          reference: notification.reference,
          content,
          uri: `${baseUrl}/v2/notifications/${notification.id}`,
          template: {
            id: notification.template_id,
            version: 1,
            uri: `${baseUrl}/v2/template/${notification.template_id}`,
          },
        });
      }
      if (req.method === "GET" && url.pathname === "/v2/notifications") {
        const reference = url.searchParams.get("reference");
        const templateType = url.searchParams.get("template_type");
        const found = notifications.filter(
          (n) => (!reference || n.reference === reference) && (!templateType || n.type === templateType),
        );
        return answer(res, 200, {
          notifications: [...found].reverse(),
          links: { current: `${baseUrl}/v2/notifications` },
        });
      }
      return error(res, 404, "NotFound", "Not found");
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    apiKey: `pathway_test-${serviceId}-${secret}`,
    serviceId,
    requests,
    notifications,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    sent(type) {
      return notifications.filter((n) => !type || n.type === type);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
