// `npm run admin:recover -- <email> [--reset-two-factor]`: an administrator's way back in when
// every administrator is held by failed sign-ins, deactivated or without their authenticator
// (docs/decisions/009). Run on the server: it clears the delay, reactivates the account and
// prints a one-time link to set a new password. PUBLIC_URL is the address people use.
import { DomainError } from "../app/domain/errors";
import { recoverAdministrator } from "../app/domain/users.server";
import { migrateDatabase, openDatabase } from "../db/connection";
import { databasePath } from "../db/path";

const args = process.argv.slice(2);
const email = args.find((a) => !a.startsWith("--"));
if (!email) {
  console.error("Usage: npm run admin:recover -- <administrator's email> [--reset-two-factor]");
  process.exit(2);
}
const db = openDatabase(databasePath());
migrateDatabase(db);
try {
  const recovered = recoverAdministrator(db, email, { resetTwoFactor: args.includes("--reset-two-factor") });
  const base = (process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
  console.log(`${recovered.user.name} (${recovered.user.email}) can sign in again.`);
  console.log(`Link to set a new password, valid until ${recovered.expiresAt} and once only:`);
  console.log(`${base}/set-password/${recovered.token}`);
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  db.$client.close();
}
