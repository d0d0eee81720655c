// Snowflake's geospatial functions (docs.snowflake.com/en/sql-reference/functions-geospatial) are refused by name at
// the call. GEOGRAPHY measures on the sphere (ST_AREA in square metres, ST_DISTANCE in metres); DuckDB's spatial
// extension, when a machine has it installed and autoloads it, computes on the plane in the coordinates' units — a
// different answer — and without it DuckDB fails with its own catalog message about a rewritten statement.
import type { Handler } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

const NAMES = [
  // conversion, input and output
  'st_geogfromgeohash', 'st_geogpointfromgeohash', 'st_geographyfromwkb', 'st_geographyfromwkt', 'st_geogfromwkb',
  'st_geogfromwkt', 'st_geogfromtext', 'st_geographyfromtext', 'st_geometryfromwkb', 'st_geometryfromwkt',
  'st_geomfromwkb', 'st_geomfromwkt', 'st_geomfromtext', 'st_geometryfromtext', 'st_geomfromgeohash',
  'st_geompointfromgeohash', 'to_geography', 'to_geometry', 'try_to_geography', 'try_to_geometry', 'st_asgeojson',
  'st_aswkb', 'st_asbinary', 'st_asewkb', 'st_aswkt', 'st_astext', 'st_asewkt', 'st_geohash',
  // constructors and accessors
  'st_makeline', 'st_makegeompoint', 'st_geompoint', 'st_makepoint', 'st_point', 'st_makepolygon', 'st_polygon',
  'st_makepolygonoriented', 'st_dimension', 'st_endpoint', 'st_pointn', 'st_srid', 'st_startpoint', 'st_x', 'st_xmax',
  'st_xmin', 'st_y', 'st_ymax', 'st_ymin', 'st_isvalid',
  // relationships and measurement
  'haversine', 'st_area', 'st_azimuth', 'st_contains', 'st_coveredby', 'st_covers', 'st_disjoint', 'st_distance',
  'st_dwithin', 'st_hausdorffdistance', 'st_intersects', 'st_length', 'st_npoints', 'st_numpoints', 'st_perimeter',
  'st_within',
  // transformation
  'st_buffer', 'st_centroid', 'st_collect', 'st_difference', 'st_envelope', 'st_intersection', 'st_intersection_agg',
  'st_setsrid', 'st_simplify', 'st_symdifference', 'st_transform', 'st_union', 'st_union_agg',
  // H3
  'h3_cell_to_boundary', 'h3_cell_to_children', 'h3_cell_to_children_string', 'h3_cell_to_parent', 'h3_cell_to_point',
  'h3_compact_cells', 'h3_compact_cells_strings', 'h3_coverage', 'h3_coverage_strings', 'h3_get_resolution',
  'h3_grid_disk', 'h3_grid_distance', 'h3_grid_path', 'h3_int_to_string', 'h3_is_pentagon', 'h3_is_valid_cell',
  'h3_latlng_to_cell', 'h3_latlng_to_cell_string', 'h3_point_to_cell', 'h3_point_to_cell_string',
  'h3_polygon_to_cells', 'h3_polygon_to_cells_strings', 'h3_string_to_int', 'h3_uncompact_cells',
  'h3_uncompact_cells_strings', 'h3_try_coverage', 'h3_try_coverage_strings', 'h3_try_grid_distance',
  'h3_try_grid_path', 'h3_try_polygon_to_cells', 'h3_try_polygon_to_cells_strings',
];

const refuse = (name: string): Handler => (_args, ctx) => {
  throw new UnsupportedOnDuckDb(`Geospatial function ${name.toUpperCase()}`, ctx.at);
};

export const GEOSPATIAL_HANDLERS: Record<string, Handler> = Object.fromEntries(NAMES.map((n) => [n, refuse(n)]));
