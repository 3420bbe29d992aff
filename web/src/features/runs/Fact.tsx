/** One term and value of a facts list (`<dl className="facts">`). */
import type { ReactNode } from "react";

/** @example <dl className="facts"><Fact term="Version">v3</Fact></dl> */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
