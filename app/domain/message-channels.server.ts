// The ways a message leaves Pathway: GOV.UK Notify (email and text), an organisation's own SMTP
// server (email), or the Outbox, which keeps the message for administrators to read and sends
// nothing. Which one is used follows the environment (app/utils/env.server.ts).
import nodemailer from "nodemailer";
import notifyClient from "notifications-node-client";
import type { Env } from "~/utils/env.server";
import type { Rendered } from "./message-templates";

export type OutgoingMessage = { id: string; channel: "email" | "sms"; recipient: string; rendered: Rendered };

export type SendResult =
  | { ok: true; providerId: string | null }
  | { ok: false; error: string; /** Trying again cannot help (a bad address, a refused key). */ permanent: boolean };

/** What a channel knows of a message it may have sent before a crash cut the record short. */
export type PastSend = { sent: true; providerId: string } | { sent: false } | { unknown: true };

export type Channel = {
  provider: "notify" | "smtp" | "outbox";
  send(message: OutgoingMessage): Promise<SendResult>;
  /** Looks the message up by our id; "unknown" when the channel cannot tell. */
  findPastSend(message: OutgoingMessage): Promise<PastSend>;
};

export type Channels = { email: Channel; sms: Channel };

function describeError(error: unknown): { error: string; status: number | null } {
  const response = (
    error as { response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } } }
  )?.response;
  if (response?.status) {
    const detail = response.data?.errors?.map((e) => `${e.error ?? ""}: ${e.message ?? ""}`).join("; ");
    return { error: `Notify answered ${response.status}${detail ? ` (${detail})` : ""}`, status: response.status };
  }
  return { error: error instanceof Error ? error.message : String(error), status: null };
}

export function notifyChannel(options: {
  apiKey: string;
  baseUrl?: string;
  emailTemplateId?: string;
  smsTemplateId?: string;
}): Partial<Channels> {
  const client = options.baseUrl
    ? new notifyClient.NotifyClient(options.baseUrl, options.apiKey)
    : new notifyClient.NotifyClient(options.apiKey);
  const make = (channel: "email" | "sms", templateId: string): Channel => ({
    provider: "notify",
    async send(message) {
      try {
        const personalisation =
          channel === "email"
            ? { subject: message.rendered.subject ?? "", body: message.rendered.body }
            : { body: message.rendered.body };
        const response =
          channel === "email"
            ? await client.sendEmail(templateId, message.recipient, { personalisation, reference: message.id })
            : await client.sendSms(templateId, message.recipient, { personalisation, reference: message.id });
        return { ok: true, providerId: response.data.id };
      } catch (error) {
        const { error: text, status } = describeError(error);
        // 400 and 403 say the request itself is wrong; 429 and 5xx pass, so they are tried again.
        return { ok: false, error: text, permanent: status === 400 || status === 403 };
      }
    },
    async findPastSend(message) {
      try {
        const response = await client.getNotifications(channel, undefined, message.id);
        const found = (response.data.notifications ?? []).find(
          (n: { reference?: string | null }) => n.reference === message.id,
        );
        return found ? { sent: true, providerId: found.id } : { sent: false };
      } catch {
        return { unknown: true };
      }
    },
  });
  return {
    ...(options.emailTemplateId ? { email: make("email", options.emailTemplateId) } : {}),
    ...(options.smsTemplateId ? { sms: make("sms", options.smsTemplateId) } : {}),
  };
}

export function smtpChannel(options: { url: string; from: string }): Channel {
  const transport = nodemailer.createTransport(options.url);
  return {
    provider: "smtp",
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.recipient,
          subject: message.rendered.subject ?? "Pathway",
          text: message.rendered.body,
          // Our id, so a receiving system or a person can tell a repeat from a new message.
          messageId: `<${message.id}@pathway>`,
        });
        return { ok: true, providerId: info.messageId ?? null };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx answers (unknown mailbox, refused sender) will not change on a retry.
        return {
          ok: false,
          error: error instanceof Error ? error.message : String(error),
          permanent: code !== undefined && code >= 500 && code < 600,
        };
      }
    },
    // SMTP cannot be asked what it already took.
    async findPastSend() {
      return { unknown: true };
    },
  };
}

/** Keeps the message: the Outbox page shows it; `npm run dev` prints it too. */
export function outboxChannel(log: ((line: string) => void) | null = null): Channel {
  return {
    provider: "outbox",
    async send(message) {
      log?.(
        [
          `── Outbox: ${message.channel === "email" ? "email" : "text message"} to ${message.recipient}`,
          ...(message.rendered.subject ? [`Subject: ${message.rendered.subject}`] : []),
          message.rendered.body,
          "──",
        ].join("\n"),
      );
      return { ok: true, providerId: null };
    },
    async findPastSend() {
      return { sent: false };
    },
  };
}

/** The channels the environment configures; the Outbox for whatever it does not. */
export function channelsFromEnv(
  env: Env,
  log: ((line: string) => void) | null = env.NODE_ENV === "development" ? console.log : null,
): Channels {
  const outbox = outboxChannel(log);
  const notify = env.NOTIFY_API_KEY
    ? notifyChannel({
        apiKey: env.NOTIFY_API_KEY,
        baseUrl: env.NOTIFY_BASE_URL,
        emailTemplateId: env.NOTIFY_EMAIL_TEMPLATE_ID,
        smsTemplateId: env.NOTIFY_SMS_TEMPLATE_ID,
      })
    : {};
  const smtp = env.SMTP_URL && env.MAIL_FROM ? smtpChannel({ url: env.SMTP_URL, from: env.MAIL_FROM }) : undefined;
  return { email: notify.email ?? smtp ?? outbox, sms: notify.sms ?? outbox };
}

/** Whether email really leaves Pathway (and so a password link need not be shown on screen). */
export function emailLeavesPathway(env: Env): boolean {
  return Boolean((env.NOTIFY_API_KEY && env.NOTIFY_EMAIL_TEMPLATE_ID) || (env.SMTP_URL && env.MAIL_FROM));
}

/** Whether texts really leave Pathway (GOV.UK Notify), or stay in the Outbox. */
export function smsLeavesPathway(env: Env): boolean {
  return Boolean(env.NOTIFY_API_KEY && env.NOTIFY_SMS_TEMPLATE_ID);
}
