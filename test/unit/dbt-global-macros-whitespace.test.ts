// dbt's cross-database macros print exactly the text dbt-adapters' `default__` and dbt-snowflake's `snowflake__`
// macros print, blank lines and indentation included, so a compiled model is byte-identical to dbt's compiled SQL
// (the real-world diff found `dateadd` on one line and a bare `except` where dbt prints several lines). Expected
// strings are what dbt-adapters (global_project/macros/utils) and dbt-snowflake (macros/utils) render; nothing is
// trimmed here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeConfig, TargetConfig } from '../../server/src/core/types';
import { JinjaEnvironment, render, type Introspection, type RenderRequest } from '../../server/src/template/index';

const target: TargetConfig = { name: 'dev', profileName: 'p', type: 'snowflake', threads: 1, database: 'DB', schema: 'ANALYTICS' } as TargetConfig;
const config = { enabled: true, materialized: 'view', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [] } as unknown as NodeConfig;

function req(text: string, introspection?: Introspection): RenderRequest {
  return {
    phase: 'execute',
    text,
    file: '/proj/models/m.sql',
    node: { uniqueId: 'model.proj.m', name: 'm', packageName: 'proj', resourceType: 'model', config, relation: { database: 'DB', schema: 'ANALYTICS', identifier: 'M' }, fqn: ['proj', 'm'] },
    target,
    projectName: 'proj',
    vars: { cli: {}, project: {} },
    resolveRef: (call) => ({ database: 'DB', schema: 'ANALYTICS', identifier: call.name }),
    resolveSource: (s, t) => ({ database: 'RAW', schema: s, identifier: t }),
    fullRefresh: false,
    invocationId: 'inv',
    runStartedAt: new Date('2024-01-01T00:00:00Z'),
    introspection,
  };
}

const env = new JinjaEnvironment({ rootPackage: 'proj' });
const out = (text: string, introspection?: Introspection) => render(env, req(text, introspection)).sql;

describe("dbt's cross-database macros print dbt's whitespace (Snowflake)", () => {
  it('dateadd, datediff, last_day', () => {
    assert.equal(out("{{ dbt.dateadd('day', -1, 'd') }}"), '\n\n    dateadd(\n        day,\n        -1,\n        d\n        )\n\n');
    assert.equal(out("{{ dbt.datediff('a', 'b', 'day') }}"), 'datediff(\n        day,\n        a,\n        b\n        )');
    const inner = "\n\n    dateadd(\n        month,\n        1,\n        date_trunc('month', d)\n        )\n\n";
    const outer = `\n\n    dateadd(\n        day,\n        -1,\n        ${inner}\n        )\n\n`;
    assert.equal(out("{{ dbt.last_day('d', 'month') }}"), `cast(\n        ${outer}\n        as date)`);
  });

  it('except, intersect, split_part, replace, position, length, right', () => {
    assert.equal(out('{{ dbt.except() }}|{{ dbt.intersect() }}'), '\n\n    except\n\n|\n\n    intersect\n\n');
    assert.equal(out("{{ dbt.split_part('s', \"','\", 2) }}"), "\n\n    split_part(\n        s,\n        ',',\n        2\n        )\n\n");
    assert.equal(out("{{ dbt.replace('s', \"'a'\", \"'b'\") }}"), "\n\n    replace(\n        s,\n        'a',\n        'b'\n    )\n\n\n");
    assert.equal(out("{{ dbt.position(\"'a'\", 's') }}"), "\n\n    position(\n        'a' in s\n    )");
    assert.equal(out("{{ dbt.length('s') }}"), '\n\n    length(\n        s\n    )');
    assert.equal(out("{{ dbt.right('s', 3) }}"), "\n\n    case when 3 = 0\n        then ''\n    else\n        right(\n            s,\n            3\n        )\n    end");
  });

  it('cast, safe_cast, cast_bool_to_text', () => {
    assert.equal(out("{{ dbt.cast('x', 'int') }}"), '\n    cast(x as int)\n    ');
    assert.equal(out("{{ dbt.cast('g', 'geography') }}"), '\n    to_geography(g)\n    ');
    assert.equal(out("{{ dbt.safe_cast('x', 'int') }}"), '\n    \n        try_cast(x as int)\n    ');
    assert.equal(out("{{ dbt.safe_cast(5, 'varchar') }}"), "\n    \n        try_cast('5' as varchar)\n    ");
    assert.equal(out("{{ dbt.safe_cast('g', 'GEOMETRY') }}"), '\n    try_to_geometry(g)\n    ');
    assert.equal(out("{{ dbt.safe_cast('v', 'variant') }}"), '\n    \n    cast(v as variant)\n    \n    ');
    assert.equal(out("{{ dbt.cast_bool_to_text('b') }}"), '\n  \n    cast(b as TEXT)\n\n');
  });

  it('listagg with and without a limit', () => {
    assert.equal(out("{{ dbt.listagg('n') }}"), "\n    listagg(\n        n,\n        ','\n        )\n        ");
    assert.equal(out("{{ dbt.listagg('n', \"'|'\", 'order by n') }}"), "\n    listagg(\n        n,\n        '|'\n        )\n        within group (order by n)");
    assert.equal(
      out("{{ dbt.listagg('n', \"'|'\", 'order by n', 2) }}"),
      "array_to_string(\n        array_slice(\n            array_agg(\n                n\n            )within group (order by n)\n            ,0\n            ,2\n        ),\n        '|'\n        )",
    );
  });

  it('current_timestamp_in_utc_backcompat, array_construct', () => {
    assert.equal(out('{{ dbt.current_timestamp_in_utc_backcompat() }}'), "\n  convert_timezone('UTC', \n  current_timestamp::timestamp\n)::timestamp\n");
    assert.equal(out("{{ dbt.array_construct(['1', '2']) }}"), 'array_construct( 1 , 2 )');
  });

  it('generate_series and date_spine', () => {
    const term = (i: number, last: boolean) => `\n    p${i}.generated_number * power(2, ${i})\n    ${last ? '' : ' + '}\n    `;
    const from = (i: number, last: boolean) => `\n    p as p${i}\n    ${last ? '' : ' cross join '}\n    `;
    const series =
      '\n\n    \n\n    with p as (\n        select 0 as generated_number union all select 1\n    ), unioned as (\n\n    select\n\n    ' +
      term(0, false) + term(1, true) +
      '\n    + 1\n    as generated_number\n\n    from\n\n    ' +
      from(0, false) + from(1, true) +
      '\n\n    )\n\n    select *\n    from unioned\n    where generated_number <= 3\n    order by generated_number\n\n';
    assert.equal(out('{{ dbt.generate_series(3) }}'), series);

    const introspection: Introspection = { relationType: () => null, columns: () => [], query: () => ({ columns: ['n'], rows: [[3]] }) };
    const add = "\n\n    dateadd(\n        day,\n        row_number() over (order by 1) - 1,\n        '2024-01-01'\n        )\n\n";
    assert.equal(
      out("{{ dbt.date_spine('day', \"'2024-01-01'\", \"'2024-01-04'\") }}", introspection),
      `\n\n\n    \n\n\n    with rawdata as (\n\n        ${series}\n\n    ),\n\n    all_periods as (\n\n        select (\n            ${add}\n        ) as date_day\n        from rawdata\n\n    ),\n\n    filtered as (\n\n        select *\n        from all_periods\n        where date_day <= '2024-01-04'\n\n    )\n\n    select * from filtered\n\n`,
    );
  });
});
