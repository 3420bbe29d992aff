import type { ComponentPropsWithRef } from "react";

type Variant = "primary" | "secondary" | "danger" | "ghost";

/** The one button. `variant` picks the look; everything else (including `ref`) is a native button attribute. */
export function Button({
  variant = "secondary",
  className,
  ...rest
}: ComponentPropsWithRef<"button"> & { variant?: Variant }) {
  return <button type="button" className={`btn btn-${variant}${className ? ` ${className}` : ""}`} {...rest} />;
}
