// `noop` executor: does nothing (a join point or a placeholder).
import { succeeded } from "./results";
import type { Executor } from "./types";

/** Always succeeds with `{}`. */
export const executeNoop: Executor<"noop"> = async () => succeeded({}, {});
