// Compares a learner's result with the reference's under a task's rules (exercises/README.md):
// order only where the task asks for it, columns by position unless it names them, numbers by
// value within a tolerance, duplicates counted or not, text case-sensitive or not, and NULL equal
// to NULL but to nothing else. Pure: results in, a verdict with the evidence out.

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
  20: 'bigint', 21: 'smallint', 23: 'integer', 26: 'oid', 700: 'real', 701: 'double precision', 1700: 'numeric',
  790: 'money', 25: 'text', 1043: 'varchar', 1042: 'char', 19: 'name', 18: 'char', 16: 'boolean', 1082: 'date',
  1114: 'timestamp', 1184: 'timestamptz', 1083: 'time', 1266: 'timetz', 1186: 'interval', 114: 'json', 3802: 'jsonb',
  2950: 'uuid', 705: 'unknown',
}

export function typeName(typeId) {
  return TYPE_NAMES[typeId] ?? `type ${typeId}`
}

export function family(typeId) {
  return FAMILY_BY_OID.get(typeId) ?? `oid:${typeId}`
}

/** The defaults a task's `compare` overrides; the API shows the same rules to learners. */
export const DEFAULT_RULES = { columns: 'position', tolerance: 0, duplicates: 'count', textCase: 'exact' }

/**
 * `expected` and `actual` are `{ fields: [{ name, typeId }], rows: [[text|null]] }`.
 * Returns `{ ok: true }` or `{ ok: false, problem, message, … }` where `problem` is one of
 * columns, types, rows, order, and the rest is the evidence the message needs.
 */
export function compareResults(expected, actual, rules = {}) {
  const r = { ...DEFAULT_RULES, ...rules }
  const names = expected.fields.map(f => f.name)
  if (r.columns === 'names' && new Set(names).size !== names.length) {
    throw new Error(`compare.columns is names, but the reference returns a column name twice: ${names.join(', ')}`)
  }
  const mapping = mapColumns(expected.fields, actual.fields, r)
  if (!mapping.ok) return mapping

  for (const [i, field] of expected.fields.entries()) {
    const theirs = actual.fields[mapping.columns[i]]
    const allNull = actual.rows.every(row => row[mapping.columns[i]] === null)
    if (!allNull && family(field.typeId) !== family(theirs.typeId)) {
      return {
        ok: false,
        problem: 'types',
        message:
          `Column ${columnLabel(i, field, r)} is ${typeName(theirs.typeId)} in your result, ` +
          `but ${typeName(field.typeId)} is expected${typeHint(field.typeId, theirs.typeId)}`,
      }
    }
  }

  const families = expected.fields.map(f => family(f.typeId))
  const kinds = expected.fields.map((f, i) => columnKind(f.typeId, actual.fields[mapping.columns[i]].typeId))
  const aligned = actual.rows.map(row => mapping.columns.map(c => row[c]))
  const equalRows = (a, b) => a.every((value, i) => equalValues(value, b[i], kinds[i], r))
  let wanted = expected.rows
  let got = aligned
  if (r.duplicates === 'ignore') {
    wanted = unique(wanted, equalRows)
    got = unique(got, equalRows)
  }

  const { missing, extra } = matchRows(wanted, got, equalRows)
  if (missing.length > 0 || extra.length > 0) {
    return {
      ok: false,
      problem: 'rows',
      message: rowsMessage(missing, extra, wanted.length, got.length, families, r, wanted.length > 0 && extra.some(row => wanted.some(w => equalRows(w, row)))),
      missing,
      extra,
      rounding: roundingHint(missing, extra, families),
    }
  }

  if (r.orderBy) {
    const keys = r.orderBy.map(name => expected.fields.findIndex(f => f.name === name))
    if (keys.includes(-1)) throw new Error(`compare.orderBy names a column the reference does not return: ${r.orderBy.join(', ')}`)
    const position = expected.rows.findIndex(
      (row, i) => !keys.every(k => equalValues(row[k], aligned[i][k], kinds[k], r)),
    )
    if (position !== -1) {
      const names = keys.map(k => columnLabel(k, expected.fields[k], r))
      return {
        ok: false,
        problem: 'order',
        position,
        message:
          `Your rows are right but not in the order the task asks for (by ${r.orderBy.join(', then ')}): ` +
          `row ${position + 1} should have ${names.map((n, j) => `${n} = ${show(expected.rows[position][keys[j]])}`).join(', ')}, ` +
          `yours has ${names.map((n, j) => `${show(aligned[position][keys[j]])}`).join(', ')}.` +
          (position === 0 && expected.rows.length > 1 ? ' Is ORDER BY missing, or sorting the other way (ASC/DESC)?' : ''),
      }
    }
  }
  return { ok: true }
}

/** Which of the learner's columns stands for each expected column, or why none can. */
function mapColumns(expected, actual, r) {
  const theirNames = actual.map(f => f.name)
  if (r.columns === 'names') {
    const missing = expected.filter(f => !theirNames.includes(f.name)).map(f => f.name)
    const extra = theirNames.filter(n => !expected.some(f => f.name === n))
    const twice = theirNames.filter((n, i) => theirNames.indexOf(n) !== i)
    if (missing.length > 0 || extra.length > 0 || twice.length > 0) {
      const parts = []
      if (missing.length > 0) parts.push(`missing ${list(missing)}`)
      if (extra.length > 0) parts.push(`not expected ${list(extra)}`)
      if (twice.length > 0) parts.push(`named twice ${list([...new Set(twice)])}`)
      return {
        ok: false,
        problem: 'columns',
        message:
          `Your columns are ${list(theirNames)}; the task asks for ${list(expected.map(f => f.name))} ` +
          `(${parts.join('; ')}). Name them with AS if they are computed.`,
      }
    }
    return { ok: true, columns: expected.map(f => theirNames.indexOf(f.name)) }
  }
  if (expected.length !== actual.length) {
    return {
      ok: false,
      problem: 'columns',
      message:
        `Your query returns ${count(actual.length, 'column')} (${list(theirNames)}); ` +
        `${expected.length} ${expected.length === 1 ? 'is' : 'are'} expected (${list(expected.map(f => f.name))}), in that order.`,
    }
  }
  return { ok: true, columns: expected.map((_, i) => i) }
}

/** Pairs each expected row with an equal row of the learner's; what is left on each side differs. */
function matchRows(wanted, got, equalRows) {
  const used = new Array(got.length).fill(false)
  const missing = []
  for (const row of wanted) {
    const i = got.findIndex((candidate, j) => !used[j] && equalRows(row, candidate))
    if (i === -1) missing.push(row)
    else used[i] = true
  }
  return { missing, extra: got.filter((_, j) => !used[j]) }
}

function unique(rows, equalRows) {
  return rows.filter((row, i) => rows.findIndex(other => equalRows(row, other)) === i)
}

/** How two columns' values compare: their family, and whether either is a float or a char(n). */
export function columnKind(expectedTypeId, actualTypeId) {
  return {
    family: family(expectedTypeId),
    float: FLOATS.has(expectedTypeId) || FLOATS.has(actualTypeId),
    padded: expectedTypeId === BPCHAR || actualTypeId === BPCHAR,
  }
}

/** Two values (PostgreSQL's text, or null) of columns of `kind` under rules `r`. */
export function equalValues(a, b, kind, r) {
  if (a === null || b === null) return a === b
  if (a === b) return true // NaN, Infinity, and every value written the same way
  if (kind.family === 'number') {
    // Exact types (integers, numeric) compare exactly, digit by digit: Number() would make
    // 12345678901234567 equal 12345678901234568. Floats get a hair for binary noise (0.1 + 0.2).
    if (!kind.float && r.tolerance === 0) return canonicalDecimal(a) === canonicalDecimal(b)
    const x = Number(a)
    const y = Number(b)
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false
    const hair = kind.float ? 1e-9 * Math.max(1, Math.abs(x), Math.abs(y)) : 0
    return Math.abs(x - y) <= r.tolerance + hair
  }
  if (kind.family === 'text') {
    // char(n) pads with spaces, and PostgreSQL compares it without them.
    const [x, y] = kind.padded ? [a.trimEnd(), b.trimEnd()] : [a, b]
    return r.textCase === 'ignore' ? x.toLowerCase() === y.toLowerCase() : x === y
  }
  if (kind.family === 'json') return canonicalJson(a) === canonicalJson(b)
  return false
}

/** '-012.500' → '-12.5', '0.00' → '0': the same number written one way. */
function canonicalDecimal(text) {
  const match = /^([+-]?)0*(\d*)(?:\.(\d*?)0*)?$/.exec(text.trim())
  if (!match) return text
  const [, sign, whole, fraction = ''] = match
  const digits = `${whole || '0'}${fraction ? `.${fraction}` : ''}`
  return digits === '0' ? '0' : `${sign === '-' ? '-' : ''}${digits}`
}

/** json keeps its text as written, jsonb normalises it: compare the values, keys in any order. */
function canonicalJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), (_, value) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.keys(value).sort().map(k => [k, value[k]]))
        : value)
  } catch {
    return text
  }
}

function rowsMessage(missing, extra, wantedCount, gotCount, families, r, extraRepeatsExpected) {
  const where = []
  if (missing.length > 0) where.push(`${count(missing.length, 'expected row')} ${missing.length === 1 ? 'is' : 'are'} missing`)
  if (extra.length > 0) where.push(`${count(extra.length, 'row')} should not be there`)
  let message = `Your query returns ${count(gotCount, 'row')}, ${wantedCount} expected: ${where.join(' and ')}.`
  const hint = roundingHint(missing, extra, families)
  if (hint) message += ` ${hint}`
  else if (gotCount === wantedCount && missing.length === extra.length) message += ' Same number of rows, so some rows differ: compare the tables.'
  else if (wantedCount > 0 && gotCount >= 2 * wantedCount && gotCount - extra.length === wantedCount) message += ' Far more rows than expected: is a join condition missing, or a join multiplying rows?'
  if (r.duplicates === 'count' && extraRepeatsExpected) message += ' Some rows come more often than expected: duplicates from a join, or a missing DISTINCT?'
  return message
}

/**
 * When a missing and an extra row are the same but for a number that is the expected one
 * unrounded, or cut to an integer, say so: the two classic slips of aggregate queries. Rows are
 * paired by their other columns, not by position.
 */
function roundingHint(missing, extra, families) {
  const numeric = families.map((fam, k) => (fam === 'number' ? k : -1)).filter(k => k >= 0)
  if (numeric.length === 0) return undefined
  for (const want of missing) {
    const twin = extra.find(have => families.every((fam, k) => fam === 'number' || have[k] === want[k]))
    if (twin === undefined) continue
    for (const k of numeric) {
      const [expected, actual] = [want[k], twin[k]]
      if (expected === null || actual === null || expected === actual) continue
      const decimals = (String(expected).split('.')[1] ?? '').length
      const fractional = Number(expected) % 1 !== 0
      if (fractional && Number.isInteger(Number(actual)) && Math.trunc(Number(expected)) === Number(actual)) {
        return `Values such as ${actual} where ${expected} is expected: an integer divided by an integer drops the fraction in PostgreSQL; make one side numeric (sum(x)::numeric / count(*)).`
      }
      if (decimals > 0 && Number(Number(actual).toFixed(decimals)) === Number(expected)) {
        return `Values such as ${actual} where ${expected} is expected: round to ${decimals} decimal place${decimals === 1 ? '' : 's'} as the task asks (ROUND(x, ${decimals})).`
      }
    }
  }
  return undefined
}

function typeHint(expectedId, actualId) {
  const e = family(expectedId)
  const a = family(actualId)
  if (e === 'number' && a === 'text') return ': did you format the number into a string (to_char, ||)? Leave it a number.'
  if (e === 'text' && a === 'number') return '.'
  if (e === 'date' && a === 'timestamp') return ': cast it with ::date.'
  return '.'
}

function columnLabel(i, field, r) {
  return r.columns === 'names' ? field.name : `${field.name} (column ${i + 1})`
}

export function show(value) {
  return value === null ? 'NULL' : JSON.stringify(value).length > 40 ? `${JSON.stringify(value).slice(0, 39)}…"` : value
}

function list(names) {
  return names.length === 0 ? 'none' : names.join(', ')
}

function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
