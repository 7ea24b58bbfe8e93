// The people who use Pathway, as an administrator keeps them: inviting, changing role,
// deactivating (which ends their sessions at once) and issuing password links.
import { and, asc, count, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { organisations, passwordTokens, sessions, users, type Role, type User } from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { DomainError } from "./errors";
import { issuePasswordLink } from "./invitations.server";
import { organisationKindLabels, roleFitsOrganisation, rolesForOrganisationKind } from "./organisations";
import { roleLabels } from "./permissions";
import { endAllSessionsOfUser } from "./sessions.server";
import { refuseAccountChange, type AccountChange } from "./users";

export type UserFilter = {
  organisationId?: string;
  role?: Role;
  status?: "active" | "deactivated" | "invited";
  search?: string;
};

export function listUsers(db: Queryable, filter: UserFilter = {}) {
  const conditions = [];
  if (filter.organisationId) conditions.push(eq(users.organisationId, filter.organisationId));
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.status === "active")
    conditions.push(and(eq(users.isActive, true), sql`${users.passwordHash} is not null`));
  if (filter.status === "deactivated") conditions.push(eq(users.isActive, false));
  if (filter.status === "invited") conditions.push(and(eq(users.isActive, true), isNull(users.passwordHash)));
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(sql`${users.name} like ${pattern} escape '\\'`, sql`${users.email} like ${pattern} escape '\\'`),
    );
  }
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      isActive: users.isActive,
      hasPassword: sql<number>`${users.passwordHash} is not null`.mapWith(Boolean),
      lastSignInAt: users.lastSignInAt,
      lockedUntil: users.lockedUntil,
      organisationId: users.organisationId,
      organisationName: organisations.name,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(users.name))
    .all();
}

export function findUserForAdmin(db: Queryable, userId: string, now = new Date()) {
  const row = db
    .select({ user: users, organisationName: organisations.name, organisationKind: organisations.kind })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId))
    .get();
  if (!row) return undefined;
  const openSessions = db
    .select({ n: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now.toISOString())))
    .get()!.n;
  const pendingLink = db
    .select({
      purpose: passwordTokens.purpose,
      expiresAt: passwordTokens.expiresAt,
      createdAt: passwordTokens.createdAt,
    })
    .from(passwordTokens)
    .where(
      and(
        eq(passwordTokens.userId, userId),
        isNull(passwordTokens.usedAt),
        gt(passwordTokens.expiresAt, now.toISOString()),
      ),
    )
    .orderBy(sql`${passwordTokens.createdAt} desc`)
    .get();
  const { passwordHash, totpSecret: _t, recoveryCodeHashes: _r, ...user } = row.user;
  return {
    user: { ...user, hasPassword: passwordHash !== null },
    organisationName: row.organisationName,
    organisationKind: row.organisationKind,
    openSessions,
    pendingLink: pendingLink ?? null,
  };
}

/** Organisations a person can be put in, with the roles each allows. */
export function listOrganisationChoices(db: Queryable) {
  return db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.isActive, true))
    .orderBy(asc(organisations.name))
    .all()
    .map((o) => ({ ...o, roles: rolesForOrganisationKind[o.kind] }));
}

export function countActiveAdministrators(db: Queryable): number {
  return db
    .select({ n: count() })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.role, "administrator"), eq(users.isActive, true), eq(organisations.isActive, true)))
    .get()!.n;
}

function requireUser(db: Queryable, userId: string): User {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new DomainError("That user does not exist.", { status: 404 });
  return user;
}

function checkRoleAndOrganisation(db: Queryable, role: Role, organisationId: string) {
  const organisation = db.select().from(organisations).where(eq(organisations.id, organisationId)).get();
  if (!organisation) throw new DomainError("Choose an organisation", { field: "organisationId", status: 400 });
  if (!organisation.isActive)
    throw new DomainError("That organisation is deactivated: choose another", { field: "organisationId", status: 400 });
  if (!roleFitsOrganisation(role, organisation.kind)) {
    const allowed = rolesForOrganisationKind[organisation.kind].map((r) => roleLabels[r].toLowerCase()).join(" or ");
    throw new DomainError(
      `${organisation.name} is ${articleFor(organisationKindLabels[organisation.kind])} ${organisationKindLabels[organisation.kind].toLowerCase()}: people there can only be ${articleFor(allowed)} ${allowed}`,
      { field: "role", status: 400 },
    );
  }
  return organisation;
}

const articleFor = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");

function checkEmailIsFree(db: Queryable, email: string, exceptUserId?: string) {
  const existing = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (existing && existing.id !== exceptUserId) {
    throw new DomainError("Someone already uses Pathway with this email address", {
      field: "email",
      status: 409,
      detail: { existingUserId: existing.id },
    });
  }
}

export type InviteInput = { name: string; email: string; role: Role; organisationId: string; phone?: string };

/** Creates the account without a password and the 72-hour link to set one. */
export function inviteUser(db: Db, audit: ActorAudit, input: InviteInput, now = new Date()) {
  const email = input.email.trim().toLowerCase();
  return db.transaction((tx) => {
    checkEmailIsFree(tx, email);
    const organisation = checkRoleAndOrganisation(tx, input.role, input.organisationId);
    const userId = newId();
    tx.insert(users)
      .values({
        id: userId,
        email,
        name: input.name,
        role: input.role,
        organisationId: organisation.id,
        phone: input.phone ?? "",
        passwordHash: null,
      })
      .run();
    recordAudit(tx, audit, {
      action: "user.invite",
      recordType: "user",
      recordId: userId,
      detail: { role: input.role, organisationId: organisation.id },
    });
    const link = issuePasswordLink(tx, audit, userId, "invitation", now);
    return { userId, ...link };
  });
}

export function updateUserDetails(
  db: Db,
  audit: ActorAudit,
  userId: string,
  input: { name: string; email: string; phone?: string },
) {
  const email = input.email.trim().toLowerCase();
  db.transaction((tx) => {
    const user = requireUser(tx, userId);
    checkEmailIsFree(tx, email, userId);
    const changed = [
      user.name !== input.name && "name",
      user.email !== email && "email",
      user.phone !== (input.phone ?? "") && "phone",
    ].filter(Boolean);
    if (!changed.length) return;
    tx.update(users)
      .set({ name: input.name, email, phone: input.phone ?? "", updatedAt: new Date().toISOString() })
      .where(eq(users.id, userId))
      .run();
    recordAudit(tx, audit, { action: "user.update", recordType: "user", recordId: userId, detail: { changed } });
  });
}

function applyRule(tx: Queryable, audit: ActorAudit, user: User, change: AccountChange) {
  const refusal = refuseAccountChange({
    actorUserId: audit.userId,
    target: user,
    change,
    activeAdministratorCount: countActiveAdministrators(tx),
  });
  if (refusal) throw new DomainError(refusal, { field: change.kind === "role" ? "role" : "form", status: 409 });
}

/** A new role (and the organisation it belongs in). Their open sessions end so the new role applies at once. */
export function changeRole(db: Db, audit: ActorAudit, userId: string, role: Role, organisationId: string) {
  db.transaction((tx) => {
    const user = requireUser(tx, userId);
    applyRule(tx, audit, user, { kind: "role", role, organisationId });
    if (user.role === role && user.organisationId === organisationId) return;
    checkRoleAndOrganisation(tx, role, organisationId);
    tx.update(users)
      .set({ role, organisationId, currentCustodyCentreId: null, updatedAt: new Date().toISOString() })
      .where(eq(users.id, userId))
      .run();
    endAllSessionsOfUser(db, userId);
    recordAudit(tx, audit, {
      action: "user.change-role",
      recordType: "user",
      recordId: userId,
      detail: { from: { role: user.role, organisationId: user.organisationId }, to: { role, organisationId } },
    });
  });
}

/** Deactivating ends every session of the user at once; nothing they recorded is touched. */
export function deactivateUser(db: Db, audit: ActorAudit, userId: string) {
  db.transaction((tx) => {
    const user = requireUser(tx, userId);
    if (!user.isActive) return;
    applyRule(tx, audit, user, { kind: "deactivate" });
    tx.update(users).set({ isActive: false, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
    // Same connection, so this runs inside the transaction.
    endAllSessionsOfUser(db, userId);
    recordAudit(tx, audit, { action: "user.deactivate", recordType: "user", recordId: userId });
  });
}

export function reactivateUser(db: Db, audit: ActorAudit, userId: string) {
  db.transaction((tx) => {
    const user = requireUser(tx, userId);
    if (user.isActive) return;
    tx.update(users).set({ isActive: true, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
    recordAudit(tx, audit, { action: "user.reactivate", recordType: "user", recordId: userId });
  });
}

export function unlockUser(db: Db, audit: ActorAudit, userId: string) {
  db.transaction((tx) => {
    requireUser(tx, userId);
    tx.update(users)
      .set({ lockedUntil: null, failedSignInCount: 0, firstFailedSignInAt: null })
      .where(eq(users.id, userId))
      .run();
    recordAudit(tx, audit, { action: "user.unlock", recordType: "user", recordId: userId });
  });
}

/** A new link: an invitation again if they never set a password, otherwise a reset. */
export function issueNewPasswordLink(db: Db, audit: ActorAudit, userId: string, now = new Date()) {
  return db.transaction((tx) => {
    const user = requireUser(tx, userId);
    if (!user.isActive) throw new DomainError("Reactivate the account before sending a new link.", { status: 409 });
    const purpose = user.passwordHash ? "reset" : "invitation";
    return { purpose, email: user.email, ...issuePasswordLink(tx, audit, userId, purpose, now) } as const;
  });
}

/**
 * The administrators' way back in that needs no other administrator (`npm run admin:recover`,
 * run on the server): clears the sign-in delay, reactivates the account, with `resetTwoFactor`
 * forgets a lost authenticator, and makes a link to set a new password. Audited as done from
 * the command line.
 */
export function recoverAdministrator(db: Db, email: string, { resetTwoFactor = false } = {}, now = new Date()) {
  return db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
    if (!user || user.role !== "administrator")
      throw new DomainError("There is no administrator with that email address.", { status: 404 });
    const audit: ActorAudit = { userId: user.id, organisationId: user.organisationId, ipAddress: null };
    tx.update(users)
      .set({
        isActive: true,
        lockedUntil: null,
        failedSignInCount: 0,
        firstFailedSignInAt: null,
        ...(resetTwoFactor ? { totpSecret: null, totpEnabledAt: null, recoveryCodeHashes: null } : {}),
        updatedAt: now.toISOString(),
      })
      .where(eq(users.id, user.id))
      .run();
    recordAudit(tx, audit, {
      action: "user.recover",
      recordType: "user",
      recordId: user.id,
      detail: { via: "command line", wasActive: user.isActive, resetTwoFactor },
    });
    const purpose = user.passwordHash ? "reset" : "invitation";
    return {
      user: { id: user.id, name: user.name, email: user.email },
      purpose,
      ...issuePasswordLink(tx, audit, user.id, purpose, now),
    } as const;
  });
}
