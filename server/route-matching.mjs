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

/** Compiles CommonJS source as the module `file`, without registering it. */
export function compileModule(source, file) {
  const module = new Module(file, null);
  module.filename = file;
  module.paths = Module._nodeModulePaths(path.dirname(file));
  module._compile(source, file);
  module.loaded = true;
  return module;
}

/** Puts the memoised router where require() finds it. Returns why not, or null when done. */
export function memoiseRouteMatching() {
  const file = require.resolve("@remix-run/router");
  if (require.cache[file]) return "@remix-run/router was already loaded";
  const source = memoisedRouterSource(fs.readFileSync(file, "utf8"));
  if (!source) return `${file} is not the version route-matching.mjs knows`;
  require.cache[file] = compileModule(source, file);
  return null;
}
