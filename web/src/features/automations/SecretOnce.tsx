/** A signing secret Fluxo generated, shown once with copy, and a warning that it won't be shown again. */
import { Button, CopyField } from "../../ui";

export function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <section className="secret-box" aria-label="New signing secret">
      <p>
        <strong>Copy this signing secret now. It won't be shown again.</strong> Your receiver uses it to verify the{" "}
        <code>X-Fluxo-Signature</code> header, and to sign callbacks.
      </p>
      <CopyField label="Signing secret" value={secret} />
      <Button onClick={onDone}>Done</Button>
    </section>
  );
}
