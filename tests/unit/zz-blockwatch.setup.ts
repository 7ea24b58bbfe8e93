import fs from "node:fs";
import { beforeEach } from "vitest";
let current = "(collect)";
beforeEach((ctx) => {
  current = `${ctx.task.file?.name} > ${ctx.task.name}`;
});
let last = Date.now();
setInterval(() => {
  const now = Date.now();
  if (now - last > 4000) fs.appendFileSync("/tmp/blocks.log", `${now - last} ms ${current}\n`);
  last = now;
}, 500).unref();
