import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { BulkWriter } from '../../db/database';
import type { ImportTx } from '../../db/schema-imports';

/**
 * A Kysely handle on a bulk transaction (`Database.bulk`): the commit of an import writes pupils with COPY and, in
 * the same transaction, checks duplicates, updates the import and appends the audit entry through the ordinary
 * repositories. Every query runs on the bulk transaction's own connection; the handle opens no transaction of its
 * own (the bulk transaction is the one), and on the embedded database it never waits for the connection lock the
 * bulk transaction already holds.
 */
export function bulkKysely(writer: BulkWriter): ImportTx {
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      return { rows: await writer.query<R>(query.sql, query.parameters) };
    },

    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('streaming is not available in a bulk transaction');
    },
  };
  const refuse = async () => {
    throw new Error('a bulk transaction is already open: nested transactions are not available');
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: refuse,
    commitTransaction: refuse,
    rollbackTransaction: refuse,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  return new Kysely({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}
