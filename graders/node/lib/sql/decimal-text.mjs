// Exact arithmetic on numbers as PostgreSQL writes them (numeric text, never through a float:
// Number() would make 12345678901234567 equal 12345678901234568). Its own module because
// equality, the order of numbers and the rounding-slip hints all need the same digits.

/** '-012.500' → '-12.5', '0.00' → '0': the same number written one way. */
export function canonicalDecimal(text) {
  const match = /^([+-]?)0*(\d*)(?:\.(\d*?)0*)?$/.exec(text.trim())
  if (!match) return text
  const [, sign, whole, fraction = ''] = match
  const digits = `${whole || '0'}${fraction ? `.${fraction}` : ''}`
  return digits === '0' ? '0' : `${sign === '-' ? '-' : ''}${digits}`
}

/** How many decimals a value is written with: what ROUND(x, d) in the reference gave it. */
export function decimals(text) {
  const match = /\.(\d+)$/.exec(String(text).trim())
  return match ? match[1].length : 0
}

export function parseDecimal(text) {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(String(text).trim())
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined
  return { neg: match[1] === '-', int: match[2], frac: match[3] ?? '' }
}

/** `text` × 10^d as a BigInt (digits beyond d dropped). */
export function scaled(text, d) {
  const p = parseDecimal(text)
  const digits = BigInt(`${p.int}${p.frac.slice(0, d).padEnd(d, '0')}` || '0')
  return p.neg ? -digits : digits
}

/** `text` rounded half away from zero (PostgreSQL's ROUND on numeric), or cut toward zero, to d places. */
export function roundDecimal(text, d, mode) {
  const p = parseDecimal(text)
  let digits = BigInt(`${p.int}${p.frac.slice(0, d).padEnd(d, '0')}` || '0')
  if (mode === 'round' && (p.frac[d] ?? '0') >= '5') digits += 1n
  const body = digits.toString().padStart(d + 1, '0')
  const written = d === 0 ? body : `${body.slice(0, -d)}.${body.slice(-d)}`
  return canonicalDecimal(`${p.neg ? '-' : ''}${written}`)
}
