// Pathway's HTTP app: Remix behind Express, with security headers, a CSP nonce per response
// and a same-origin check on every state-changing request. server/index.mjs starts it.
// The adapter's own request and response bridges (its index exports only the whole handler),
// so that a form body already read by formBodies can be handed on.
// First: it must load @remix-run/router before Remix does.
import "./memoise-route-matching.mjs";
import crypto from "node:crypto";
import fs from "node:fs";
import remixExpress from "@remix-run/express/dist/server.js";
import { createRequestHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { formBodies } from "./form-bodies.mjs";
import { createSignInRateLimit } from "./sign-in-rate-limit.mjs";

/**
 * A JSON answer (resource routes, the API) is read whole and sent with its length, so that
 * compression() leaves the small ones alone: without a length it starts a gzip stream for every
 * answer, which for a 50-byte session check costs more than the answer. Pages still stream.
 * @param {Response} response
 */
async function withLengthIfJson(response) {
  if (!response.body || !/^application\/(fhir\+)?json/.test(response.headers.get("Content-Type") ?? ""))
    return response;
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  headers.set("Content-Length", String(body.byteLength));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

// Each response's CSP nonce: 16 bytes from the system's random source, fetched 512 nonces at a
// time (one call costs more than all of a small answer's other headers); none is used twice.
let nonces = Buffer.alloc(0);
let nextAt = 0;
function nextNonce() {
  if (nextAt + 16 > nonces.length) {
    nonces = crypto.randomBytes(16 * 512);
    nextAt = 0;
  }
  nextAt += 16;
  return nonces.toString("base64", nextAt - 16, nextAt);
}

/** Largest request body accepted; pages have their own, smaller limits with their own messages. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * @param {{ build: unknown | (() => Promise<unknown>), env: import("../app/server/env.server").Env,
 *   buildDirectory: string, viteDevServer?: import("vite").ViteDevServer,
 *   signInAttempts?: import("./sign-in-rate-limit.mjs").AttemptStore }} options
 */
export function createHttpApp({ build, env, buildDirectory, viteDevServer, signInAttempts }) {
  const isProduction = env.NODE_ENV === "production";
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, TRUST_PROXY (e.g. "loopback" or "1") lets the client's own address
  // through, for the audit log and rate limiting; without it the connection's address is used.
  if (env.TRUST_PROXY) app.set("trust proxy", env.TRUST_PROXY);

  // Remix flushes after every streamed chunk; behind compression() each flush is a zlib flush
  // (14 for one queue page), which costs more CPU than the page. No page streams deferred data,
  // so the flush is dropped and each response is compressed as one stream.
  app.use(compression());
  app.use((_req, res, next) => {
    res.flush = () => {};
    next();
  });

  app.use((req, res, next) => {
    res.locals.cspNonce = nextNonce();
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
      res
        .status(413)
        .type("text/plain")
        .send(
          `This is larger than Pathway accepts (${MAX_BODY_BYTES / 1024 / 1024} MB). Split the file into smaller ones.`,
        );
      return;
    }
    next();
  });

  // Only forms reach the pages' actions: anything else is a 415 or 400 here, never a 500 there.
  app.use(formBodies());

  const signInRateLimit = createSignInRateLimit({
    maxFailures: env.SIGN_IN_MAX_FAILURES,
    maxAttempts: env.SIGN_IN_MAX_ATTEMPTS,
    store: signInAttempts,
  });
  app.use(signInRateLimit.middleware);

  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else {
    app.use(
      "/assets",
      express.static(`${buildDirectory}/client/assets`, { immutable: true, maxAge: "1y", fallthrough: false }),
    );
    // The few files at the top of public/ are listed once, so other requests never touch the disk.
    const client = `${buildDirectory}/client`;
    const topFiles = new Set(
      fs
        .readdirSync(client, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => `/${e.name}`),
    );
    const serveTopFile = express.static(client, { maxAge: "1h", index: false });
    app.use((req, res, next) => (topFiles.has(req.path) ? serveTopFile(req, res, next) : next()));
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
  const handleRemixRequest = createRequestHandler(build, env.NODE_ENV);
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
      await sendRemixResponse(res, await withLengthIfJson(await handleRemixRequest(request, loadContext)));
    } catch (error) {
      next(error);
    }
  });

  // Anything that escaped Remix (a malformed address, say): the log gets the details, the
  // browser a plain sentence.
  app.use((error, _req, res, _next) => {
    const status = typeof error?.status === "number" && error.status >= 400 && error.status < 600 ? error.status : 500;
    if (status >= 500) console.error(error);
    if (res.headersSent) return;
    res
      .status(status)
      .type("text/plain")
      .send(
        status >= 500 ? "Pathway could not answer this request. Try again." : "That request could not be understood.",
      );
  });

  return app;
}
