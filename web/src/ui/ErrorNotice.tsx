import { ApiError } from "../lib/api";

/**
 * Shows an error the way support needs it: the API's human message, its code, and the request id
 * to quote when reporting it.
 */
export function ErrorNotice({ error, title = "Something went wrong" }: { error: unknown; title?: string }) {
  const apiError = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="error-notice">
      <strong>{title}</strong>
      <p>{message}</p>
      {apiError && (
        <p className="muted small">
          <code>{apiError.code}</code>
          {apiError.requestId && (
            <>
              {" · "}request id <code data-testid="request-id">{apiError.requestId}</code>
            </>
          )}
        </p>
      )}
    </div>
  );
}
