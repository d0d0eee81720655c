// The `grants` config merges as dbt merges it (MergeBehavior.DictKeyAppend, docs.getdbt.com/reference/resource-configs/grants):
// a `+privilege` key adds grantees to those a less specific level set, a plain key replaces them, a single grantee is a
// list of one — so apply_grants never sees a `+select` privilege, nor iterates a grantee's name letter by letter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig, mergeConfig } from '../../server/src/project/config';

test('`+privilege` extends, a plain privilege replaces, a string grantee becomes a list', () => {
  const project = mergeConfig(defaultConfig('table'), { '+grants': { select: ['reporter'], insert: 'loader' } });
  assert.deepEqual(project.grants, { select: ['reporter'], insert: ['loader'] });
  const yaml = mergeConfig(project, { grants: { '+select': ['analyst'], update: 'ops' } });
  assert.deepEqual(yaml.grants, { select: ['reporter', 'analyst'], insert: ['loader'], update: ['ops'] });
  const sql = mergeConfig(yaml, { grants: { select: ['bi'] } });
  assert.deepEqual(sql.grants, { select: ['bi'], insert: ['loader'], update: ['ops'] });
  // A `+privilege` with nothing inherited is that privilege's list.
  assert.deepEqual(mergeConfig(defaultConfig('view'), { grants: { '+select': 'a' } }).grants, { select: ['a'] });
});
