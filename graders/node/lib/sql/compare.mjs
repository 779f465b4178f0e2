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
 * Returns `{ ok: true }` or `{ ok: false, problem, message, hints, … }` where `problem` is one of
 * columns, types, rows, order, `hints` names the hints the message carries (each one is given
 * only when the rows at hand show its condition; see HINTS), and the rest is the evidence.
 * `rules.subject: 'table'` compares a table after a change task: no query advice.
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
      const hint = typeHint(expected.fields, actual, mapping.columns, i, r)
      return {
        ok: false,
        problem: 'types',
        hints: hint.id ? [hint.id] : [],
        message:
          `Column ${columnLabel(i, field, r)} is ${typeName(theirs.typeId)} in your result, ` +
          `but ${typeName(field.typeId)} is expected${hint.text}`,
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
    const hints = rowHints({ missing, extra, wanted, got, expected, actual, mapping, kinds, families, equalRows, r })
    return {
      ok: false,
      problem: 'rows',
      message: rowsMessage(missing, extra, wanted.length, got.length, hints),
      hints: hints.map(h => h.id),
      missing,
      extra,
    }
  }

  if (r.orderBy) {
    const keys = r.orderBy.map(name => expected.fields.findIndex(f => f.name === name))
    if (keys.includes(-1)) throw new Error(`compare.orderBy names a column the reference does not return: ${r.orderBy.join(', ')}`)
    return checkOrder(expected, aligned, keys, kinds, r)
  }
  return { ok: true }
}

/**
 * The order check. Rows tied on every orderBy column may come in any order. Text keys: the
 * reference's order is PostgreSQL's in the grader's database (collation C: code point order,
 * 'Zoe' before 'adam'); a learner's order that is sorted the same way under en-US (ICU, what a
 * local database or COLLATE "en-US-x-icu" gives) passes too: "alphabetical" means either. The
 * directions and NULL placement are read off the expected rows; where they cannot be (a key the
 * reference does not sort in one direction, a type without a known order), only the reference's
 * exact order passes, rows tied on the keys aside.
 */
function checkOrder(expected, aligned, keys, kinds, r) {
  const position = expected.rows.findIndex(
    (row, i) => !keys.every(k => equalValues(row[k], aligned[i][k], kinds[k], r)),
  )
  if (position === -1) return { ok: true }
  const model = orderModel(expected.rows, keys, kinds)
  if (model && r.textCase === 'exact') {
    if (isSorted(aligned, model, byteOrder) || (model.hasText && isSorted(aligned, model, localeOrder))) return { ok: true }
  }
  const names = keys.map(k => columnLabel(k, expected.fields[k], r))
  const hints = orderHints(expected, aligned, keys, kinds, r, model, position)
  return {
    ok: false,
    problem: 'order',
    position,
    hints: hints.map(h => h.id),
    message:
      `Your rows are right but not in the order the task asks for (by ${r.orderBy.join(', then ')}): ` +
      `row ${position + 1} should have ${names.map((n, j) => `${n} = ${show(expected.rows[position][keys[j]])}`).join(', ')}, ` +
      `yours has ${names.map((n, j) => `${show(aligned[position][keys[j]])}`).join(', ')}.` +
      hints.map(h => ` ${h.text}`).join(''),
  }
}

const COLLATOR = new Intl.Collator('en-US')
/** PostgreSQL's C collation: UTF-8 bytes, which is code point order (JS's < compares UTF-16 units). */
export function byteOrder(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}
export function localeOrder(a, b) {
  return COLLATOR.compare(a, b) || 0
}

/** -1, 0, 1 for two non-NULL values of `kind`, or undefined when their order is not known here. */
function compareValue(a, b, kind, textOrder) {
  switch (kind.family) {
    case 'number': return compareNumber(a, b)
    case 'text': return Math.sign(kind.padded ? textOrder(a.trimEnd(), b.trimEnd()) : textOrder(a, b))
    case 'boolean': return a === b ? 0 : a === 'f' ? -1 : 1
    case 'date':
    case 'timestamp':
      // ISO text (DateStyle ISO) of years 1000-9999 sorts as it reads. (timestamptz text carries
      // the session's offset, which changes with daylight saving: no order known here.)
      return /^\d{4}-/.test(a) && /^\d{4}-/.test(b) && !/BC$/.test(a) && !/BC$/.test(b) ? Math.sign(byteOrder(a, b)) : undefined
    case 'time': return Math.sign(byteOrder(a, b))
    default: return undefined
  }
}

/** Numbers as PostgreSQL orders them: by value, NaN above everything. */
function compareNumber(a, b) {
  const special = { '-Infinity': -Infinity, Infinity: Infinity, NaN: NaN }
  const x = Object.hasOwn(special, a) ? special[a] : undefined
  const y = Object.hasOwn(special, b) ? special[b] : undefined
  if (x !== undefined || y !== undefined) {
    const [p, q] = [x ?? Number(a), y ?? Number(b)]
    if (Number.isNaN(p) || Number.isNaN(q)) return Number.isNaN(p) === Number.isNaN(q) ? 0 : Number.isNaN(p) ? 1 : -1
    return Math.sign(p - q)
  }
  const da = parseDecimal(a)
  const db = parseDecimal(b)
  if (!da || !db) return Math.sign(Number(a) - Number(b))
  const scale = Math.max(da.frac.length, db.frac.length)
  const value = d => (d.neg ? -1n : 1n) * BigInt(`${d.int}${d.frac.padEnd(scale, '0')}` || '0')
  const diff = value(da) - value(db)
  return diff === 0n ? 0 : diff < 0n ? -1 : 1
}

/**
 * The order the expected rows are in, key by key: `{ dirs: [1 asc | -1 desc | undefined],
 * nullsFirst: [bool | undefined], hasText }`, read off consecutive rows; undefined when they are
 * not sorted by the keys in one direction each (the reference orders by something else) or a
 * key's type has no order known here.
 */
function orderModel(rows, keys, kinds) {
  const dirs = keys.map(() => undefined)
  const nullsFirst = keys.map(() => undefined)
  for (let i = 1; i < rows.length; i++) {
    for (const [j, k] of keys.entries()) {
      const [a, b] = [rows[i - 1][k], rows[i][k]]
      if (a === null && b === null) continue
      if (a === null || b === null) {
        if (nullsFirst[j] === undefined) nullsFirst[j] = a === null
        else if (nullsFirst[j] !== (a === null)) return undefined
        break
      }
      const c = compareValue(a, b, kinds[k], byteOrder)
      if (c === undefined) return undefined
      if (c === 0) continue
      if (dirs[j] === undefined) dirs[j] = -c
      else if (dirs[j] !== -c) return undefined
      break
    }
  }
  return { keys, kinds, dirs, nullsFirst, hasText: keys.some(k => kinds[k].family === 'text') }
}

/** Are `rows` in the order of `model`, text compared by `textOrder`? Ties on every key are free. */
function isSorted(rows, model, textOrder) {
  return rows.every((row, i) => i === 0 || compareRows(rows[i - 1], row, model, textOrder) <= 0)
}

/** -1, 0 or 1 as `a` comes before, ties with or comes after `b` under `model`; 1 when it cannot say. */
function compareRows(a, b, { keys, kinds, dirs, nullsFirst }, textOrder) {
  for (const [j, k] of keys.entries()) {
    const [x, y] = [a[k], b[k]]
    if (x === null && y === null) continue
    if (x === null || y === null) {
      if (nullsFirst[j] === undefined) return 1
      return (x === null) === nullsFirst[j] ? -1 : 1
    }
    const c = compareValue(x, y, kinds[k], textOrder)
    if (c === undefined) return 1
    if (c === 0) continue
    if (dirs[j] === undefined) return 1
    return c * dirs[j]
  }
  return 0
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
          `(${parts.join('; ')}).` +
          // Evidence: a column the task names is absent while one it does not name is there.
          (missing.length > 0 && extra.length > 0 && r.subject !== 'table' ? ` Name them with AS (… AS ${missing[0]}).` : ''),
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

/**
 * The hints a failing comparison may carry, each given only when its condition holds in the
 * rows at hand (the evidence is in brackets):
 * - integer-division: [the learner's column is an integer type, and each paired row has the
 *   expected value cut toward zero to a whole number]
 * - truncated: [the same cut, in a column that is not an integer type: TRUNC, FLOOR, or an
 *   integer division cast afterwards]
 * - rounded-whole: [each paired row has the expected value rounded to a whole number]
 * - whole: [both of the last two fit every pair, e.g. 2 for 2.35]
 * - unrounded: [each pair's value rounds to the expected one, which has 1-6 decimals]
 * - cut-last-place: [each pair's value is the expected one less one unit in its last decimal
 *   place, toward zero: cut (TRUNC(x, 2)) where it is rounded]
 *   (rows are paired when they are equal in every column that is not a number)
 * - null-vs-empty: [a missing and an extra row equal but for one text column, NULL in one, '' in the other]
 * - empty-missing: [missing rows have '' in a text column where none of the learner's rows has '']
 * - empty-extra: [extra rows have '' in a text column where no expected row has '']
 * - nulls-first / nulls-last: [extra rows have NULL in an orderBy column where no expected row
 *   has one, they are all at the start (end) of the learner's result, and the expected rows
 *   are sorted by that column descending (ascending)]
 * - multiplied: [at least twice the expected row count, every expected row there, and every
 *   value of every extra row also in that column of the expected rows: combinations of the
 *   right values, as a join without its condition makes]
 * - duplicates: [an extra row equal to an expected one, under duplicates: count]
 * - same-count: [as many rows as expected, as many missing as extra]
 * - order: nulls-order [the first row out of order differs by NULL on one side in its first
 *   differing key], not-sorted [the first key's values go up and down], reversed [the first
 *   key's values are sorted in the other direction], tie-break [the rows agree on the keys
 *   before the one that differs, and are sorted by the first key]
 * - types: formatted-number [text where a number is expected, and every value reads as a
 *   number], swapped [the learner's column has the type of another expected column, and that
 *   column has this one's]
 * - names-as: [a named column is missing while an unnamed one is there]
 */
export const HINTS = Object.freeze([
  'integer-division', 'truncated', 'rounded-whole', 'whole', 'unrounded', 'cut-last-place', 'null-vs-empty',
  'empty-missing', 'empty-extra', 'nulls-first', 'nulls-last', 'multiplied', 'duplicates', 'same-count',
  'nulls-order', 'not-sorted', 'reversed', 'tie-break', 'formatted-number', 'swapped', 'names-as',
])

function rowsMessage(missing, extra, wantedCount, gotCount, hints) {
  const where = []
  if (missing.length > 0) where.push(`${count(missing.length, 'expected row')} ${missing.length === 1 ? 'is' : 'are'} missing`)
  if (extra.length > 0) where.push(`${count(extra.length, 'row')} should not be there`)
  return `Your query returns ${count(gotCount, 'row')}, ${wantedCount} expected: ${where.join(' and ')}.${hints.map(h => ` ${h.text}`).join('')}`
}

function rowHints({ missing, extra, wanted, got, expected, actual, mapping, kinds, families, equalRows, r }) {
  const hints = []
  const table = r.subject === 'table'
  const label = k => expected.fields[k].name
  const numbers = numberHint(missing, extra, families, kinds, actual.fields.map(f => f.typeId), mapping.columns)
  if (numbers) hints.push(numbers)
  const blank = emptyTextHint(missing, extra, wanted, got, kinds, label)
  if (blank) hints.push(blank)
  if (!table && r.orderBy) {
    const placed = nullsPlacedHint(missing, extra, wanted, got, kinds, r.orderBy.map(name => expected.fields.findIndex(f => f.name === name)), label)
    if (placed) hints.push(placed)
  }
  if (hints.length === 0 && got.length === wanted.length && missing.length === extra.length) {
    hints.push({ id: 'same-count', text: 'Same number of rows, so some rows differ: compare the tables.' })
  }
  // New combinations of expected values; rows that merely repeat expected ones are duplicates (below).
  if (!table && wanted.length > 0 && got.length >= 2 * wanted.length && got.length - extra.length === wanted.length &&
      extra.some(row => !wanted.some(w => equalRows(w, row))) &&
      extra.every(row => row.every((value, k) => wanted.some(w => equalValues(w[k], value, kinds[k], r))))) {
    hints.push({ id: 'multiplied', text: 'Far more rows than expected, each made of values the expected rows have: is a join condition missing, or a join multiplying rows?' })
  }
  if (r.duplicates === 'count' && wanted.length > 0 && extra.some(row => wanted.some(w => equalRows(w, row)))) {
    hints.push({ id: 'duplicates', text: table ? 'Some rows are there more often than expected.' : 'Some rows come more often than expected: duplicates from a join, or a missing DISTINCT?' })
  }
  return hints
}

/**
 * A number that differs the way the classic slips make it differ (see HINTS). Rows are paired
 * by their other columns, not by position, and a hint is given only when every pair of a column
 * fits it.
 */
function numberHint(missing, extra, families, kinds, actualTypes, columns) {
  const numeric = families.map((fam, k) => (fam === 'number' ? k : -1)).filter(k => k >= 0)
  if (numeric.length === 0) return undefined
  const used = new Set()
  const pairs = []
  for (const want of missing) {
    const i = extra.findIndex((have, j) => !used.has(j) && families.every((fam, k) => fam === 'number' || have[k] === want[k]))
    if (i === -1) continue
    used.add(i)
    pairs.push([want, extra[i]])
  }
  for (const k of numeric) {
    const differing = pairs.filter(([want, have]) => want[k] !== null && have[k] !== null && canonicalDecimal(want[k]) !== canonicalDecimal(have[k]))
    if (differing.length === 0) continue
    let fits = new Set(['truncated', 'rounded-whole', 'unrounded', 'cut-last-place'])
    for (const [want, have] of differing) fits = new Set([...fits].filter(kind => slipFits(kind, want[k], have[k])))
    if (fits.size === 0) continue
    const [want, have] = differing[0]
    const e = want[k]
    const a = have[k]
    const d = decimals(e)
    const round = `ROUND(x, ${d})`
    const integerType = INTEGERS.has(actualTypes[columns[k]])
    const lead = `Values such as ${a} where ${e} is expected:`
    if (fits.has('truncated') && fits.has('rounded-whole')) {
      return integerType
        ? { id: 'whole', text: `${lead} your column is ${typeName(actualTypes[columns[k]])}, so the fraction is lost. An integer divided by an integer drops the fraction in PostgreSQL, and a cast to integer rounds it away; keep the value numeric (sum(x)::numeric / count(*)) and ${round}.` }
        : { id: 'whole', text: `${lead} no decimals are left. ROUND(x) and TRUNC(x) without a number of places keep none; round to ${d} decimal place${d === 1 ? '' : 's'} as the task asks (${round}).` }
    }
    if (fits.has('truncated')) {
      if (integerType) return { id: 'integer-division', text: `${lead} an integer divided by an integer drops the fraction in PostgreSQL (your column is ${typeName(actualTypes[columns[k]])}); make one side numeric (sum(x)::numeric / count(*)).` }
      return /\.0*$/.test(a)
        ? { id: 'integer-division', text: `${lead} the fraction was gone before the rounding. An integer divided by an integer drops the fraction in PostgreSQL; make one side numeric (sum(x)::numeric / count(*)).` }
        : { id: 'truncated', text: `${lead} the fraction is cut off, as TRUNC(x) and FLOOR(x) do (and an integer divided by an integer, even cast afterwards); round as the task asks (${round}).` }
    }
    if (fits.has('rounded-whole')) {
      return integerType
        ? { id: 'rounded-whole', text: `${lead} rounded to a whole number, as a cast to integer does; keep the value numeric and round to ${d} decimal place${d === 1 ? '' : 's'} (${round}).` }
        : { id: 'rounded-whole', text: `${lead} rounded to a whole number; round to ${d} decimal place${d === 1 ? '' : 's'} as the task asks (${round}).` }
    }
    if (fits.has('unrounded')) {
      return { id: 'unrounded', text: `${lead} round to ${d} decimal place${d === 1 ? '' : 's'} as the task asks (${round}).` }
    }
    return { id: 'cut-last-place', text: `${lead} one less in the last decimal place, as when the value is cut off (TRUNC(x, ${d})) where it is rounded (${round}).` }
  }
  return undefined
}

const INTEGERS = new Set([20, 21, 23])

/** Does an expected value `e` and the learner's `a` (both exact decimal text) fit slip `kind`? */
function slipFits(kind, e, a) {
  const d = decimals(e)
  const ce = canonicalDecimal(e)
  const ca = canonicalDecimal(a)
  if (!parseDecimal(ce) || !parseDecimal(ca)) return false
  const fractional = ce.includes('.')
  const whole = !ca.includes('.')
  switch (kind) {
    case 'truncated': return fractional && whole && ca === roundDecimal(ce, 0, 'trunc')
    case 'rounded-whole': return fractional && whole && ca === roundDecimal(ce, 0, 'round')
    case 'unrounded': return d > 0 && d <= 6 && decimals(ca) > d && roundDecimal(ca, d, 'round') === ce
    case 'cut-last-place': {
      if (!(d > 0 && d <= 6 && decimals(ca) <= d)) return false
      const x = scaled(ce, d)
      const y = scaled(ca, d)
      return x !== 0n && y === (x > 0n ? x - 1n : x + 1n)
    }
    default: return false
  }
}

/** How many decimals a value is written with: what ROUND(x, d) in the reference gave it. */
function decimals(text) {
  const match = /\.(\d+)$/.exec(String(text).trim())
  return match ? match[1].length : 0
}

function parseDecimal(text) {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(String(text).trim())
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined
  return { neg: match[1] === '-', int: match[2], frac: match[3] ?? '' }
}

/** `text` × 10^d as a BigInt (digits beyond d dropped). */
function scaled(text, d) {
  const p = parseDecimal(text)
  const digits = BigInt(`${p.int}${p.frac.slice(0, d).padEnd(d, '0')}` || '0')
  return p.neg ? -digits : digits
}

/** `text` rounded half away from zero (PostgreSQL's ROUND on numeric), or cut toward zero, to d places. */
function roundDecimal(text, d, mode) {
  const p = parseDecimal(text)
  let digits = BigInt(`${p.int}${p.frac.slice(0, d).padEnd(d, '0')}` || '0')
  if (mode === 'round' && (p.frac[d] ?? '0') >= '5') digits += 1n
  const body = digits.toString().padStart(d + 1, '0')
  const written = d === 0 ? body : `${body.slice(0, -d)}.${body.slice(-d)}`
  return canonicalDecimal(`${p.neg ? '-' : ''}${written}`)
}

/** NULL where '' is (or the other way), or '' on one side only (see HINTS). */
function emptyTextHint(missing, extra, wanted, got, kinds, label) {
  const text = kinds.map((kind, k) => (kind.family === 'text' ? k : -1)).filter(k => k >= 0)
  for (const k of text) {
    const swap = missing.map(want => [want, extra.find(have =>
      have.every((v, i) => i === k || v === want[i]) && ((want[k] === null && have[k] === '') || (want[k] === '' && have[k] === null)))]).find(([, have]) => have)
    if (swap) {
      const [want] = swap
      return {
        id: 'null-vs-empty',
        text: want[k] === null
          ? `Where ${label(k)} is NULL in the expected rows, yours has '' (an empty text): they are different values, and NULL must stay NULL.`
          : `Where ${label(k)} is '' (an empty text) in the expected rows, yours has NULL: an empty text is a value, not a missing one.`,
      }
    }
  }
  for (const k of text) {
    const blankMissing = missing.filter(row => row[k] === '').length
    if (blankMissing > 0 && !got.some(row => row[k] === '')) {
      return { id: 'empty-missing', text: `${blankMissing === missing.length ? (missing.length === 1 ? 'The missing row has' : 'The missing rows have') : `${blankMissing} of the missing rows have`} an empty ${label(k)} (''), and none of yours has: an empty text is a value, not NULL.` }
    }
    const blankExtra = extra.filter(row => row[k] === '').length
    if (blankExtra > 0 && !wanted.some(row => row[k] === '')) {
      return { id: 'empty-extra', text: `${blankExtra === extra.length ? (extra.length === 1 ? 'The row that should not be there has' : 'The rows that should not be there have') : `${blankExtra} of the rows that should not be there have`} an empty ${label(k)} (''), and no expected row has: an empty text is not NULL.` }
    }
  }
  return undefined
}

/** NULLs sorted to where PostgreSQL puts them by default, and a LIMIT keeping them (see HINTS). */
function nullsPlacedHint(missing, extra, wanted, got, kinds, keys, label) {
  for (const k of keys) {
    if (!extra.some(row => row[k] === null) || wanted.some(row => row[k] === null)) continue
    const nulls = got.filter(row => row[k] === null).length
    const values = wanted.map(row => row[k])
    const steps = values.slice(1).map((v, i) => compareValue(values[i], v, kinds[k], byteOrder))
    if (steps.includes(undefined) || !steps.some(c => c !== 0)) continue
    const descending = steps.every(c => c >= 0)
    const ascending = steps.every(c => c <= 0)
    const atStart = got.slice(0, nulls).every(row => row[k] === null)
    const atEnd = got.slice(got.length - nulls).every(row => row[k] === null)
    if (descending && atStart) {
      return { id: 'nulls-first', text: `${nulls === 1 ? 'Your first row has' : `Your first ${nulls} rows have`} ${label(k)} NULL, which no expected row has: in a descending sort PostgreSQL puts NULLs first (unless the ORDER BY says NULLS LAST).` }
    }
    if (ascending && atEnd) {
      return { id: 'nulls-last', text: `${nulls === 1 ? 'Your last row has' : `Your last ${nulls} rows have`} ${label(k)} NULL, which no expected row has: in an ascending sort PostgreSQL puts NULLs last (unless the ORDER BY says NULLS FIRST).` }
    }
  }
  return undefined
}

/** Why the first row out of order is (see HINTS). */
function orderHints(expected, aligned, keys, kinds, r, model, position) {
  const hints = []
  const label = j => expected.fields[keys[j]].name
  const want = expected.rows[position]
  const have = aligned[position]
  const j = keys.findIndex(k => !equalValues(want[k], have[k], kinds[k], r))
  if ((want[keys[j]] === null) !== (have[keys[j]] === null)) {
    const placement = model?.nullsFirst[j]
    const where = placement === undefined ? '' : ` The expected order has NULL ${label(j)} ${placement ? 'first' : 'last'}.`
    hints.push({ id: 'nulls-order', text: `PostgreSQL puts NULLs last in an ascending sort and NULLs first in a descending one, unless the ORDER BY says NULLS FIRST or NULLS LAST.${where}` })
  }
  if (!model) return hints
  const first = keys[0]
  const values = aligned.map(row => row[first]).filter(v => v !== null)
  const steps = values.slice(1).map((v, i) => compareValue(values[i], v, kinds[first], byteOrder)).filter(c => c !== 0)
  const localSteps = values.slice(1).map((v, i) => compareValue(values[i], v, kinds[first], localeOrder)).filter(c => c !== 0)
  const monotone = s => s.every(c => c === s[0])
  if (hints.length === 0 && steps.length > 0 && !monotone(steps) && !monotone(localSteps)) {
    // Sorted, but by another column: ORDER BY is there, naming the wrong column first.
    const sortedBy = expected.fields.findIndex((_, k) => k !== first && [byteOrder, localeOrder].some(order => {
      const column = aligned.map(row => row[k]).filter(v => v !== null)
      const moves = column.slice(1).map((v, i) => compareValue(column[i], v, kinds[k], order)).filter(c => c !== 0)
      return moves.length >= 2 && monotone(moves)
    }))
    hints.push({
      id: 'not-sorted',
      text: sortedBy >= 0
        ? `Your rows are not sorted by ${label(0)} in either direction, but by ${expected.fields[sortedBy].name}: does your ORDER BY name ${label(0)} first?`
        : `Your rows are not sorted by ${label(0)} in either direction. Is ORDER BY missing?`
    })
  } else if (hints.length === 0 && model.dirs[0] !== undefined && steps.length > 0 && monotone(steps) && steps[0] === model.dirs[0]) {
    hints.push({ id: 'reversed', text: `Yours are sorted by ${label(0)} the other way: ${model.dirs[0] === 1 ? 'descending where ascending is asked (ASC)' : 'ascending where descending is asked (DESC)'}.` })
  } else if (hints.length === 0 && j > 0 && model.dirs[j] !== undefined) {
    hints.push({ id: 'tie-break', text: `Rows with the same ${keys.slice(0, j).map((_, i) => label(i)).join(' and ')} come by ${label(j)}, ${model.dirs[j] === 1 ? 'ascending' : 'descending'}.` })
  }
  return hints
}

/** Why a column has a type from another family, when the values show it (see HINTS). */
function typeHint(expectedFields, actual, columns, i, r) {
  const e = family(expectedFields[i].typeId)
  const a = family(actual.fields[columns[i]].typeId)
  const values = actual.rows.map(row => row[columns[i]]).filter(v => v !== null)
  if (e === 'number' && a === 'text' && values.length > 0 && values.every(v => /\d/.test(v) && /^\s*[-+]?\s*[$€£¥]?\s*[-+]?[\d\s.,']+\s*(%|[$€£¥]|[A-Z]{3})?\s*$/.test(v))) {
    return { id: 'formatted-number', text: ': did you format the number into a string (to_char, ||)? Leave it a number.' }
  }
  if (r.columns !== 'names') {
    const j = expectedFields.findIndex((f, n) => n !== i && family(f.typeId) === a && family(actual.fields[columns[n]].typeId) === e)
    if (j !== -1) {
      return { id: 'swapped', text: `, and your column ${j + 1} is ${typeName(actual.fields[columns[j]].typeId)} where ${typeName(expectedFields[j].typeId)} is expected: columns are compared by position; are two of them swapped?` }
    }
  }
  if (e === 'date' && a === 'timestamp') return { text: ': cast it with ::date.' }
  return { text: '.' }
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
