/**
 * Rejects request bodies above `MAX_BODY_BYTES` with 413 `payload_too_large`, before any handler
 * reads them (Hono's bodyLimit counts streamed bytes, so a lying Content-Length doesn't help).
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../context";
import { AppError } from "../errors";

const DEFAULT_MAX_BYTES = 1024 * 1024;

export function limitBody(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const configured = Number(c.env.MAX_BODY_BYTES);
    const maxSize = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_BYTES;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("payload_too_large", `The request body is larger than ${maxSize} bytes`, {
          details: { max_bytes: maxSize },
        });
      },
    })(c, next);
  };
}
