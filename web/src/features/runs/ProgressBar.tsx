/** A run's progress (0–100) as a labelled progress bar. */

/** `label` names the bar for assistive tech (several bars can share a page, one per table row). */
export function ProgressBar({
  value,
  label,
  tone = "info",
}: {
  value: number;
  label: string;
  tone?: "info" | "ok" | "error";
}) {
  const clamped = Math.min(100, Math.max(0, Math.round(value)));
  return (
    <div className="progress">
      <div
        className={`progress-track progress-${tone}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={clamped}
      >
        <div className="progress-fill" style={{ width: `${clamped}%` }} />
      </div>
      <span className="small muted">{clamped}%</span>
    </div>
  );
}
