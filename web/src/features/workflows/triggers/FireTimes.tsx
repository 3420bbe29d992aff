/** A schedule's description and its next fire times, in the schedule's zone and in UTC. */
import { inZone } from "./time-zones";

/** Renders `nextRuns` (UTC ISO instants) as a table named `label`, one row per fire time. */
export function FireTimes({
  label,
  description,
  nextRuns,
  timezone,
}: {
  label: string;
  description: string;
  nextRuns: readonly string[];
  timezone: string;
}) {
  return (
    <div>
      <p>
        <strong>{description}</strong> <span className="muted small">({timezone})</span>
      </p>
      <div className="table-wrap">
        <table className="fire-times" aria-label={label}>
          <thead>
            <tr>
              <th scope="col">In {timezone}</th>
              <th scope="col">UTC</th>
            </tr>
          </thead>
          <tbody>
            {nextRuns.map((iso) => (
              <tr key={iso}>
                <td>{inZone(iso, timezone)}</td>
                <td>{inZone(iso, "UTC")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
