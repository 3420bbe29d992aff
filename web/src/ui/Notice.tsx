/** A short message in a tinted box: information, a warning, or a success. Errors use `ErrorNotice`. */
import type { ReactNode } from "react";

export function Notice({
  tone = "info",
  title,
  children,
}: {
  tone?: "info" | "warn" | "ok";
  title?: string;
  children: ReactNode;
}) {
  return (
    <div role="status" className={`notice notice-${tone}`}>
      {title && <strong>{title}</strong>}
      <div>{children}</div>
    </div>
  );
}
