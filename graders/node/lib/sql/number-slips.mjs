// The rounding and integer-division hints: a number that differs from the expected one the way
// a classic slip makes it differ (cut, rounded to a whole, not rounded, one less in the last
// place). Its own module because it is decimal arithmetic, apart from the other row hints.

import { typeName } from './column-types.mjs'
import { canonicalDecimal, decimals, parseDecimal, roundDecimal, scaled } from './decimal-text.mjs'

/**
 * A number that differs the way the classic slips make it differ (see HINTS). Rows are paired
 * by their other columns, not by position, and a hint is given only when every pair of a column
 * fits it.
 */
export function numberHint(missing, extra, families, kinds, actualTypes, columns) {
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
