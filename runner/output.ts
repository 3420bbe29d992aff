// Process output handling: splitting chunks into lines, masking secrets, batching lines for upload, keeping a tail.

/** One output line as the protocol sends it. */
export interface OutputLine {
  stream: "stdout" | "stderr";
  line: string;
  at: number;
}

/** Lines longer than this are cut (the server cuts again). */
export const MAX_LINE = 4_000;

/**
 * Splits a byte stream's text into lines; the last partial line waits for more (or {@link LineSplitter.end}).
 * @example const s = new LineSplitter(); s.push("a\nb"); // ["a"]; s.end() // ["b"]
 */
export class LineSplitter {
  private rest = "";

  /** Complete lines in `chunk` (with what was left over before). `\r\n` and `\n` end a line. */
  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const parts = text.split(/\r?\n/);
    this.rest = parts.pop() ?? "";
    // A line without end that keeps growing is cut, so memory stays bounded.
    if (this.rest.length > MAX_LINE) {
      parts.push(this.rest.slice(0, MAX_LINE));
      this.rest = "";
    }
    return parts.map(cut);
  }

  /** The last partial line, if any. */
  end(): string[] {
    const last = this.rest;
    this.rest = "";
    return last === "" ? [] : [cut(last)];
  }
}

function cut(line: string): string {
  return line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
}

/**
 * Replaces every secret value (4+ characters) in `line` with `***`, so connection secrets in the environment
 * never leave the machine in logs.
 */
export function maskSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("***");
  return out;
}

/**
 * Collects lines and says when to send them: when `maxLines` are waiting, or when the oldest waited `maxDelayMs`.
 * The caller owns the clock (`now`) and the timer.
 */
export class LineBatcher {
  private lines: OutputLine[] = [];
  private firstAt: number | null = null;
  // Plain fields, not parameter properties: Node's type stripping only erases syntax, it doesn't transform it.
  private readonly maxLines: number;
  private readonly maxDelayMs: number;

  constructor(maxLines = 50, maxDelayMs = 300) {
    this.maxLines = maxLines;
    this.maxDelayMs = maxDelayMs;
  }

  /** Adds a line; true when the batch should be sent now. */
  add(line: OutputLine, now: number): boolean {
    this.lines.push(line);
    this.firstAt ??= now;
    return this.due(now);
  }

  /** Whether the waiting lines should be sent. */
  due(now: number): boolean {
    if (this.lines.length === 0) return false;
    return this.lines.length >= this.maxLines || now - (this.firstAt ?? now) >= this.maxDelayMs;
  }

  /** Takes every waiting line (possibly none). */
  take(): OutputLine[] {
    const out = this.lines;
    this.lines = [];
    this.firstAt = null;
    return out;
  }

  get size(): number {
    return this.lines.length;
  }
}

/** Keeps the last `max` characters of a stream (the step's `stdout_tail`). */
export class Tail {
  private text = "";
  private readonly max: number;

  constructor(max = 4_000) {
    this.max = max;
  }

  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.max);
  }

  toString(): string {
    return this.text;
  }
}
