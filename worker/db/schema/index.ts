/** The D1 schema, split by area. `drizzle-kit generate` reads this file. */
export * from "./ai";
export * from "./audit";
export * from "./automations";
export * from "./connections";
export * from "./identity";
export * from "./marketplace";
export * from "./mcp";
export * from "./runners";
export * from "./runs";
export * from "./triggers";
export * from "./workflows";
