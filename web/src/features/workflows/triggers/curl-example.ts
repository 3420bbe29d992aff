/** The copy-paste curl commands for a webhook trigger: with the secret header, and with an HMAC signature. */
import { WEBHOOK_HEADERS } from "../../../../../worker/contracts/triggers";

/** Shown in the examples when the real secret is no longer available (it is only shown once). */
export const SECRET_PLACEHOLDER = "<your-trigger-secret>";

/**
 * Where callers POST for a trigger: `<origin>/hooks/<id>`.
 * @example hookUrl("https://fluxo.example.com/", "trg_1") // "https://fluxo.example.com/hooks/trg_1"
 */
export function hookUrl(origin: string, triggerId: string): string {
  return `${origin.replace(/\/+$/, "")}/hooks/${encodeURIComponent(triggerId)}`;
}

/** A string as one single-quoted POSIX shell word (a `'` inside becomes `'\''`). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What the examples are built from. */
export interface CurlExampleInput {
  url: string;
  body: unknown;
  /** The trigger's secret while it is on screen; the placeholder otherwise. */
  secret?: string | undefined;
}

/** The two ways to call a trigger, each as a runnable shell snippet. */
export interface CurlExamples {
  secretHeader: string;
  signature: string;
}

/**
 * Both curl examples for calling a webhook trigger. The signed one computes
 * `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with `openssl`, signing the exact bytes it sends.
 * @example curlExamples({ url, body: { user_id: "u1" } }).secretHeader // "curl -X POST 'https://…' \\ …"
 */
export function curlExamples({ url, body, secret }: CurlExampleInput): CurlExamples {
  const json = JSON.stringify(body ?? {});
  const key = secret && secret !== "" ? secret : SECRET_PLACEHOLDER;
  const secretHeader = [
    `curl -X POST ${shellQuote(url)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H ${shellQuote(`${WEBHOOK_HEADERS.secret}: ${key}`)} \\`,
    `  --data ${shellQuote(json)}`,
  ].join("\n");
  const signature = [
    `SECRET=${shellQuote(key)}`,
    `BODY=${shellQuote(json)}`,
    "TS=$(date +%s)",
    `SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //')`,
    `curl -X POST ${shellQuote(url)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "${WEBHOOK_HEADERS.timestamp}: $TS" \\`,
    `  -H "${WEBHOOK_HEADERS.signature}: v1=$SIG" \\`,
    `  --data "$BODY"`,
  ].join("\n");
  return { secretHeader, signature };
}
