/** A destructive action that asks first, inline: the button turns into "question? Confirm / Cancel". */
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Button } from "./Button";

/**
 * @example <ConfirmButton label="Remove" accessibleName="Remove Ada" question="Remove Ada?"
 *   confirmLabel="Remove" onConfirm={() => remove.mutate()} />
 */
export function ConfirmButton({
  label,
  accessibleName,
  question,
  confirmLabel,
  onConfirm,
  busy = false,
}: {
  label: ReactNode;
  /** The button's name for assistive tech and tests when `label` alone is ambiguous (one per row). */
  accessibleName?: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // The button that was clicked is gone: keep keyboard focus on the question's answer.
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <Button variant="secondary" aria-label={accessibleName} onClick={() => setAsking(true)} disabled={busy}>
        {label}
      </Button>
    );
  }
  return (
    <span className="confirm">
      <span className="small">{question}</span>
      <Button
        ref={confirmRef}
        variant="danger"
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </Button>
      <Button variant="ghost" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
