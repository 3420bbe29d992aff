/** The D1 schema, split by area. `drizzle-kit generate` reads this file. */
export * from "./audit";
export * from "./identity";
export * from "./workflows";
