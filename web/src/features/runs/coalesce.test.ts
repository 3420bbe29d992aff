import { describe, expect, it } from "vitest";
import { deferred } from "../../lib/test-support";
import { coalesce } from "./coalesce";

/** A task whose runs the test settles by hand. */
function manualTask() {
  const runs: ReturnType<typeof deferred<void>>[] = [];
  const task = () => {
    const run = deferred<void>();
    runs.push(run);
    return run.promise;
  };
  return { task, runs };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("coalesce", () => {
  it("runs at once when idle", () => {
    const { task, runs } = manualTask();
    coalesce(task)();
    expect(runs).toHaveLength(1);
  });

  it("turns a burst of requests during a run into exactly one more run after it", async () => {
    const { task, runs } = manualTask();
    const request = coalesce(task);
    request();
    request();
    request();
    request();
    expect(runs).toHaveLength(1);
    runs[0]?.resolve();
    await settle();
    expect(runs).toHaveLength(2);
    runs[1]?.resolve();
    await settle();
    expect(runs).toHaveLength(2);
  });

  it("keeps working after a failed run, and reports the failure", async () => {
    const { task, runs } = manualTask();
    const errors: unknown[] = [];
    const request = coalesce(task, (error) => errors.push(error));
    request();
    request();
    runs[0]?.reject(new Error("offline"));
    await settle();
    expect(errors).toEqual([new Error("offline")]);
    expect(runs).toHaveLength(2);
    runs[1]?.resolve();
    await settle();
    request();
    expect(runs).toHaveLength(3);
  });
});
