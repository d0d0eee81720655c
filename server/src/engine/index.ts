// Public API of the engine facade.
export { Engine, offlineResolver, jinjaLiteral, isEphemeral, type EngineOptions, type Resolver, type RenderContextOptions, type CompiledModel, type PreviewMode } from './engine';
export { buildManifest, type ManifestOptions } from './manifest';
export { stateRelations } from './defer';
