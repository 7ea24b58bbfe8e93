// Applies every migration in drizzle/ to the database at DATABASE_PATH.
import { openDatabase, migrateDatabase } from "./connection";
import { databasePath } from "./path";

const db = openDatabase(databasePath());
migrateDatabase(db);
db.$client.close();
console.log(`Database ready at ${databasePath()}`);
