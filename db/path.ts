import path from "node:path";

/** Where the SQLite file lives: DATABASE_PATH, or data/pathway.db in the project folder. */
export function databasePath() {
  return path.resolve(process.env.DATABASE_PATH ?? "data/pathway.db");
}
