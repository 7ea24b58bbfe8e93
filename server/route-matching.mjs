// React Router's matchRoutes (which Remix calls two to four times a request) flattens and ranks
// the whole route tree and compiles a regular expression for each route it tries, on every
// call. The tree and the patterns do not change while the server runs, so this loads
// @remix-run/router with all three kept: the ranked branches once per routes array, each
// pattern's expression once, and the matches of each path (the last 2,000 paths; each caller
// gets its own copy of the matches and their params). memoise-route-matching.mjs does it, before anything loads the router
// (http-app.mjs imports it first). Should a new version of the router no longer read as expected, it is loaded as
// published and a warning says so (docs/decisions/027-statement-cache-and-route-matching.md).
import fs from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

const EDITS = [
  {
    from: "function matchRoutesImpl(routes, locationArg, basename, allowPartial) {\n",
    to:
      "function matchRoutesImpl(routes, locationArg, basename, allowPartial) {\n" +
      '  let location = typeof locationArg === "string" ? parsePath(locationArg) : locationArg;\n' +
      '  let key = (location.pathname || "/") + "\\u0000" + basename + "\\u0000" + allowPartial;\n' +
      "  let known = matchedPaths.get(routes);\n" +
      "  if (!known) matchedPaths.set(routes, (known = new Map()));\n" +
      "  if (!known.has(key)) {\n" +
      "    if (known.size >= 2000) known.clear();\n" +
      "    known.set(key, matchRoutesOnce(routes, locationArg, basename, allowPartial));\n" +
      "  }\n" +
      "  let matches = known.get(key);\n" +
      "  return matches && matches.map((m) => ({ ...m, params: { ...m.params } }));\n" +
      "}\n" +
      "function matchRoutesOnce(routes, locationArg, basename, allowPartial) {\n",
  },
  {
    from: "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n",
    to: "  let branches = rankedBranchesOf(routes);\n",
  },
  {
    from: "function compilePath(path, caseSensitive, end) {\n",
    to:
      "function compilePath(path, caseSensitive, end) {\n" +
      '  let key = path + "\\u0000" + caseSensitive + "\\u0000" + end;\n' +
      "  let known = compiledPaths.get(key);\n" +
      "  if (known) return known;\n" +
      "  if (compiledPaths.size >= 2000) compiledPaths.clear();\n" +
      "  known = compilePathOnce(path, caseSensitive, end);\n" +
      "  compiledPaths.set(key, known);\n" +
      "  return known;\n" +
      "}\n" +
      "function compilePathOnce(path, caseSensitive, end) {\n",
  },
];

// The server render (RemixServer) turns the same routes into data routes on every request, so the
// ranked branches above were never found again for them: the top-level conversion is kept too,
// per routes array (each caller still gets the routes' manifest filled in).
EDITS.push({
  from: "function convertRoutesToDataRoutes(routes, mapRouteProperties, parentPath, manifest) {\n",
  to:
    "function convertRoutesToDataRoutes(routes, mapRouteProperties, parentPath, manifest) {\n" +
    "  if (parentPath !== void 0 && parentPath.length) return convertRoutesToDataRoutesOnce(routes, mapRouteProperties, parentPath, manifest);\n" +
    "  let known = convertedRoutes.get(routes);\n" +
    "  if (!known || known.mapRouteProperties !== mapRouteProperties) {\n" +
    "    let filled = {};\n" +
    "    known = { mapRouteProperties, filled, dataRoutes: convertRoutesToDataRoutesOnce(routes, mapRouteProperties, [], filled) };\n" +
    "    convertedRoutes.set(routes, known);\n" +
    "  }\n" +
    "  if (manifest !== void 0) Object.assign(manifest, known.filled);\n" +
    "  return known.dataRoutes;\n" +
    "}\n" +
    "function convertRoutesToDataRoutesOnce(routes, mapRouteProperties, parentPath, manifest) {\n",
});

const ADDED = `
// Added by Pathway's server/route-matching.mjs.
const rankedBranches = new WeakMap();
function rankedBranchesOf(routes) {
  let branches = rankedBranches.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    rankedBranches.set(routes, branches);
  }
  return branches;
}
const compiledPaths = new Map();
const matchedPaths = new WeakMap();
const convertedRoutes = new WeakMap();
`;

/** The router's source with matching memoised, or null when it does not read as expected. */
export function memoisedRouterSource(source) {
  let edited = source;
  for (const edit of EDITS) {
    if (edited.split(edit.from).length !== 2) return null;
    edited = edited.replace(edit.from, edit.to);
  }
  return edited + ADDED;
}

// RemixServer builds its routes from the build's manifest on every request; the manifest and the
// route modules do not change while the server runs, so the routes are built once for them. Remix
// hands over the route modules in a new object on each request (createEntryRouteModules), so they
// are compared module by module, not as one object.
const SERVER_ROUTES_EDIT = {
  from: "exports.createServerRoutes = createServerRoutes;\n",
  to:
    "const serverRoutesBuilt = new WeakMap();\n" +
    "function sameRouteModules(a, b) {\n" +
    "  if (a === b) return true;\n" +
    "  let ids = Object.keys(a);\n" +
    "  if (ids.length !== Object.keys(b).length) return false;\n" +
    "  for (let id of ids) if (a[id] !== b[id]) return false;\n" +
    "  return true;\n" +
    "}\n" +
    "exports.createServerRoutes = function createServerRoutesOnce(manifest, routeModules, future, isSpaMode) {\n" +
    "  if (arguments.length > 4) return createServerRoutes.apply(this, arguments);\n" +
    "  let known = serverRoutesBuilt.get(manifest);\n" +
    "  if (!known || !sameRouteModules(known.routeModules, routeModules) || known.future !== future || known.isSpaMode !== isSpaMode) {\n" +
    "    known = { routeModules, future, isSpaMode, routes: createServerRoutes(manifest, routeModules, future, isSpaMode) };\n" +
    "    serverRoutesBuilt.set(manifest, known);\n" +
    "  }\n" +
    "  return known.routes;\n" +
    "};\n",
};

/** @remix-run/react's routes module with the server's routes built once, or null when it does not read as expected. */
export function memoisedServerRoutesSource(source) {
  if (source.split(SERVER_ROUTES_EDIT.from).length !== 2) return null;
  return source.replace(SERVER_ROUTES_EDIT.from, SERVER_ROUTES_EDIT.to);
}

/** Compiles CommonJS source as the module `file`, without registering it. */
export function compileModule(source, file) {
  const module = new Module(file, null);
  module.filename = file;
  module.paths = Module._nodeModulePaths(path.dirname(file));
  module._compile(source, file);
  module.loaded = true;
  return module;
}

/** Puts the memoised router and Remix's routes where require() finds them. Returns why not, or null when done. */
export function memoiseRouteMatching() {
  const file = require.resolve("@remix-run/router");
  if (require.cache[file]) return "@remix-run/router was already loaded";
  const source = memoisedRouterSource(fs.readFileSync(file, "utf8"));
  if (!source) return `${file} is not the version route-matching.mjs knows`;
  require.cache[file] = compileModule(source, file);
  const routesFile = path.join(path.dirname(require.resolve("@remix-run/react")), "routes.js");
  if (require.cache[routesFile]) return "@remix-run/react was already loaded";
  const routesSource = memoisedServerRoutesSource(fs.readFileSync(routesFile, "utf8"));
  if (!routesSource) return `${routesFile} is not the version route-matching.mjs knows`;
  require.cache[routesFile] = compileModule(routesSource, routesFile);
  return null;
}
