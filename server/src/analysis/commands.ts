// Client command ids the model code lenses invoke (the VS Code client registers them). No imports, so the
// protocol file the client bundles can share it without pulling in the analysis engine.
export const MODEL_COMMANDS = {
  run: 'bronze.runModel',
  build: 'bronze.buildModel',
  preview: 'bronze.previewCompiledSql',
  test: 'bronze.testModel',
  previewData: 'bronze.previewData',
  previewCte: 'bronze.previewCte',
} as const;

export type ModelCommand = (typeof MODEL_COMMANDS)[keyof typeof MODEL_COMMANDS];
