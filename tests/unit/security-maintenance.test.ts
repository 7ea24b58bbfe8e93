import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, sessions, users } from "#db/schema";
import { deactivateInactiveAccounts, isMaintenanceScheduled, runMaintenance } from "~/domain/maintenance.server";
import { startSession } from "~/domain/sessions.server";
import { updateSettings } from "~/domain/settings.server";
import { createDemoWorldDb } from "../support/test-db";

const DAY = 86400_000;
const now = new Date("2026-11-23T03:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY).toISOString();

function world() {
  const db = createDemoWorldDb();
  // Everyone made long ago; then each given their own last use.
  db.update(users)
    .set({ createdAt: daysAgo(400), updatedAt: null, lastSignInAt: daysAgo(1) })
    .run();
  return db;
}

const isActive = (db: ReturnType<typeof world>, id: string) =>
  db.select().from(users).where(eq(users.id, id)).get()!.isActive;

describe("accounts unused for a while", () => {
  it("are deactivated after 90 days without a sign-in, with their sessions ended and an audit row", () => {
    const db = world();
    db.update(users)
      .set({ lastSignInAt: daysAgo(91) })
      .where(eq(users.id, "user-worker"))
      .run();
    db.update(users)
      .set({ lastSignInAt: daysAgo(89) })
      .where(eq(users.id, "user-service"))
      .run();
    // Invited 100 days ago and never signed in.
    db.update(users)
      .set({ lastSignInAt: null, createdAt: daysAgo(100) })
      .where(eq(users.id, "user-housing"))
      .run();
    // Reactivated by an administrator last week: the clock starts again.
    db.update(users)
      .set({ lastSignInAt: daysAgo(200), updatedAt: daysAgo(7) })
      .where(eq(users.id, "user-commissioner"))
      .run();
    startSession(db, "user-worker", {}, new Date(now.getTime() - 60_000));

    expect(deactivateInactiveAccounts(db, now)).toEqual({ deactivated: 2 });
    expect(isActive(db, "user-worker")).toBe(false);
    expect(isActive(db, "user-housing")).toBe(false);
    expect(isActive(db, "user-service")).toBe(true);
    expect(isActive(db, "user-commissioner")).toBe(true);
    expect(db.select().from(sessions).where(eq(sessions.userId, "user-worker")).all()).toEqual([]);
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, "user.deactivate-inactive")).all();
    expect(audit.map((a) => a.recordId).sort()).toEqual(["user-housing", "user-worker"]);
    expect(audit[0].userId).toBeNull(); // done by Pathway itself, not a person

    expect(deactivateInactiveAccounts(db, now)).toEqual({ deactivated: 0 });
  });

  it("follows the inactive_account_days setting", () => {
    const db = world();
    db.update(users)
      .set({ lastSignInAt: daysAgo(40) })
      .where(eq(users.id, "user-worker"))
      .run();
    expect(deactivateInactiveAccounts(db, now).deactivated).toBe(0);
    updateSettings(
      db,
      { userId: "user-admin", organisationId: "org-operator" },
      { inactive_account_days: 30 },
      [],
      new Date(daysAgo(2)),
    );
    expect(deactivateInactiveAccounts(db, now).deactivated).toBe(1);
    expect(isActive(db, "user-worker")).toBe(false);
  });

  it("never deactivates the last active administrator", () => {
    const db = world();
    db.update(users)
      .set({ lastSignInAt: daysAgo(365) })
      .run();
    deactivateInactiveAccounts(db, now);
    expect(isActive(db, "user-admin")).toBe(true);
    expect(
      db
        .select()
        .from(users)
        .where(eq(users.isActive, true))
        .all()
        .map((u) => u.id),
    ).toEqual(["user-admin"]);
  });
});

describe("the maintenance schedule", () => {
  it("runs every job once, and one failing does not stop the others", () => {
    const db = world();
    db.update(users)
      .set({ lastSignInAt: daysAgo(120) })
      .where(eq(users.id, "user-worker"))
      .run();
    const report = runMaintenance(db, now);
    expect(report).toEqual({
      retention: { anonymised: 0 },
      campaignNumbers: { campaigns: 0, numbers: 0 },
      inactiveAccounts: { deactivated: 1 },
      overdueFeedback: { notified: 0 },
      overdueDigests: { queued: 0 },
      alertDigests: { queued: 0 },
    });
  });

  it("starts in a server, never in tests or when turned off", () => {
    expect(isMaintenanceScheduled({ NODE_ENV: "production", DATABASE_PATH: "/srv/pathway/pathway.db" })).toBe(true);
    expect(isMaintenanceScheduled({ NODE_ENV: "development" })).toBe(true);
    expect(isMaintenanceScheduled({ NODE_ENV: "production", PATHWAY_MAINTENANCE: "off" })).toBe(false);
    expect(isMaintenanceScheduled({ NODE_ENV: "test" })).toBe(false);
    expect(isMaintenanceScheduled({ VITEST: "true" })).toBe(false);
    expect(isMaintenanceScheduled({ NODE_ENV: "production", DATABASE_PATH: "tests/.tmp/e2e-3100.db" })).toBe(false);
    expect(isMaintenanceScheduled(process.env)).toBe(false);
  });
});
