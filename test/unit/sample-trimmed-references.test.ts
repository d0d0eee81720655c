// A relationships test between trimmed keys (`NULLIF(TRIM(s.cmpgn_cd), '') AS cmpgn_cd`) to a model built over
// several sources (the campaigns joined to a brand lookup): goodneighbors_gn_dw's CRM_MEMBER_AMT_CHANGE.CMPGN_CD to
// CRM_CAMPAIGN.CMPGN_CD failed 92 of 100 rows. The target was traced only through a model over one source, and the
// reference was dropped at the trim; a referenced key has no edge spaces and is never empty, so the trimmed key is
// the key.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

it('a trimmed key tested against a model over several sources references the source key it passes', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-trimmed-refs-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: campaigns\n      - name: brands\n      - name: changes\n',
    'models/campaign.sql':
      "select nullif(trim(c.cmpgn_cd), '') as cmpgn_cd, b.brnd_nm\nfrom {{ source('raw', 'campaigns') }} c\n" +
      "left join {{ source('raw', 'brands') }} b on c.brnd_id = b.brnd_id\nwhere c.cmpgn_cd is not null\n",
    'models/amt_change.sql': "select s.ser_no, nullif(trim(s.cmpgn_cd), '') as cmpgn_cd from {{ source('raw', 'changes') }} s\n",
    'models/schema.yml':
      "version: 2\nmodels:\n  - name: amt_change\n    columns:\n      - name: cmpgn_cd\n        tests:\n          - relationships:\n              to: ref('campaign')\n              field: cmpgn_cd\n",
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const key = plans.find((p) => p.sourceId === 'source.p.raw.changes')!.columns.find((c) => c.name === 'cmpgn_cd')!;
  assert.deepEqual(key.references, { sourceId: 'source.p.raw.campaigns', column: 'cmpgn_cd' });
});
