// What the throughput pages (police and administrators) receive from the server.
import type { ImportProblem, ImportResult } from "./throughput.server";

export type ThroughputEntryData = {
  centres: { id: string; name: string; code: string }[];
  months: { value: string; label: string }[];
  held: { key: string; detentions: number; hasDisclosed: boolean }[];
  values: Record<string, string>;
  latestMonth: string;
  notice: { centreName: string; month: string; replaced: boolean } | null;
};

export type ThroughputEntryActionData = { errors: Record<string, string>; values: Record<string, string | string[]> };

export type ThroughputImportActionData =
  | { outcome: "imported"; fileName: string; result: ImportResult }
  | { outcome: "problems"; fileName: string; problems: ImportProblem[] }
  | { outcome: "no-file"; message: string };
