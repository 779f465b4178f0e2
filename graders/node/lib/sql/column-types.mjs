// PostgreSQL's types as the comparison sees them: which family a column's type OID belongs to
// (values of one family compare by value: int 3 = numeric 3.0), the name a message gives it, and
// the kind two paired columns compare as. Its own module because the comparison, the order check
// and every hint read types the same way, and none of them should own the table.

/** Type families: two columns of one family compare by value (int 3 = numeric 3.0). */
const FAMILIES = {
  number: [20, 21, 23, 26, 700, 701, 1700, 790],
  text: [25, 1043, 1042, 19, 18],
  boolean: [16],
  date: [1082],
  timestamp: [1114],
  timestamptz: [1184],
  time: [1083],
  timetz: [1266],
  interval: [1186],
  json: [114, 3802],
  uuid: [2950],
}
/** Approximate numbers: only these get a relative margin for binary floating-point noise. */
const FLOATS = new Set([700, 701])
const BPCHAR = 1042
const FAMILY_BY_OID = new Map(Object.entries(FAMILIES).flatMap(([family, oids]) => oids.map(oid => [oid, family])))
const TYPE_NAMES = {
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  26: 'oid',
  700: 'real',
  701: 'double precision',
  1700: 'numeric',
  790: 'money',
  25: 'text',
  1043: 'varchar',
  1042: 'char',
  19: 'name',
  18: 'char',
  16: 'boolean',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamptz',
  1083: 'time',
  1266: 'timetz',
  1186: 'interval',
  114: 'json',
  3802: 'jsonb',
  2950: 'uuid',
  705: 'unknown',
}

export function typeName(typeId) {
  return TYPE_NAMES[typeId] ?? `type ${typeId}`
}

export function family(typeId) {
  return FAMILY_BY_OID.get(typeId) ?? `oid:${typeId}`
}

/** How two columns' values compare: their family, and whether either is a float or a char(n). */
export function columnKind(expectedTypeId, actualTypeId) {
  return {
    family: family(expectedTypeId),
    float: FLOATS.has(expectedTypeId) || FLOATS.has(actualTypeId),
    padded: expectedTypeId === BPCHAR || actualTypeId === BPCHAR,
  }
}
