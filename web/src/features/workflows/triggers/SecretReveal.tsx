/** A webhook trigger's URL, its secret shown once, and curl examples for both ways to authenticate. */
import { Button, CopyField } from "../../../ui";
import { curlExamples, hookUrl } from "./curl-example";

/**
 * Shown right after a trigger is created or its secret rotated: the only time the secret is on
 * screen. `body` is the example request body (from the workflow's input schema).
 */
export function SecretReveal({
  triggerId,
  secret,
  body,
  title,
  onDone,
}: {
  triggerId: string;
  secret: string;
  body: unknown;
  title: string;
  onDone: () => void;
}) {
  // The URL the browser reached the app at is the one callers can reach too (the Worker serves both).
  const url = hookUrl(window.location.origin, triggerId);
  const examples = curlExamples({ url, body, secret });
  return (
    <section className="secret-once" aria-label={title}>
      <h3>{title}</h3>
      <CopyField label="Webhook URL" value={url} />
      <CopyField label="Trigger secret" value={secret} />
      <p role="alert" className="field-error">
        Copy the secret now: it won't be shown again. You can rotate it later to get a new one.
      </p>
      <figure className="curl-example">
        <figcaption>Call it with the secret header</figcaption>
        <pre className="curl">{examples.secretHeader}</pre>
      </figure>
      <figure className="curl-example">
        <figcaption>Or sign the body (HMAC-SHA256, timestamp within 5 minutes)</figcaption>
        <pre className="curl">{examples.signature}</pre>
      </figure>
      <Button onClick={onDone}>Done</Button>
    </section>
  );
}
