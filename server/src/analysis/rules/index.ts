// Every diagnostic rule, in the order their results are listed.
import { callArguments } from './call-arguments';
import { contractColumns, contractConstraint } from './contract';
import { missingColumn, undocumentedColumn } from './columns';
import { dagCycle } from './dag-cycle';
import {
  incrementalFilterColumn,
  incrementalWithoutUniqueKey,
  isIncrementalUnused,
  preHookSelfWrite,
  thisBeforeExists,
  uniqueKeyNoEffect,
} from './incremental';
import { microbatchConfig, microbatchNoEventTimeInput } from './microbatch';
import { jinjaSyntax, jinjaSyntaxFiles, jinjaSyntaxHooks } from './jinja-syntax';
import { loaderDiagnostics } from './loader-diagnostics';
import { unsupportedMaterialization } from './materialization';
import { modelOutsidePaths } from './model-outside-paths';
import { notAQueryModel } from './not-a-query';
import { piiUntagged } from './pii';
import type { Rule } from './rule';
import { seedCsv } from './seed-csv';
import { snowflakeOnDuckDb } from './snowflake-on-duckdb';
import { sqlSyntax } from './sql-syntax';
import { templateFiles } from './template-files';
import { testArguments } from './test-arguments';
import { undefinedName } from './undefined-name';
import { unknownGenericTest } from './unknown-generic-test';
import { unknownRef, unknownRefInTest } from './unknown-ref';
import { unknownSource, unknownSourceInPython } from './unknown-source';
import { secretEnvVar, undefinedVar, unsetEnvVar } from './vars';

export const RULES: readonly Rule[] = [
  loaderDiagnostics,
  jinjaSyntax,
  jinjaSyntaxFiles,
  jinjaSyntaxHooks,
  unknownRef,
  unknownRefInTest,
  unknownSource,
  unknownSourceInPython,
  callArguments,
  undefinedName,
  templateFiles,
  dagCycle,
  unknownGenericTest,
  testArguments,
  modelOutsidePaths,
  unsupportedMaterialization,
  missingColumn,
  undocumentedColumn,
  contractColumns,
  contractConstraint,
  thisBeforeExists,
  isIncrementalUnused,
  incrementalWithoutUniqueKey,
  uniqueKeyNoEffect,
  incrementalFilterColumn,
  microbatchConfig,
  microbatchNoEventTimeInput,
  preHookSelfWrite,
  undefinedVar,
  unsetEnvVar,
  secretEnvVar,
  piiUntagged,
  sqlSyntax,
  notAQueryModel,
  snowflakeOnDuckDb,
  seedCsv,
];

export type { Rule, RuleContext, ModelFacts } from './rule';
