/**
 * Opaque keyset-pagination cursors: a small record encoded as base64url JSON. A cursor a client
 * tampered with is a 400, never a 500.
 */
import { AppError } from "../errors";
import { fromBase64, toBase64Url } from "./encoding";

export function encodeCursor(fields: Record<string, string>): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(fields)));
}

export function decodeCursor(cursor: string): Record<string, string> {
  try {
    const padded = cursor.replaceAll("-", "+").replaceAll("_", "/");
    const parsed: unknown = JSON.parse(
      new TextDecoder().decode(fromBase64(padded + "=".repeat((4 - (padded.length % 4)) % 4))),
    );
    if (parsed && typeof parsed === "object" && Object.values(parsed).every((v) => typeof v === "string")) {
      return parsed as Record<string, string>;
    }
  } catch {
    // fall through
  }
  throw new AppError("bad_request", "The cursor is not valid; start again without it");
}
