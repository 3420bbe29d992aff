/** A read-only value with a Copy button, for secrets and links that are shown once. */
import { useEffect, useId, useState } from "react";
import { Button } from "./Button";

type CopyState = "idle" | "copied" | "failed";

/**
 * Shows `value` in a read-only input (selected on focus, so it can be copied by hand too) and
 * copies it with the button.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copy, setCopy] = useState<CopyState>("idle");
  useEffect(() => {
    if (copy !== "copied") return;
    const timer = window.setTimeout(() => setCopy("idle"), 2_000);
    return () => window.clearTimeout(timer);
  }, [copy]);

  async function onCopy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopy("copied");
    } catch (err) {
      // No clipboard permission (or an insecure origin): the value stays selectable in the input.
      console.warn("[fluxo] copy to clipboard failed", err);
      setCopy("failed");
    }
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <Button onClick={onCopy} aria-label={`Copy ${label.toLowerCase()}`}>
          {copy === "copied" ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="muted small" aria-live="polite">
        {copy === "failed" ? "Couldn't copy automatically: select the text and copy it." : ""}
      </p>
    </div>
  );
}
