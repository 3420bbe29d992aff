// Built-in runbook `ansible_playbook`: run `ansible-playbook` on a self-hosted runner labelled `ansible`.
import type { InputSchema } from "../../contracts/workflow";
import type { RunbookDefinition } from "../types";
import { optionalInput } from "./shared";

/**
 * Paths and host patterns: no spaces or quotes, so they can't smuggle shell syntax (they are quoted anyway).
 * A path can't start with `-` either: quoting doesn't stop `ansible-playbook` reading it as an option.
 */
const PATH_PATTERN = "^[A-Za-z0-9_./@:][A-Za-z0-9_./@:-]{0,499}$";
const LIMIT_PATTERN = "^[A-Za-z0-9_.,:*!&@-]{1,500}$";

const INPUT_SCHEMA: InputSchema = {
  type: "object",
  required: ["inventory", "playbook"],
  additionalProperties: false,
  properties: {
    inventory: {
      type: "string",
      title: "Inventory",
      description: "Inventory file or directory on the runner, relative to its working directory",
      pattern: PATH_PATTERN,
    },
    playbook: {
      type: "string",
      title: "Playbook",
      description: "Playbook file on the runner, e.g. site.yml",
      pattern: PATH_PATTERN,
    },
    limit: { type: "string", title: "Limit hosts", description: "Ansible --limit pattern", pattern: LIMIT_PATTERN },
    dry_run: {
      type: "boolean",
      title: "Check mode",
      description: "Run with --check --diff: show what would change, change nothing",
      default: false,
    },
  },
};

/** A JSONata expression single-quoting a value for `sh` (a `'` becomes `'\''`). */
function shellQuoted(expression: string): string {
  return `"'" & $replace($string(${expression}), "'", "'\\\\''") & "'"`;
}

const COMMAND =
  `ansible-playbook -i {{ ${shellQuoted("input.inventory")} }} {{ ${shellQuoted("input.playbook")} }}` +
  `{{ ${optionalInput("limit")} ? " --limit " & ${shellQuoted(optionalInput("limit"))} : "" }}` +
  `{{ ${optionalInput("dry_run")} = true ? " --check --diff" : "" }}`;

/** `ansible_playbook`: high risk (it changes servers), so a person approves each job before it starts. */
export const ANSIBLE_PLAYBOOK: RunbookDefinition = {
  name: "ansible_playbook",
  title: "Ansible playbook (self-hosted runner)",
  description:
    "Run an Ansible playbook against an inventory on a self-hosted runner labelled `ansible`. Output streams live " +
    "into the job's logs; files the playbook writes to $FLUXO_ARTIFACTS_DIR become job artifacts. Check mode " +
    "(dry run) shows the diff and changes nothing.",
  category: "configuration",
  risk: "high",
  version: 1,
  required_connections: [],
  supports_dry_run: true,
  schema_json: INPUT_SCHEMA,
  workflow: {
    input_schema: INPUT_SCHEMA,
    nodes: [
      {
        id: "playbook",
        type: "runner",
        name: "ansible-playbook",
        phase: "apply",
        // The step may wait up to a day for an `ansible` runner to come online; the playbook itself gets an hour.
        timeout_ms: 86_400_000,
        config: {
          command: COMMAND,
          labels: ["ansible"],
          timeout_ms: 3_600_000,
          // Plain output: colour codes would clutter the job's logs.
          env: { ANSIBLE_FORCE_COLOR: "0", ANSIBLE_NOCOLOR: "1" },
        },
      },
    ],
    edges: [],
  },
};
