import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedPackageName, missingPackages } from '../../server/src/project/packages-installed';
import { parseYaml } from '../../server/src/project/yaml-source';

describe('packages.yml entries that are not installed', () => {
  it('reads the name each entry installs as', () => {
    assert.equal(expectedPackageName({ package: 'dbt-labs/dbt_utils', version: '1.3.0' }), 'dbt_utils');
    assert.equal(expectedPackageName({ package: 'dbt-labs/codegen' }), 'codegen');
    assert.equal(expectedPackageName({ git: 'https://example.invalid/acme/dbt-utils.git', revision: '1.0' }), 'dbt_utils');
    assert.equal(expectedPackageName({ local: '../shared_macros/' }), 'shared_macros');
    assert.equal(expectedPackageName({ tarball: 'https://x/a.tar.gz', name: 'acme' }), 'acme');
  });

  it('warns on each entry with nothing installed, at the entry, and says to run bronze deps', () => {
    const text = 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n  - package: dbt-labs/codegen\n    version: 0.13.1\n';
    const src = parseYaml('/p/packages.yml', text);
    const none = missingPackages(src, src.value, [], 'dbt_packages');
    assert.deepEqual(none.map((d) => [d.code, d.severity, d.range.start.line]), [['bronze/package-not-installed', 'warning', 1], ['bronze/package-not-installed', 'warning', 3]]);
    assert.match(none[0].message, /Package 'dbt_utils' is declared here but not installed in dbt_packages\/: .*Run `bronze deps`/);
    assert.deepEqual(missingPackages(src, src.value, ['dbt_utils', 'codegen'], 'dbt_packages'), []);
  });
});
