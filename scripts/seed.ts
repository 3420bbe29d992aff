/** `npm run seed`: apply the idempotent demo seed to the local D1. */
import { seedLocal } from "./lib/seed.ts";

seedLocal();
console.log("demo data seeded");
