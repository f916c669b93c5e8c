import { PrismaPg } from "adapter-pg-7";
import { defineConfig } from "prisma/config";

// The Prisma CLI runs its bundled WASM schema engine through a driver adapter, so migrations need no
// native engine download. adapter-pg 7 is used here because 6.x cannot read Postgres `name` columns.
export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/ocpp" }),
});
