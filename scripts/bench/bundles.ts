// JavaScript a page sends to the browser, from the client build's Remix manifest: the entry
// module, the root route and every route on the way down to the page, each with the chunks it
// imports, counted once and gzipped as the server's compression middleware sends them.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

type ManifestRoute = {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  module: string;
  imports?: string[];
};
type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, ManifestRoute> };

export type PageBundle = { route: string; url: string; files: number; rawBytes: number; gzipBytes: number };

export function readManifest(buildDir: string): Manifest {
  const assets = path.join(buildDir, "client", "assets");
  const file = fs.readdirSync(assets).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error(`No Remix manifest in ${assets}`);
  const text = fs.readFileSync(path.join(assets, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as Manifest;
}

/** Every route that renders a page (not resource routes without a component), largest first. */
export function pageBundles(buildDir: string): PageBundle[] {
  const manifest = readManifest(buildDir);
  const client = path.join(buildDir, "client");
  const gzipped = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (url: string) => {
    let size = gzipped.get(url);
    if (!size) {
      const bytes = fs.readFileSync(path.join(client, url));
      size = { raw: bytes.length, gzip: gzipSync(bytes).length };
      gzipped.set(url, size);
    }
    return size;
  };
  const urlOf = (route: ManifestRoute): string => {
    const parent = route.parentId ? manifest.routes[route.parentId] : undefined;
    const own = route.path ?? "";
    const above = parent ? urlOf(parent) : "";
    return `${above.replace(/\/$/, "")}/${own}`.replace(/\/+/g, "/");
  };
  const bundles: PageBundle[] = [];
  for (const route of Object.values(manifest.routes)) {
    if (route.id === "root") continue;
    const chain: ManifestRoute[] = [];
    for (let r: ManifestRoute | undefined = route; r; r = r.parentId ? manifest.routes[r.parentId] : undefined)
      chain.unshift(r);
    const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
    for (const r of chain) for (const f of [r.module, ...(r.imports ?? [])]) files.add(f);
    // A resource route (CSV, FHIR, a download) ships a module with no code at all.
    if (sizeOf(route.module).raw < 100 && !(route.imports ?? []).length) continue;
    let rawBytes = 0;
    let gzipBytes = 0;
    for (const f of files) {
      const s = sizeOf(f);
      rawBytes += s.raw;
      gzipBytes += s.gzip;
    }
    bundles.push({ route: route.id, url: urlOf(route), files: files.size, rawBytes, gzipBytes });
  }
  return bundles.sort((a, b) => b.gzipBytes - a.gzipBytes);
}
