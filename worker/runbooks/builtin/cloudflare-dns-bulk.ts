// Built-in runbook `cloudflare_dns_bulk`: create, update and delete many DNS records of a Cloudflare zone at once.
import type { InputSchema } from "../../contracts/workflow";
import type { RunbookDefinition } from "../types";
import { baseUrlInput, connection, NO_RETRY, optionalInput, READ_RETRY, segment } from "./shared";

/** Cloudflare's API root; the `api_base` input overrides it (tests point it at a local fake). */
export const CLOUDFLARE_API_BASE = "https://api.cloudflare.com/client/v4";

const ZONE_URL = `{{ ${baseUrlInput("api_base", CLOUDFLARE_API_BASE)} }}/zones/{{ ${segment("input.zone_id")} }}`;

/**
 * The plan: which requested records to create, update (with the existing record's id and previous values) and
 * delete, and which are already as asked. Records match on type and full name (`@` and relative names are
 * completed with the zone's name, as Cloudflare stores them); `update` creates a record that does not exist yet,
 * `delete` without content removes every record of that type and name. The existing records are indexed once
 * (group-by) so the work stays linear in the zone's size.
 */
const DIFF_EXPRESSION = `(
  $zone := $lowercase(steps.get_zone.output.body.result.name);
  $fqdn := function($n) {(
    $l := $replace($lowercase($trim($string($n))), /\\.$/, "");
    ($l = "@" or $l = "") ? $zone
      : ($l = $zone or $substring($l, -($length($zone) + 1)) = "." & $zone) ? $l : $l & "." & $zone
  )};
  $existing := $append([], steps.list_records.output.body.result);
  $index := $count($existing) = 0 ? {} : $existing{
    type & " " & $lowercase(name): [$.{ "id": id, "type": type, "name": name, "content": content, "ttl": ttl, "proxied": proxied }]
  };
  $plan := $map($append([], input.records), function($r) {(
    $type := $uppercase($trim($r.type));
    $want := { "type": $type, "name": $fqdn($r.name), "content": $r.content, "ttl": $r.ttl, "proxied": $r.proxied };
    $matches := $append([], $lookup($index, $type & " " & $want.name));
    $exact := $append([], $filter($matches, function($e) { $e.content = $r.content }));
    $r.action = "delete" ? (
      $targets := $exists($r.content) ? $exact : $matches;
      $count($targets) = 0
        ? { "kind": "unchanged", "record": $merge([$want, { "action": "delete", "reason": "no such record" }]) }
        : { "kind": "delete", "records": $targets }
    ) : $r.action = "update" ? (
      $target := $count($exact) > 0 ? $exact[0] : $matches[0];
      $not($exists($target)) ? { "kind": "create", "record": $want }
      : ($target.content != $r.content or ($exists($r.ttl) and $target.ttl != $r.ttl)
          or ($exists($r.proxied) and $target.proxied != $r.proxied))
        ? { "kind": "update", "record": $merge([$want, { "id": $target.id,
            "before": { "content": $target.content, "ttl": $target.ttl, "proxied": $target.proxied } }]) }
        : { "kind": "unchanged", "record": $merge([$want, { "id": $target.id, "action": "update", "reason": "already up to date" }]) }
    ) : $count($exact) > 0
      ? { "kind": "unchanged", "record": $merge([$want, { "id": $exact[0].id, "action": "create", "reason": "already exists" }]) }
      : { "kind": "create", "record": $want }
  )});
  $creates := $append([], $plan[kind = "create"].record);
  $updates := $append([], $plan[kind = "update"].record);
  $deletes := $append([], $plan[kind = "delete"].records);
  $unchanged := $append([], $plan[kind = "unchanged"].record);
  {
    "zone_name": $zone,
    "create": $creates,
    "update": $updates,
    "delete": $deletes,
    "unchanged": $unchanged,
    "summary": { "create": $count($creates), "update": $count($updates), "delete": $count($deletes), "unchanged": $count($unchanged) },
    "total_changes": $count($creates) + $count($updates) + $count($deletes),
    "batch": {
      "posts": $creates,
      "patches": $append([], $map($updates, function($u) {
        { "id": $u.id, "type": $u.type, "name": $u.name, "content": $u.content, "ttl": $u.ttl, "proxied": $u.proxied }
      })),
      "deletes": $append([], $map($deletes, function($d) { { "id": $d.id } }))
    }
  }
)`;

/** The run's output: the plan always, and what Cloudflare applied when the batch ran. */
const REPORT_EXPRESSION = `(
  $applied := steps.apply.output.body.result;
  {
    "zone_id": input.zone_id,
    "zone_name": steps.diff.output.zone_name,
    "dry_run": ${optionalInput("dry_run")} = true,
    "applied": $exists($applied),
    "diff": steps.diff.output.{ "create": create, "update": update, "delete": delete, "unchanged": unchanged, "summary": summary },
    "result": $exists($applied) ? {
      "created": $append([], $applied.posts),
      "updated": $append([], $applied.patches),
      "deleted": $append([], $applied.deletes.{ "id": id, "type": type, "name": name, "content": content })
    } : null
  }
)`;

const RECORD_TYPES = ["A", "AAAA", "CNAME", "TXT", "MX", "NS", "SRV", "CAA", "PTR"];

/** The inputs (the form's JSON Schema, also the graph's `input_schema` so references are checked). */
const INPUT_SCHEMA: InputSchema = {
  type: "object",
  required: ["zone_id", "records"],
  additionalProperties: false,
  properties: {
    zone_id: {
      type: "string",
      title: "Zone ID",
      description: "The zone's identifier (Overview page of the domain in the Cloudflare dashboard).",
      pattern: "^[A-Za-z0-9_-]{1,64}$",
    },
    records: {
      type: "array",
      title: "Records",
      minItems: 1,
      maxItems: 200,
      items: {
        type: "object",
        required: ["type", "name", "action"],
        additionalProperties: false,
        properties: {
          action: { type: "string", enum: ["create", "update", "delete"], title: "Action" },
          type: { type: "string", enum: RECORD_TYPES, title: "Type" },
          name: {
            type: "string",
            minLength: 1,
            maxLength: 255,
            title: "Name",
            description: "Full name, relative name or @",
          },
          content: { type: "string", minLength: 1, maxLength: 4096, title: "Content" },
          ttl: { type: "integer", minimum: 1, maximum: 86400, title: "TTL (1 = automatic)" },
          proxied: { type: "boolean", title: "Proxied through Cloudflare" },
        },
        if: { properties: { action: { enum: ["create", "update"] } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
        then: { required: ["content"] },
      },
    },
    dry_run: { type: "boolean", title: "Dry run (show the changes only)", default: false },
    api_base: { type: "string", title: "API base URL", format: "uri", default: CLOUDFLARE_API_BASE },
  },
};

/** `cloudflare_dns_bulk`: see the module header. Medium risk; honours `dry_run`. */
export const CLOUDFLARE_DNS_BULK: RunbookDefinition = {
  name: "cloudflare_dns_bulk",
  title: "Cloudflare DNS bulk change",
  description:
    "Create, update and delete many DNS records of a Cloudflare zone in one transactional batch. Compares the " +
    "requested records with the zone first and only sends what differs; a dry run shows that plan and changes nothing.",
  category: "dns",
  risk: "medium",
  version: 1,
  required_connections: [
    { key: "cloudflare", description: "Cloudflare API token with Zone · DNS · Edit permission", type: "bearer" },
  ],
  supports_dry_run: true,
  schema_json: INPUT_SCHEMA,
  workflow: {
    input_schema: INPUT_SCHEMA,
    nodes: [
      {
        id: "get_zone",
        type: "http",
        name: "Read zone",
        phase: "read",
        config: { method: "GET", url: ZONE_URL, connection_id: connection("cloudflare"), expect_status: [200] },
        retry: READ_RETRY,
      },
      {
        id: "list_records",
        type: "http",
        name: "List DNS records",
        phase: "read",
        config: {
          method: "GET",
          url: `${ZONE_URL}/dns_records?per_page=5000`,
          connection_id: connection("cloudflare"),
          expect_status: [200],
        },
        retry: READ_RETRY,
      },
      {
        id: "diff",
        type: "transform",
        name: "Compute changes",
        phase: "plan",
        config: { expression: DIFF_EXPRESSION },
      },
      {
        id: "should_apply",
        type: "condition",
        name: "Apply changes?",
        config: { expression: `$not(${optionalInput("dry_run")} = true) and steps.diff.output.total_changes > 0` },
      },
      {
        id: "apply",
        type: "http",
        name: "Apply batch",
        phase: "apply",
        config: {
          method: "POST",
          url: `${ZONE_URL}/dns_records/batch`,
          body: "{{ steps.diff.output.batch }}",
          connection_id: connection("cloudflare"),
          expect_status: [200],
        },
        // The batch is not idempotent (posts would be created twice): never resend it automatically.
        retry: NO_RETRY,
      },
      { id: "report", type: "transform", name: "Report", phase: "report", config: { expression: REPORT_EXPRESSION } },
    ],
    edges: [
      { from: "get_zone", to: "list_records" },
      { from: "list_records", to: "diff" },
      { from: "diff", to: "should_apply" },
      { from: "should_apply", to: "apply", when: "true" },
      { from: "should_apply", to: "report", when: "false" },
      { from: "apply", to: "report" },
    ],
  },
};
