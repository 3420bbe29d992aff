/** The small set of shared UI components; features build on these. */
export { Badge, type Tone } from "./Badge";
export { Button } from "./Button";
export { Card } from "./Card";
export { ConfirmButton } from "./ConfirmButton";
export { CopyField } from "./CopyField";
export { ErrorNotice } from "./ErrorNotice";
export { SelectField, TextField } from "./Field";
export { FormError } from "./FormError";
export { Notice } from "./Notice";
export { PageHeader } from "./PageHeader";
export { QueryState } from "./QueryState";
