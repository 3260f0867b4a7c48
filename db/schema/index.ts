/** The database schema, one file per area (following lib/); everything is re-exported from here. */
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
