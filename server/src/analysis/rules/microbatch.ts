// dbt's microbatch strategy (https://docs.getdbt.com/docs/build/incremental-microbatch): the config errors dbt raises
// while parsing (check_valid_microbatch_config: event_time, begin, batch_size, lookback, concurrent_batches; an input's
// event_time of another type than string), and its warning for a model none of whose inputs has event_time.
import type { Diagnostic } from '../../core/types';
import { isMicrobatch, microbatchConfigProblem } from '../../compile/microbatch';
import { configRange } from './incremental';
import { diag, type ModelFacts, type Rule, type RuleContext } from './rule';

/** The config key a problem message names (its first quoted key), to place the diagnostic on that argument. */
function problemKey(message: string): string {
  return /'(event_time|begin|batch_size|lookback|concurrent_batches)'/.exec(message)?.[1] ?? 'incremental_strategy';
}

/** The configs of the nodes the model refs or reads as sources. */
function inputs(ctx: RuleContext, f: ModelFacts): Array<{ name: string; eventTime: unknown }> {
  const out: Array<{ name: string; eventTime: unknown }> = [];
  for (const id of f.node.dependsOn.nodes) {
    const node = ctx.project.models.get(id) ?? ctx.project.sources.get(id);
    if (node) out.push({ name: node.name, eventTime: node.config.event_time });
  }
  return out;
}

export const microbatchConfig: Rule = {
  id: 'bronze/microbatch-config',
  severity: 'error',
  scope: 'model',
  description: "A microbatch model's config dbt refuses: event_time, begin and batch_size are required.",
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      if (!isMicrobatch(f.node.config)) continue;
      const problem = microbatchConfigProblem(f.node.config, f.node.name);
      if (problem) {
        out.push(diag(microbatchConfig, f.file, configRange(f, problemKey(problem)), problem));
        continue;
      }
      for (const input of inputs(ctx, f)) {
        if (input.eventTime === undefined || input.eventTime === null || typeof input.eventTime === 'string') continue;
        out.push(
          diag(
            microbatchConfig,
            f.file,
            configRange(f, 'incremental_strategy'),
            `Microbatch model '${f.node.name}' depends on an input node '${input.name}' with an 'event_time' config of invalid (non-string) type. Set event_time to the name of its event time column.`,
          ),
        );
      }
    }
    return out;
  },
};

export const microbatchNoEventTimeInput: Rule = {
  id: 'bronze/microbatch-no-event-time-input',
  severity: 'warning',
  scope: 'model',
  description: 'A microbatch model none of whose refs or sources has an event_time config: no batch filters its input.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      if (!isMicrobatch(f.node.config) || microbatchConfigProblem(f.node.config, f.node.name)) continue;
      if (inputs(ctx, f).some((i) => typeof i.eventTime === 'string' && i.eventTime !== '')) continue;
      out.push(
        diag(
          microbatchNoEventTimeInput,
          f.file,
          configRange(f, 'incremental_strategy'),
          `The microbatch model '${f.node.name}' has no 'ref' or 'source' input with an 'event_time' configuration. This means no filtering can be applied and can result in unexpected duplicate records in the resulting microbatch model. Set event_time on the models or sources it reads (in their config).`,
        ),
      );
    }
    return out;
  },
};
