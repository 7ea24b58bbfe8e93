import { StatusBadge } from "./admin-page";

/** Whether someone can use Pathway now, in a word. */
export function UserStatus({
  user,
  now,
}: {
  user: { isActive: boolean; hasPassword: boolean; lockedUntil: string | null };
  now: string;
}) {
  if (!user.isActive) return <StatusBadge tone="grey">Deactivated</StatusBadge>;
  if (!user.hasPassword) return <StatusBadge tone="amber">Invited</StatusBadge>;
  if (user.lockedUntil && user.lockedUntil > now) return <StatusBadge tone="red">Locked</StatusBadge>;
  return <StatusBadge tone="green">Active</StatusBadge>;
}
