// Time zones for templates as dbt's `modules.pytz` gives them: pytz zones read from the ICU time-zone data Node
// carries. pytz attaches one fixed-offset tzinfo per (zone, offset): a datetime built with `tzinfo=zone` gets the
// zone's first offset (local mean time, e.g. -04:56 for America/New_York), `localize` the offset in force at that
// wall time, `astimezone`/`normalize` the one at that instant. pytz rounds offsets to whole minutes.

/** A tzinfo attached to a datetime: always one fixed offset with its names (pytz's and datetime.timezone's are). */
export class PyTzInfo {
  constructor(
    readonly offsetSeconds: number,
    /** tzname(): null when the tzinfo has none (pytz.FixedOffset); undefined when Bronze cannot know it. */
    readonly name: string | null | undefined,
    /** str(tzinfo). */
    readonly display: string,
    /** The zone it belongs to, for its name in errors. */
    readonly zone: string,
    /** The pytz zone it is one offset of: pytz's tzinfo can localize, normalize and convert as its zone does. */
    readonly owner?: PyZone,
  ) {}
}

/** A pytz zone: `pytz.timezone(name)`, `pytz.utc`, `pytz.FixedOffset(minutes)`. */
export class PyZone {
  private constructor(
    /** str(zone). */
    readonly display: string,
    private readonly iana: string | undefined,
    private readonly fixed: PyTzInfo | undefined,
  ) {}

  static readonly utc = new PyZone('UTC', undefined, new PyTzInfo(0, 'UTC', 'UTC', 'UTC'));

  static named(name: string): PyZone {
    if (name.toLowerCase() === 'utc') return PyZone.utc;
    let resolved: string;
    try {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      throw new Error(`UnknownTimeZoneError: '${name}' (pytz knows no such time zone)`);
    }
    // pytz keeps a link's own name (US/Eastern, Asia/Calcutta); ICU answers the zone it links to.
    if (resolved.toLowerCase() === name.toLowerCase()) return new PyZone(resolved, resolved, undefined);
    if (name === name.toLowerCase()) {
      throw new Error(`the time zone '${name}' is a link whose spelling Bronze cannot give as pytz does: write it with its capitals (e.g. 'US/Eastern') or as '${resolved}'`);
    }
    return new PyZone(name, name, undefined);
  }

  static fixedOffset(minutes: number): PyZone {
    if (!Number.isInteger(minutes) || Math.abs(minutes) >= 1440) throw new Error('ValueError: absolute offset is too large');
    if (minutes === 0) return PyZone.utc;
    const display = `pytz.FixedOffset(${minutes})`;
    return new PyZone(display, undefined, new PyTzInfo(minutes * 60, null, display, display));
  }

  /** The tzinfo `datetime(…, tzinfo=zone)` and `replace(tzinfo=zone)` attach: the zone's first offset. */
  first(): PyTzInfo {
    if (this.fixed) return this.fixed;
    return this.infoAt(Date.UTC(1000, 0, 1));
  }

  /** The tzinfo in force at an instant (ms since the epoch, UTC). */
  infoAt(utcMs: number): PyTzInfo {
    if (this.fixed) return this.fixed;
    const raw = icuOffsetSeconds(this.iana!, utcMs);
    return new PyTzInfo(roundToMinute(raw), abbreviation(this.iana!, utcMs, raw), this.display, this.display, this);
  }

  /** pytz's localize: the offset for a wall time (ms, as if UTC); `isDst` settles ambiguous and missing times. */
  localize(wallMs: number, isDst: boolean | null): PyTzInfo {
    if (this.fixed) return this.fixed;
    const at = (utcMs: number) => roundToMinute(icuOffsetSeconds(this.iana!, utcMs));
    // The offsets in force a day either side (a probe instant for each, for its name).
    const around = new Map<number, number>();
    for (const probe of [wallMs - 86_400_000, wallMs + 86_400_000]) if (!around.has(at(probe))) around.set(at(probe), probe);
    const valid = [...around.keys()].filter((o) => at(wallMs - o * 1000) === o);
    let offset: number;
    if (valid.length === 1) offset = valid[0];
    else {
      const stamp = new Date(wallMs).toISOString().slice(0, 19).replace('T', ' ');
      if (isDst === null) throw new Error(valid.length ? `AmbiguousTimeError: ${stamp}` : `NonExistentTimeError: ${stamp}`);
      const pool = valid.length ? valid : [...around.keys()];
      // The larger offset is the daylight-saving one; a time the change skips keeps the offset asked for.
      offset = isDst ? Math.max(...pool) : Math.min(...pool);
      if (!valid.length) return this.infoAt(around.get(offset)!);
    }
    return this.infoAt(wallMs - offset * 1000);
  }
}

function roundToMinute(seconds: number): number {
  return Math.floor((seconds + 30) / 60) * 60;
}

const formats = new Map<string, { offset: Intl.DateTimeFormat; short: Intl.DateTimeFormat; long: Intl.DateTimeFormat }>();
function formatsFor(zone: string) {
  let f = formats.get(zone);
  if (!f) {
    f = {
      offset: new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }),
      short: new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' }),
      long: new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'long' }),
    };
    formats.set(zone, f);
  }
  return f;
}

function zoneName(f: Intl.DateTimeFormat, utcMs: number): string {
  return f.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** The zone's UTC offset at an instant, in seconds, as ICU has it ("GMT", "GMT+05:30", "GMT-04:56:02"). */
export function icuOffsetSeconds(zone: string, utcMs: number): number {
  const text = zoneName(formatsFor(zone).offset, utcMs);
  const m = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) throw new Error(`the UTC offset of time zone '${zone}' could not be read ('${text}')`);
  if (!m[1]) return 0;
  const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -s : s;
}

/**
 * The zone's abbreviation (tzname, %Z) where ICU's names settle it: letters ICU gives (EST, PDT, UTC), GMT only
 * for Greenwich Mean Time itself, LMT for a local mean time (an offset in seconds). ICU names most zones outside
 * the US "GMT+2" where the tz database says CEST: those are unknown (undefined), and asking for them is an error.
 */
function abbreviation(zone: string, utcMs: number, rawOffset: number): string | undefined {
  if (rawOffset % 60 !== 0) return 'LMT';
  const f = formatsFor(zone);
  const short = zoneName(f.short, utcMs);
  if (!/^[A-Z]{2,5}$/.test(short)) return undefined;
  if (short === 'GMT' && zoneName(f.long, utcMs) !== 'Greenwich Mean Time') return undefined;
  return short;
}

/** The machine's own zone: Python's naive now(), today() and timestamp() read local time. */
export function systemZone(): PyZone {
  return PyZone.named(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}
