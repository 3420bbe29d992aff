/**
 * Register a runner: name and labels → the server answers with the runner's token, shown here once with Copy and
 * the exact command that starts the runner with it. Leaving the result forgets the token.
 */
import { type FormEvent, useState } from "react";
import { fieldErrors } from "../../lib/form-errors";
import { Button, Card, CopyField, ErrorNotice, TextField } from "../../ui";
import { type Registered, useRegisterRunner } from "./runner-api";
import { parseLabels, registerErrors, startCommand } from "./runner-view";

export function RegisterRunner() {
  const register = useRegisterRunner();
  const [name, setName] = useState("");
  const [labelsText, setLabelsText] = useState("");
  const [errors, setErrors] = useState<{ name?: string; labels?: string }>({});
  const [created, setCreated] = useState<Registered | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const labels = parseLabels(labelsText);
    const found = registerErrors(name, labels);
    setErrors(found);
    if (found.name || found.labels) return;
    register.mutate(
      { name: name.trim(), labels },
      {
        onSuccess: (result) => {
          setCreated(result);
          setName("");
          setLabelsText("");
        },
      },
    );
  }

  if (created) return <RunnerToken registered={created} onDone={() => setCreated(null)} />;

  const server = fieldErrors(register.error);
  const serverShown = server.name !== undefined || server.labels !== undefined;
  return (
    <Card title="Register a runner">
      <form onSubmit={onSubmit} aria-label="Register a runner" noValidate>
        <div className="form-grid">
          <TextField
            label="Runner name"
            value={name}
            maxLength={100}
            error={errors.name ?? server.name}
            onChange={(e) => setName(e.target.value)}
          />
          <TextField
            label="Labels"
            value={labelsText}
            placeholder="linux, x64, ansible"
            hint="Steps run on a runner that has every label they ask for. Separate with commas or spaces."
            error={errors.labels ?? server.labels}
            onChange={(e) => setLabelsText(e.target.value)}
          />
        </div>
        {register.error && !serverShown && <ErrorNotice error={register.error} title="The runner wasn't registered" />}
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={register.isPending}>
            {register.isPending ? "Registering…" : "Register runner"}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function RunnerToken({ registered, onDone }: { registered: Registered; onDone: () => void }) {
  const { runner, token } = registered;
  return (
    <Card title={`Runner “${runner.name}” registered`}>
      <section className="secret-box" aria-label="New runner token">
        <p>
          <strong>Copy this token now. It won't be shown again.</strong> The runner uses it to connect; revoke the
          runner to stop it working.
        </p>
        <CopyField label="Runner token" value={token} />
        <CopyField label="Start command" value={startCommand(window.location.origin, token, runner.labels)} />
        <Button onClick={onDone}>Done</Button>
      </section>
    </Card>
  );
}
