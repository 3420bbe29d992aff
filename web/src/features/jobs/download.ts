/**
 * Downloads of authenticated API resources (job artifacts). The API wants the bearer token, which a plain
 * `<a href>` can't carry, so the bytes are fetched with the session's token into a blob and saved through a
 * temporary object URL.
 */
import { ApiError, session, unwrap } from "../../lib/api";
import { createAuthorizedFetch } from "../../lib/authorized-fetch";

/** The same fetch the typed client uses: bearer token, refresh-and-retry-once on `token_expired`. */
const authorizedFetch = createAuthorizedFetch(session, (input, init) =>
  fetch(input, { ...init, credentials: "same-origin" }),
);

/**
 * Fetches `/api/v1<path>` and hands it to the browser as a file named `filename`; throws `ApiError` when the API
 * refuses (the error model's code and message, as everywhere else).
 * @example await downloadFile("/jobs/job_1/artifacts/output.json", "job_1-output.json");
 */
export async function downloadFile(path: string, filename: string): Promise<void> {
  let res: Response;
  try {
    res = await authorizedFetch(`/api/v1${path}`, { method: "GET" });
  } catch (err) {
    throw new ApiError(0, "network_error", "The server could not be reached. Check your connection.", null, err);
  }
  // A failure body is the JSON error model: let `unwrap` turn it into an ApiError.
  if (!res.ok) await unwrap(Promise.resolve(res));
  const url = URL.createObjectURL(await res.blob());
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    link.rel = "noopener";
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser a moment to start reading the blob before its URL is revoked.
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
