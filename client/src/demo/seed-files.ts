// The demo's seed: the subscription plans as a small reference table (`bronze seed`, or first in `bronze build`).
// Its plan_type values are the ones RAW users carry, and its tests hold the seed to that.
import { PLAN_TYPES } from './raw-tables';

/** Illustrative list prices and limits per plan (not a price list of any vendor). */
const PLANS: Record<(typeof PLAN_TYPES)[number], [string, string, number, number, boolean, string]> = {
  Free: ['0.00', '0.00', 100, 40, false, '2013-01-01'],
  Basic: ['7.99', '79.90', 100, 1440, false, '2016-04-01'],
  Pro: ['15.99', '159.90', 100, 1800, true, '2013-01-01'],
  Business: ['21.99', '219.90', 300, 1800, true, '2015-06-01'],
  Enterprise: ['26.99', '269.90', 500, 1800, true, '2017-09-15'],
};

export function planTypesCsv(): string {
  const header = 'plan_type,monthly_price_usd,annual_price_usd,max_participants,max_meeting_minutes,cloud_recording,launched_on';
  return [header, ...PLAN_TYPES.map((p) => [p, ...PLANS[p]].join(','))].join('\n') + '\n';
}

export function planTypesYml(): string {
  return `version: 2

seeds:
  - name: plan_types
    description: Subscription plans with their list prices and limits; users.plan_type takes these values.
    columns:
      - name: plan_type
        description: The plan's name, as RAW users carry it.
        data_tests:
          - unique
          - not_null
          - accepted_values:
              values: [${PLAN_TYPES.map((p) => `'${p}'`).join(', ')}]
      - name: monthly_price_usd
        description: List price per month in USD (FLOAT, inferred from the CSV as dbt does).
        data_tests:
          - not_null
          - dbt_utils.accepted_range:
              min_value: 0
      - name: annual_price_usd
        description: List price per year in USD.
      - name: max_participants
        description: Most participants in one meeting.
      - name: max_meeting_minutes
        description: Longest meeting in minutes.
      - name: cloud_recording
        description: Whether meetings can be recorded to the cloud.
      - name: launched_on
        description: When the plan was first offered.
`;
}
