/** Types of the part of dynalite the tests use (the package ships none). */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  /** Options of a dynalite server; without `path` it keeps its data in memory. */
  interface DynaliteOptions {
    readonly createTableMs?: number;
    readonly deleteTableMs?: number;
    readonly updateTableMs?: number;
    readonly path?: string;
  }

  /** Creates a DynamoDB-compatible HTTP server (not yet listening). */
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}
