// The rules for changing someone's account that do not need the database: who may change
// whose role, and never leaving Pathway without an active administrator.
import type { Role } from "#db/schema";

/** How long an invitation or password-reset link works. */
export const PASSWORD_LINK_HOURS = 72;

export type AccountChange = { kind: "role"; role: Role; organisationId: string } | { kind: "deactivate" };

type Target = { id: string; role: Role; organisationId: string; isActive: boolean };

/**
 * Why this change may not be made, or null when it may. An administrator cannot change their
 * own role (so cannot raise it) nor deactivate themselves, and the last active administrator
 * can neither lose the role nor be deactivated: someone must always be able to administer.
 */
export function refuseAccountChange(input: {
  actorUserId: string;
  target: Target;
  change: AccountChange;
  activeAdministratorCount: number;
}): string | null {
  const { actorUserId, target, change, activeAdministratorCount } = input;
  const isSelf = actorUserId === target.id;
  if (change.kind === "role") {
    const isChange = change.role !== target.role || change.organisationId !== target.organisationId;
    if (isSelf && isChange) return "You cannot change your own role or organisation. Ask another administrator.";
    const losesAdministrator = target.role === "administrator" && change.role !== "administrator";
    if (losesAdministrator && target.isActive && activeAdministratorCount <= 1) {
      return "This is the last active administrator. Make someone else an administrator first.";
    }
    return null;
  }
  if (isSelf) return "You cannot deactivate your own account. Ask another administrator.";
  if (target.role === "administrator" && target.isActive && activeAdministratorCount <= 1) {
    return "This is the last active administrator. Make someone else an administrator first.";
  }
  return null;
}
