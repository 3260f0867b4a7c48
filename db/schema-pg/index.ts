/**
 * The PostgreSQL schema (issue 15): a mirror of db/schema/index.ts, file for file, with the same
 * exported names, tables, columns, indexes and foreign keys. tests/unit/schema-parity.test.ts proves
 * the inferred row types equal, tests/pg/schema-parity.test.ts the migrated catalogs.
 */
export * from "./places";
export * from "./people";
export * from "./catalog";
export * from "./events";
export * from "./topics";
export * from "./opinions";
export * from "./meetings";
export * from "./notifications";
export * from "./plans";
export * from "./ballots";
export * from "./notices";
export * from "./tasks";
export * from "./ratings";
export * from "./deployment";
export * from "./imports";
export * from "./activation";
export * from "./outbox";
export * from "./jobs";
// PostgreSQL only: the full-text index SQLite keeps in its FTS5 virtual table (db/migrations/0002).
export * from "./search";
