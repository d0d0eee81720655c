// A model render request for renderResolving tests: model `m` of project `proj` on a Snowflake target, refs to DB.S.X,
// sources to RAW.<SOURCE>.<TABLE>.
import type { TargetConfig } from '../../../server/src/core/types';
import { JinjaEnvironment, type RenderRequest } from '../../../server/src/template/index';

export const TARGET: TargetConfig = { name: 'dev', profileName: 'p', type: 'snowflake', threads: 1, database: 'DB', schema: 'S' };

export function request(text: string, over: Partial<RenderRequest> = {}): RenderRequest {
  return {
    phase: 'execute',
    text,
    file: '/proj/models/m.sql',
    node: {
      uniqueId: 'model.proj.m',
      name: 'm',
      packageName: 'proj',
      resourceType: 'model',
      config: { enabled: true, materialized: 'table', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [] },
      relation: { database: 'DB', schema: 'S', identifier: 'M' },
      fqn: ['proj', 'm'],
    },
    target: TARGET,
    projectName: 'proj',
    vars: { cli: {}, project: {} },
    resolveRef: () => ({ database: 'DB', schema: 'S', identifier: 'X' }),
    resolveSource: (s, t) => ({ database: 'RAW', schema: s.toUpperCase(), identifier: t.toUpperCase() }),
    fullRefresh: false,
    invocationId: 'inv',
    runStartedAt: new Date(0),
    ...over,
  };
}

export const env = (): JinjaEnvironment => new JinjaEnvironment({ rootPackage: 'proj' });
