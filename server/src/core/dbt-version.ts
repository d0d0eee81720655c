/** The dbt-core version Bronze follows: written into artifacts and given to templates as `dbt_version`. */
export const DBT_VERSION = '1.10.0';
