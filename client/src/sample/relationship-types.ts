// A relationships test compares its column with the referenced model's field (`child.c = parent.field`, in effect):
// Snowflake compares them as one type, converting text to a number where the other side is one. Where a model casts
// one side to a number (mattermost's `fields:project.id::integer as project_id`) and the other side comes from a
// source column nothing types, that column holds numbers on Snowflake — as text ids ('ID-0000001') the test fails
// to convert them.
import type { ProjectModel, TestNode } from '../../../server/src/core/types';
import { originOfModelColumn } from './model-alias';

const NUMERIC = /^(number|numeric|decimal|int|integer|bigint|smallint|tinyint|byteint|float|float4|float8|double|real)$/i;

/** How far up the models a column is followed to where it is made. */
const MAX_HOPS = 6;

/**
 * Where a model upstream of `modelId` (or it) makes `column` (followed by name, and through renames): whether it is a
 * conversion (a cast or a JSON path) and the type of the cast. Not made anywhere: passed through from a source.
 */
export function madeUpstream(project: ProjectModel, modelId: string, column: string): { converted: boolean; castTo?: string } {
  const queue: Array<{ id: string; column: string; hops: number }> = [{ id: modelId, column, hops: 0 }];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { id, column: name, hops } = queue.shift()!;
    const model = project.models.get(id);
    if (!model || model.resourceType !== 'model' || hops > MAX_HOPS || seen.has(`${id}|${name}`)) continue;
    seen.add(`${id}|${name}`);
    const origin = originOfModelColumn(model.rawCode, name);
    if (origin?.converted) return { converted: true, ...(origin.castTo ? { castTo: origin.castTo } : {}) };
    if (origin?.aggregate) return { converted: false };
    for (const parent of model.dependsOn.nodes) if (parent.startsWith('model.')) queue.push({ id: parent, column: origin?.column ?? name, hops: hops + 1 });
  }
  return { converted: false };
}

/**
 * The source columns a relationships test asks to hold numbers: the side passed through from a source, where a model
 * casts the other side to a number, or a set operation makes it one (`unionNumber`: Snowflake converts a UNION's text
 * branch to the other's NUMBER). `trace` gives the source columns a model column is passed through from.
 */
export function numbersForRelationship(
  project: ProjectModel,
  test: TestNode,
  trace: (modelId: string, column: string) => Array<{ sourceId: string; column: string }>,
  unionNumber: (modelId: string, column: string) => boolean = () => false,
): Array<{ sourceId: string; column: string; dataType: string }> {
  const meta = test.testMetadata;
  const column = test.columnName;
  // A quoted field (`field: '"Product ID"'`) names the column as the quotes hold it.
  const field = typeof meta?.kwargs.field === 'string' ? meta.kwargs.field.replace(/^\s*"([^"]+)"\s*$/, '$1') : undefined;
  const ref = /ref\(\s*(?:['"][^'"]+['"]\s*,\s*)?['"]([^'"]+)['"]/.exec(String(meta?.kwargs.to ?? ''));
  const parent = ref ? [...project.models.values()].find((m) => m.resourceType === 'model' && m.name === ref[1]) : undefined;
  const child = test.attachedNode;
  if (meta?.name !== 'relationships' || !column || !field || !parent || !child?.startsWith('model.')) return [];
  const sides: Array<[string, string]> = [
    [child, column],
    [parent.uniqueId, field],
  ];
  const made = sides.map(([id, c]) => madeUpstream(project, id, c));
  const unioned = sides.map(([id, c]) => unionNumber(id, c));
  const out: Array<{ sourceId: string; column: string; dataType: string }> = [];
  for (const [i, j] of [
    [0, 1],
    [1, 0],
  ]) {
    const castTo = made[i].castTo !== undefined && NUMERIC.test(made[i].castTo) ? made[i].castTo : undefined;
    const cast = castTo ?? (unioned[i] ? 'NUMBER(38,0)' : undefined);
    if (!cast || made[j].converted || unioned[j]) continue;
    for (const s of trace(sides[j][0], sides[j][1])) out.push({ sourceId: s.sourceId, column: s.column, dataType: cast.toUpperCase() });
  }
  return out;
}
