// Backup while the app writes, checked; restore that checks first and refuses under a server.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "#db/connection";
import { backupDatabase, checkDatabaseFile } from "../../scripts/backup";
import { restoreDatabase, runningServer } from "../../scripts/restore";
import { makeReferral } from "../support/factories";
import { seedDemoWorld } from "#seed/demo-world";

const workDir = path.resolve("tests/.tmp", `backup-${process.pid}`);
const database = path.join(workDir, "pathway.db");

const referralCount = (file: string) => {
  const db = new Database(file, { readonly: true });
  const n = (db.prepare("SELECT count(*) AS n FROM arrest_referrals").get() as { n: number }).n;
  db.close();
  return n;
};

beforeAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const db = openDatabase(database);
  migrateDatabase(db);
  seedDemoWorld(db, "not-a-real-hash");
  for (let i = 0; i < 20; i++) makeReferral(db);
  db.$client.close();
});

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe("backup and restore", () => {
  it("backs up online while another process writes, and the copy passes integrity_check", async () => {
    // Another process keeps writing to the database during the backup, as the server would.
    const script = `
      const Database = require("better-sqlite3");
      const db = new Database(${JSON.stringify(database)});
      db.pragma("journal_mode = WAL"); db.pragma("busy_timeout = 5000");
      const insert = db.prepare("INSERT INTO notifications (id, user_id, kind, title, created_at) VALUES (?, 'user-worker', 'test', 'load', ?)");
      let n = 0;
      process.stdout.write("ready\\n");
      for (;;) { insert.run("load-" + n++, new Date().toISOString()); }
    `;
    const writer = spawn(process.execPath, ["-e", script], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => writer.stdout.once("data", () => resolve()));
    try {
      const destination = path.join(workDir, "backups", "online.db");
      const result = await backupDatabase(database, destination);
      expect(result).toMatchObject({ ok: true });
      expect(checkDatabaseFile(destination)).toMatchObject({ ok: true });
      expect(referralCount(destination)).toBe(20);
      expect(fs.readdirSync(path.dirname(destination))).toEqual(["online.db"]);
      // A second backup to the same name is refused rather than overwriting the first.
      expect(await backupDatabase(database, destination)).toMatchObject({ ok: false });
    } finally {
      writer.kill("SIGKILL");
    }
  });

  it("refuses a damaged backup, and refuses while a server has the database open unless forced", async () => {
    const damaged = path.join(workDir, "damaged.db");
    fs.copyFileSync(path.join(workDir, "backups", "online.db"), damaged);
    const bytes = fs.readFileSync(damaged);
    bytes.fill(0x41, 4096 * 3, 4096 * 6); // scribble over some pages
    fs.writeFileSync(damaged, bytes);
    expect(checkDatabaseFile(damaged).ok).toBe(false);
    expect(await restoreDatabase(damaged, database)).toMatchObject({
      ok: false,
      problem: expect.stringContaining("The backup is not usable"),
    });
    fs.writeFileSync(path.join(workDir, "not-a-database.db"), "hello");
    expect(await restoreDatabase(path.join(workDir, "not-a-database.db"), database)).toMatchObject({ ok: false });

    // This test process stands in for a running server.
    fs.writeFileSync(`${database}.server.json`, JSON.stringify({ pid: process.pid, port: 3000 }));
    expect(runningServer(database)).toMatchObject({ pid: process.pid });
    expect(await restoreDatabase(path.join(workDir, "backups", "online.db"), database)).toMatchObject({
      ok: false,
      problem: expect.stringContaining("has this database open"),
    });
    // A note left behind by a server that crashed does not block a restore.
    fs.writeFileSync(`${database}.server.json`, JSON.stringify({ pid: 2 ** 22 + 12345 }));
    expect(runningServer(database)).toBeNull();
  });

  it("restores a backup in place of the database, keeping the one it replaces", async () => {
    const backup = path.join(workDir, "backups", "online.db");
    const db = openDatabase(database);
    for (let i = 0; i < 5; i++) makeReferral(db);
    db.$client.close();
    expect(referralCount(database)).toBe(25);

    const result = await restoreDatabase(backup, database);
    expect(result).toMatchObject({ ok: true });
    expect(referralCount(database)).toBe(20);
    expect(checkDatabaseFile(database)).toMatchObject({ ok: true });
    if (!result.ok || !result.previous) throw new Error("expected the replaced database to be kept");
    expect(referralCount(result.previous)).toBe(25);
    // The app opens it as usual.
    const reopened = openDatabase(database);
    migrateDatabase(reopened);
    expect(reopened.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    reopened.$client.close();
  });
});
