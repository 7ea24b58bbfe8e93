// Pathway's HTTP server: Remix behind Express, with security headers, a CSP nonce per
// response and a same-origin check on every state-changing request.
// The adapter's own request and response bridges (its index exports only the whole handler),
// so that a form body already read by formBodies can be handed on.
import remixExpress from "@remix-run/express/dist/server.js";
import { createRequestHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { formBodies } from "./form-bodies.mjs";
import { createSignInRateLimit } from "./sign-in-rate-limit.mjs";

const isProduction = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? (isProduction ? "0.0.0.0" : "127.0.0.1");

const buildDirectory = process.env.BUILD_DIR ?? "build";
/** Largest request body accepted; pages have their own, smaller limits with their own messages. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const viteDevServer = isProduction
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, TRUST_PROXY (e.g. "loopback" or "1") lets the client's own address
// through, for the audit log and rate limiting; without it the connection's address is used.
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use(compression());

app.use((req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (isProduction) {
    res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${res.locals.cspNonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
  }
  next();
});

// Cookies are SameSite=Lax and no GET changes anything, so refusing foreign origins on
// state-changing requests is enough against cross-site request forgery.
app.use((req, res, next) => {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method) || req.path.startsWith("/api/")) return next();
  const origin = req.get("origin");
  if (origin) {
    let originHost;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== req.get("host")) {
      res.status(403).type("text/plain").send("This request came from another site and was refused.");
      return;
    }
  }
  next();
});

// Bodies must say how large they are, and not be huge: refused before anything reads them.
app.use((req, res, next) => {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const length = req.get("content-length");
  if (length === undefined && req.get("transfer-encoding")) {
    res.status(411).type("text/plain").send("Send the request with a Content-Length.");
    return;
  }
  if (Number(length ?? 0) > MAX_BODY_BYTES) {
    res.setHeader("Connection", "close");
    res.status(413).type("text/plain").send(`This is larger than Pathway accepts (${MAX_BODY_BYTES / 1024 / 1024} MB). Split the file into smaller ones.`);
    return;
  }
  next();
});

// Only forms reach the pages' actions: anything else is a 415 or 400 here, never a 500 there.
app.use(formBodies());

// Tunable for a scan or a load test from one address; the defaults are what production wants.
const signInRateLimit = createSignInRateLimit({
  maxFailures: Number(process.env.SIGN_IN_MAX_FAILURES ?? 30),
  maxAttempts: Number(process.env.SIGN_IN_MAX_ATTEMPTS ?? 200),
});
app.use(signInRateLimit.middleware);

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", express.static(`${buildDirectory}/client/assets`, { immutable: true, maxAge: "1y" }));
  app.use(express.static(`${buildDirectory}/client`, { maxAge: "1h" }));
}

app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

app.get("/healthz", (_req, res) => {
  res.setHeader("Cache-Control", "no-store");
  res.type("text/plain").send("ok");
});

// Pages may hold personal data: nothing Remix answers is cached.
app.use((_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
});

const { createRemixRequest, sendRemixResponse } = remixExpress;
const handleRemixRequest = createRequestHandler(
  viteDevServer
    ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build")
    : await import(new URL(`../${buildDirectory}/server/index.js`, import.meta.url).href),
  process.env.NODE_ENV,
);

app.all("*", async (req, res, next) => {
  try {
    let request = createRemixRequest(req, res);
    // A multipart body already read and checked by formBodies goes on as it was read.
    if (res.locals.formBody) request = new Request(request, { body: res.locals.formBody, duplex: "half" });
    const loadContext = {
      clientAddress: req.ip ?? req.socket.remoteAddress ?? null,
      cspNonce: res.locals.cspNonce,
      signInRetryAfterSeconds: res.locals.signInRetryAfterSeconds ?? 0,
    };
    await sendRemixResponse(res, await handleRemixRequest(request, loadContext));
  } catch (error) {
    next(error);
  }
});

// Anything that escaped Remix (a malformed address, say): the log gets the details, the
// browser a plain sentence.
app.use((error, _req, res, _next) => {
  console.error(error);
  if (res.headersSent) return;
  const status = typeof error?.status === "number" && error.status >= 400 && error.status < 600 ? error.status : 500;
  res.status(status).type("text/plain").send(status >= 500 ? "Pathway could not answer this request. Try again." : "That request could not be understood.");
});

app.listen(port, host, () => {
  markDatabaseInUse();
  console.log(`Pathway is running at http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
});

// A note next to the database saying a server has it open, so that `npm run restore` can
// refuse to swap the file under a running server. A stale note (after a crash) is recognised
// by its process id no longer running.
function markDatabaseInUse() {
  const note = `${path.resolve(process.env.DATABASE_PATH ?? "data/pathway.db")}.server.json`;
  try {
    fs.mkdirSync(path.dirname(note), { recursive: true });
    fs.writeFileSync(note, JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }));
  } catch (error) {
    console.error("Could not note that the database is in use:", error);
    return;
  }
  const removeNote = () => {
    try {
      if (JSON.parse(fs.readFileSync(note, "utf8")).pid === process.pid) fs.rmSync(note);
    } catch {
      // Already gone.
    }
  };
  process.on("exit", removeNote);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      removeNote();
      process.exit(0);
    });
  }
}
