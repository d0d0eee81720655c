// Its own module so that the CLI entry can recognise the error without loading the runner (and DuckDB) first.

/** A configuration problem: the run cannot start (CLI exit status 2). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
