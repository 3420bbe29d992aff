/** How runners read: status badges and "last seen", the labels field, and the exact command that starts a runner. */
import { RunnerLabel, type RunnerStatus } from "../../../../worker/contracts/runners";
import type { Tone } from "../../ui/Badge";

/** Label and badge tone per runner status. */
export const RUNNER_STATUS_LOOK: Readonly<Record<RunnerStatus, { label: string; tone: Tone }>> = {
  online: { label: "Online", tone: "ok" },
  offline: { label: "Offline", tone: "warn" },
  never_seen: { label: "Never seen", tone: "neutral" },
};

/**
 * The labels typed in the register form: separated by commas or spaces, trimmed, without duplicates, in order.
 * @example parseLabels("linux, x64 linux") // ["linux", "x64"]
 */
export function parseLabels(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/**
 * What's wrong with the register form, per field, or an empty object when it can be sent.
 * @example registerErrors("", ["ok"]) // { name: "Give the runner a name." }
 */
export function registerErrors(name: string, labels: readonly string[]): { name?: string; labels?: string } {
  const errors: { name?: string; labels?: string } = {};
  if (!name.trim()) errors.name = "Give the runner a name.";
  else if (name.trim().length > 100) errors.name = "Use at most 100 characters.";
  // The API's own label rule, so the form refuses exactly what the server would.
  for (const label of labels) {
    const checked = RunnerLabel.safeParse(label);
    if (!checked.success) {
      errors.labels = `“${label}”: ${checked.error.issues[0]?.message ?? "not a valid label"}`;
      break;
    }
  }
  if (labels.length > 20) errors.labels ??= "Use at most 20 labels.";
  return errors;
}

/** Quotes a value for a POSIX shell when it holds anything but safe characters. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9._:/,=@%+-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command that starts this runner on a machine, exactly as shown after registering.
 * @example startCommand("https://fluxo.example", "fxr_abc", ["linux", "x64"])
 * // "npx fluxo-runner --url https://fluxo.example --token fxr_abc --labels linux,x64"
 */
export function startCommand(origin: string, token: string, labels: readonly string[]): string {
  const parts = ["npx fluxo-runner", `--url ${shellWord(origin)}`, `--token ${shellWord(token)}`];
  if (labels.length > 0) parts.push(`--labels ${shellWord(labels.join(","))}`);
  return parts.join(" ");
}

/**
 * When the runner was last heard from, for the list.
 * @example lastSeenText("never_seen", null, fmt) // "never connected"
 */
export function lastSeenText(status: RunnerStatus, lastSeenAt: string | null, format: (iso: string) => string): string {
  if (lastSeenAt === null) return status === "never_seen" ? "never connected" : "—";
  return `last seen ${format(lastSeenAt)}`;
}
