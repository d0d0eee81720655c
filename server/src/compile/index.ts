// SQL generation: dialects, materialization plans, data tests and freshness. Pure text; never runs SQL.
export * from './dialect';
export * from './materializations';
export * from './tests';
export * from './freshness';
export * from './statements';
export { renderRelation, quoteIdentifier, tmpRelationOf } from './sql-text';
export * from './ephemeral';
export * from './snapshot';
export * from './contract';
export * from './microbatch';
