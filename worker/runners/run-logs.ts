/**
 * Runner output as a run sees it: each line becomes a run log line (domain `runner`) and a live
 * `log.appended` event, built here so the run object only persists and broadcasts them.
 */
import { z } from "zod";
import { RunnerLogLine } from "../contracts/runners";
import type { LogLine } from "../durable/run-store";
import { runnerLogLines } from "./rules";

const Lines = z.array(RunnerLogLine);

/** One line to append: the stored log line and the data of its `log.appended` event. */
export interface ExternalLogEntry {
  line: LogLine;
  event: { node_id: string; domain: "runner"; stream: string; level: string; message: string; ts: number };
}

/**
 * Parses a batch the runner sent (JSON) into log lines and events; a malformed batch yields nothing (the
 * route validated it already, so this only guards the RPC boundary).
 */
export function externalLogEntries(nodeId: string, linesJson: string, now: number): ExternalLogEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(linesJson);
  } catch {
    return [];
  }
  const parsed = Lines.safeParse(raw);
  if (!parsed.success) return [];
  return runnerLogLines(nodeId, parsed.data, now).map((l) => ({
    line: l,
    event: {
      node_id: nodeId,
      domain: "runner",
      stream: l.details_tech ?? "stdout",
      level: l.level,
      message: l.message_human,
      ts: l.ts,
    },
  }));
}
