/**
 * Coalesced refetches: a burst of events (a replay after a reconnect can bring hundreds) asks for the steps many
 * times; this runs one fetch at a time and, if asked again meanwhile, exactly one more after it, so the last
 * answer is never older than the last request.
 */

/**
 * Wraps `task`; the returned function requests a run.
 * @example const refreshSteps = coalesce(() => queryClient.refetchQueries({ queryKey: runKeys.steps(id) }));
 */
export function coalesce(task: () => Promise<unknown>, onError: (error: unknown) => void = () => {}): () => void {
  let running = false;
  let again = false;
  const start = () => {
    running = true;
    again = false;
    task()
      .catch(onError)
      .finally(() => {
        running = false;
        if (again) start();
      });
  };
  return () => {
    if (running) again = true;
    else start();
  };
}
