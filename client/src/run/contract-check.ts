// dbt's pre-flight contract check, run on the model's session before anything is built: the columns the
// model's SQL produces and the columns the contract's types produce, both as the warehouse describes them.
import { BronzeError, type ModelNode } from '../../../server/src/core/types';
import { columnSchemaSql, contractErrorMessage, contractMismatches, contractOf, emptySchemaSql } from '../../../server/src/compile';
import type { WarehouseSession } from '../warehouse/warehouse';

export async function assertContract(model: ModelNode, compiledSql: string, session: WarehouseSession, signal?: AbortSignal): Promise<void> {
  const contract = contractOf(model);
  const fromSql = (await session.execute(columnSchemaSql(compiledSql), { signal })).columns;
  const fromContract = (await session.execute(emptySchemaSql(contract), { signal })).columns;
  const mismatches = contractMismatches(fromSql, fromContract);
  if (mismatches.length > 0) throw new BronzeError(contractErrorMessage(mismatches), model.patchLocation ?? model.location, 'bronze/contract-failed');
}
