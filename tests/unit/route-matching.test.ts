// The server loads React Router with its route matching memoised (server/route-matching.mjs):
// the edit must apply to the installed version, and match exactly as the published code does.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileModule, memoisedRouterSource, memoisedServerRoutesSource } from "../../server/route-matching.mjs";

type Route = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route };
type Router = {
  matchRoutes: (routes: Route[], location: string) => Match[] | null;
  UNSAFE_convertRoutesToDataRoutes: (
    routes: Route[],
    mapRouteProperties: (route: Route) => object,
    parentPath?: string[],
    manifest?: Record<string, Route>,
  ) => Route[];
};

const file = createRequire(import.meta.url).resolve("@remix-run/router");
const published = fs.readFileSync(file, "utf8");
const original = compileModule(published, file).exports as Router;

// Shaped like Pathway's routes: a root layout, nested layouts, index routes, ids and a splat.
const routes: Route[] = [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "sign-in", path: "sign-in" },
      { id: "session-status", path: "session/status" },
      {
        id: "worker",
        path: "worker",
        children: [
          { id: "worker-queue", path: "queue" },
          { id: "worker-referral", path: "referrals/:referralId", children: [{ id: "worker-case", index: true }] },
          { id: "worker-referral-notes", path: "referrals/:referralId/notes" },
        ],
      },
      { id: "custody-centre", path: "custody/centres/:centreId" },
      { id: "fhir", path: "api/fhir/Task/:taskId?" },
      { id: "caseful", path: "Admin/Users", caseSensitive: true },
      { id: "splat", path: "*" },
    ],
  },
];

const segment = fc.constantFrom("worker", "queue", "referrals", "notes", "custody", "centres", "session", "status");
const paths = fc.oneof(
  fc.array(fc.oneof(segment, fc.stringMatching(/^[a-zA-Z0-9-]{1,8}$/)), { maxLength: 5 }).map((s) => `/${s.join("/")}`),
  fc.constantFrom("/", "/worker/queue/", "/WORKER/QUEUE", "/Admin/Users", "/admin/users", "/api/fhir/Task", "/a%20b"),
);

describe("memoised route matching", () => {
  it("applies to the installed @remix-run/router", () => {
    expect(memoisedRouterSource(published)).not.toBeNull();
  });

  it("matches every path exactly as the published router, call after call", () => {
    const memoised = compileModule(memoisedRouterSource(published)!, file).exports as Router;
    const shape = (matches: Match[] | null) =>
      matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase })) ?? null;
    fc.assert(
      fc.property(paths, (path) => {
        const expected = shape(original.matchRoutes(routes, path));
        expect(shape(memoised.matchRoutes(routes, path))).toEqual(expected);
        expect(shape(memoised.matchRoutes(routes, path))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it("gives each caller its own matches, so one that changes them changes nothing for the next", () => {
    const memoised = compileModule(memoisedRouterSource(published)!, file).exports as Router;
    const first = memoised.matchRoutes(routes, "/worker/referrals/R1")!;
    first[first.length - 1].params.referralId = "changed";
    first.pop();
    const again = memoised.matchRoutes(routes, "/worker/referrals/R1")!;
    expect(again.map((m) => m.route.id)).toEqual(["root", "worker", "worker-referral", "worker-case"]);
    expect(again[again.length - 1].params.referralId).toBe("R1");
  });

  it("loads the router as published when it does not read as expected", () => {
    expect(memoisedRouterSource(published.replace("rankRouteBranches(branches);", "rankBranches(branches);"))).toBe(
      null,
    );
  });

  it("turns the same routes into data routes once, and fills in each caller's manifest", () => {
    const memoised = compileModule(memoisedRouterSource(published)!, file).exports as Router;
    const withHandle = (route: Route) => ({ hasErrorBoundary: route.id === "root" });
    const expectedManifest: Record<string, Route> = {};
    const expected = original.UNSAFE_convertRoutesToDataRoutes(routes, withHandle, undefined, expectedManifest);
    const first: Record<string, Route> = {};
    const second: Record<string, Route> = {};
    const once = memoised.UNSAFE_convertRoutesToDataRoutes(routes, withHandle, undefined, first);
    const again = memoised.UNSAFE_convertRoutesToDataRoutes(routes, withHandle, undefined, second);
    expect(once).toEqual(expected);
    expect(again).toBe(once);
    expect(Object.keys(first).sort()).toEqual(Object.keys(expectedManifest).sort());
    expect(second).toEqual(first);
    expect(second.worker).toBe(once[0].children![3]);
    // Other routes, or another way of mapping them, are converted afresh.
    expect(memoised.UNSAFE_convertRoutesToDataRoutes([...routes], withHandle)).not.toBe(once);
    expect(memoised.UNSAFE_convertRoutesToDataRoutes(routes, () => ({}))).not.toBe(once);
  });
});

describe("server routes built once", () => {
  const routesFile = path.join(path.dirname(createRequire(import.meta.url).resolve("@remix-run/react")), "routes.js");
  const publishedRoutes = fs.readFileSync(routesFile, "utf8");
  type ServerRoutes = { createServerRoutes: (...args: unknown[]) => { id: string; children?: unknown[] }[] };
  const manifest = {
    root: { id: "root", path: "", hasLoader: true },
    "routes/worker.queue": { id: "routes/worker.queue", parentId: "root", path: "worker/queue", hasLoader: true },
    "routes/_index": { id: "routes/_index", parentId: "root", index: true, hasLoader: false },
  };
  const modules = {
    root: { default: () => null },
    "routes/worker.queue": { default: () => null },
    "routes/_index": {},
  };

  it("applies to the installed @remix-run/react", () => {
    expect(memoisedServerRoutesSource(publishedRoutes)).not.toBeNull();
    expect(
      memoisedServerRoutesSource(publishedRoutes.replace("exports.createServerRoutes", "exports.serverRoutes")),
    ).toBe(null);
  });

  it("builds the routes a manifest describes as published, and the same ones again for it", () => {
    const original = compileModule(publishedRoutes, routesFile).exports as ServerRoutes;
    const memoised = compileModule(memoisedServerRoutesSource(publishedRoutes)!, routesFile).exports as ServerRoutes;
    const future = {};
    const shape = (built: { id: string; children?: unknown[] }[]) => JSON.parse(JSON.stringify(built));
    const once = memoised.createServerRoutes(manifest, modules, future, false);
    expect(shape(once)).toEqual(shape(original.createServerRoutes(manifest, modules, future, false)));
    expect(memoised.createServerRoutes(manifest, modules, future, false)).toBe(once);
    expect(memoised.createServerRoutes({ ...manifest }, modules, future, false)).not.toBe(once);
    expect(memoised.createServerRoutes(manifest, { ...modules, "routes/_index": {} }, future, false)).not.toBe(once);
  });

  it("builds them once though Remix hands over the route modules in a new object on each request", () => {
    const memoised = compileModule(memoisedServerRoutesSource(publishedRoutes)!, routesFile).exports as ServerRoutes;
    // What Remix's server does for each request (@remix-run/server-runtime, createEntryRouteModules).
    const entry = createRequire(import.meta.url)("@remix-run/server-runtime/dist/entry.js") as {
      createEntryRouteModules: (routes: Record<string, { module: unknown }>) => Record<string, unknown>;
    };
    const buildRoutes = Object.fromEntries(
      Object.entries(modules).map(([id, module]) => [id, { ...manifest[id as keyof typeof manifest], module }]),
    );
    const future = {};
    const first = memoised.createServerRoutes(manifest, entry.createEntryRouteModules(buildRoutes), future, false);
    const second = memoised.createServerRoutes(manifest, entry.createEntryRouteModules(buildRoutes), future, false);
    expect(entry.createEntryRouteModules(buildRoutes)).not.toBe(entry.createEntryRouteModules(buildRoutes));
    expect(second).toBe(first);
    const changed = { ...buildRoutes, "routes/_index": { ...buildRoutes["routes/_index"], module: {} } };
    expect(memoised.createServerRoutes(manifest, entry.createEntryRouteModules(changed), future, false)).not.toBe(
      first,
    );
  });
});
