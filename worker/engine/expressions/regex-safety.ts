/**
 * A conservative check against catastrophic backtracking: refuses regexes that repeat a part which itself
 * repeats without bound ("star height" above one, e.g. `(a+)+`, `(\w*)*`, `(x+y)+`). JavaScript's regex engine
 * backtracks, and one such match on a 30-character input can run for minutes inside a single native call, where
 * no step budget can interrupt it. Same rule as the `safe-regex` package; it may refuse a few harmless patterns.
 */

interface Quantifier {
  length: number;
  /** Matches its atom more than once. */
  repeats: boolean;
  /** Has no (small) upper bound. */
  unbounded: boolean;
}

/** Bounded repetitions above this count as unbounded (`(a+){1,1000}` is as bad as `(a+)+`). */
const LARGE_REPEAT = 10;

function readQuantifier(source: string, index: number): Quantifier | null {
  const char = source[index];
  if (char === "*" || char === "+") return { length: 1, repeats: true, unbounded: true };
  if (char === "?") return { length: 1, repeats: false, unbounded: false };
  if (char !== "{") return null;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(index, index + 24));
  if (!match) return null;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : match[3] === "" ? Number.POSITIVE_INFINITY : Number(match[3]);
  return { length: match[0].length, repeats: max > 1, unbounded: max > LARGE_REPEAT };
}

/** Index just after a character class starting at `index` (`[`). */
function skipClass(source: string, index: number): number {
  let i = index + 1;
  if (source[i] === "^") i += 1;
  if (source[i] === "]") i += 1; // a leading ] is literal
  while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
  return i + 1;
}

/** Index just after a group opening at `index` (`(`, `(?:`, `(?=`, `(?<name>`…). */
function skipGroupOpening(source: string, index: number): number {
  if (source[index + 1] !== "?") return index + 1;
  const kind = source[index + 2];
  if (kind === "<" && source[index + 3] !== "=" && source[index + 3] !== "!") {
    const end = source.indexOf(">", index);
    return end === -1 ? source.length : end + 1;
  }
  return index + (kind === "<" ? 4 : 3);
}

/**
 * True when the pattern has no nested unbounded repetition.
 * @example isSafeRegex("^\\d+(\\.\\d+)?$") // true
 * @example isSafeRegex("(a+)+$") // false
 */
export function isSafeRegex(source: string): boolean {
  // One entry per open group: does it contain an unbounded repetition?
  const groups: boolean[] = [false];
  // What a quantifier at the current position would apply to.
  let atom: "none" | "simple" | "risky-group" | "plain-group" = "none";
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (char === "\\") {
      i += 2;
      atom = "simple";
    } else if (char === "[") {
      i = skipClass(source, i);
      atom = "simple";
    } else if (char === "(") {
      groups.push(false);
      i = skipGroupOpening(source, i);
      atom = "none";
    } else if (char === ")") {
      const inner = groups.pop() ?? false;
      if (groups.length === 0) return false; // unbalanced: refuse rather than guess
      if (inner) groups[groups.length - 1] = true;
      atom = inner ? "risky-group" : "plain-group";
      i += 1;
    } else {
      const quantifier = readQuantifier(source, i);
      if (quantifier) {
        if (atom === "risky-group" && quantifier.repeats) return false;
        if (quantifier.unbounded) groups[groups.length - 1] = true;
        i += quantifier.length;
        if (source[i] === "?") i += 1; // lazy modifier
        atom = "none";
      } else {
        atom = char === "|" ? "none" : "simple";
        i += 1;
      }
    }
  }
  return true;
}
