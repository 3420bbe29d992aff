/** What every generated form field needs from around it: the references it may offer, and the validation messages. */
import { createContext, useContext } from "react";

/** See `FormContext`. */
export interface FormContextValue {
  /** Paths offered by expression and template inputs (`referenceablePaths` of the node being edited). */
  paths: readonly string[];
  /** Validation messages by dotted path (the same keys the form composes, e.g. `config.url`). */
  issues: ReadonlyMap<string, readonly string[]>;
}

const EMPTY: FormContextValue = { paths: [], issues: new Map() };

/** Provided by the properties and settings panels. */
export const FormContext = createContext<FormContextValue>(EMPTY);

/** The messages for one field path. */
export function useFieldIssues(path: string): readonly string[] {
  return useContext(FormContext).issues.get(path) ?? [];
}

/** The referenceable paths for autocomplete. */
export function useReferencePaths(): readonly string[] {
  return useContext(FormContext).paths;
}

/**
 * The messages for a field and everything below it, each with where below it (`""` for the field itself,
 * `0.name` for a list item's field), for controls that edit a whole subtree in one input.
 */
export function useIssuesUnder(path: string): { at: string; message: string }[] {
  const { issues } = useContext(FormContext);
  const found: { at: string; message: string }[] = [];
  for (const [key, messages] of issues) {
    if (key !== path && !key.startsWith(`${path}.`)) continue;
    const at = key.slice(path.length + 1);
    for (const message of messages) found.push({ at, message });
  }
  return found;
}
