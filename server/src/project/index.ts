// Public API of the project loader.
export { loadProject, reloadFiles, type LoadOptions, type LoadedProject, type DocBlock } from './load';
export { findProjectRoot, findProjects, PROJECT_FILE, SKIPPED_DIRS } from './find-project';
export { parseYaml, formatPath, YamlSource, type PathSegment, type RangePart } from './yaml-source';
export { LineIndex } from './line-index';
export {
  scanTemplate,
  parseLiteral,
  type ScanResult,
  type ScannedCall,
  type ScannedArg,
  type ScannedKwarg,
  type TemplateDefinition,
  type LiteralValue,
  type ScanProblem,
} from './scanner';
export {
  loadProfiles,
  parseProfiles,
  resolveTarget,
  defaultLocalTarget,
  maskSecrets,
  renderProfileString,
  profilesDirCandidates,
  type ProfilesFile,
  type ProfileEntry,
  type Env,
} from './profiles';
export {
  validate,
  projectFileSchema,
  schemaFileSchema,
  modelEntrySchema,
  sourceEntrySchema,
  tableEntrySchema,
  columnSchema,
  modelConfigSchema,
  testConfigSchema,
  packagesFileSchema,
  profileSchema,
  duckdbOutputSchema,
  snowflakeOutputSchema,
  type SchemaIssue,
} from './schemas';
export { mergeConfig, normalizeHooks, treeLayers, relationFor, defaultGenerateSchemaName, type GenerateSchemaName, type SchemaNameContext } from './config';
export { synthesizeTestName, parseTestEntry, type ParsedTestEntry } from './generic-tests';
export { didYouMean, levenshtein } from './did-you-mean';
