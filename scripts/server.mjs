// Pathway's HTTP server: Remix behind Express, with security headers, a CSP nonce per
// response and a same-origin check on every state-changing request.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import crypto from "node:crypto";

const isProduction = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? (isProduction ? "0.0.0.0" : "127.0.0.1");

const buildDirectory = process.env.BUILD_DIR ?? "build";

const viteDevServer = isProduction
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

const app = express();
app.disable("x-powered-by");
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

app.all(
  "*",
  createRequestHandler({
    build: viteDevServer
      ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build")
      : await import(new URL(`../${buildDirectory}/server/index.js`, import.meta.url).href),
    getLoadContext: (req, res) => ({
      clientAddress: req.socket.remoteAddress ?? null,
      cspNonce: res.locals.cspNonce,
    }),
  }),
);

app.listen(port, host, () => {
  console.log(`Pathway is running at http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
});
