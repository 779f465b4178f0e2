// Generated datasets (exercises/README.md, "datasets/generate.mjs"): an exercise may ship a
// generator, `export default function generate(random, helpers)`, that returns the SQL of a
// dataset (the same tables as visible.sql, other rows) built to break plausible wrong queries.
// The grader runs it GENERATED_DATASETS times, each with a PRNG seeded from
// `${slug}@${version}#${k}`: the same exercise version always gets the same datasets, so a
// verdict can be reproduced, and feedback can name the seed. The generator is instructor code:
// it only ever runs here, in the grader's container, never in the API or the worker.
import { createHash } from 'node:crypto'
import { pathToFileURL } from 'node:url'

/** How many datasets a generator makes for each grading: generated1, generated2. */
export const GENERATED_DATASETS = 2
export const GENERATED_NAMES = Array.from({ length: GENERATED_DATASETS }, (_, i) => `generated${i + 1}`)

/** The seed of generated dataset `k` (1-based) of an exercise version: shown in feedback. */
export function datasetSeed(exercise, k) {
  return `${exercise.slug}@${exercise.version}#${k}`
}

/**
 * A PRNG returning numbers in [0, 1), the same sequence for the same seed on every machine and
 * Node version: sfc32 (Chris Doty-Humphrey's Small Fast Counter), its state from SHA-256 of
 * the seed text.
 */
export function seededRandom(seed) {
  const digest = createHash('sha256').update(String(seed)).digest()
  let a = digest.readUInt32LE(0)
  let b = digest.readUInt32LE(4)
  let c = digest.readUInt32LE(8)
  let d = digest.readUInt32LE(12)
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  // Mix the state well before the first number is used.
  for (let i = 0; i < 15; i++) next()
  return next
}

/** Small helpers a generator gets as its second argument, all drawing from `random`. */
export function generatorHelpers(random, seed) {
  const int = (min, max) => min + Math.floor(random() * (max - min + 1))
  const pick = list => {
    if (list.length === 0) throw new Error('pick() from an empty list')
    return list[Math.floor(random() * list.length)]
  }
  /** A shuffled copy (Fisher–Yates). */
  const shuffle = list => {
    const out = [...list]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[out[i], out[j]] = [out[j], out[i]]
    }
    return out
  }
  const chance = p => random() < p
  /** `n` distinct items of `list`, in random order. */
  const sample = (list, n) => shuffle(list).slice(0, n)
  return { seed, int, pick, shuffle, chance, sample, literal, insert }
}

/** An SQL literal: NULL, a number, true/false, or a quoted string ('' inside doubled). */
export function literal(value) {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return `'${String(value).replaceAll("'", "''")}'`
}

/** `INSERT INTO table (columns) VALUES …;` with one line per row (rows as arrays), or '' for none. */
export function insert(table, columns, rows) {
  if (rows.length === 0) return ''
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES\n${rows.map(row => `  (${row.map(literal).join(', ')})`).join(',\n')};\n`
}

/** A fault of the exercise's generator: a platform error, never the learner's. */
export class GeneratorError extends Error {}

/**
 * Runs the generator at `path` once per generated dataset. Returns
 * `[{ name, number, seed, sql }]`, or [] when there is no generator.
 */
export async function generateDatasets(path, exercise) {
  if (!path) return []
  let generate
  try {
    generate = (await import(pathToFileURL(path).href)).default
  } catch (err) {
    throw new GeneratorError(`datasets/generate.mjs cannot be loaded: ${err.message}`)
  }
  if (typeof generate !== 'function') throw new GeneratorError('datasets/generate.mjs must export a function as its default export')
  if (!exercise?.slug || exercise.version === undefined) throw new GeneratorError('the grader bundle does not say which exercise version this is (settings.exercise)')
  const datasets = []
  for (const [i, name] of GENERATED_NAMES.entries()) {
    const seed = datasetSeed(exercise, i + 1)
    const random = seededRandom(seed)
    let sql
    try {
      sql = await generate(random, generatorHelpers(random, seed))
    } catch (err) {
      throw new GeneratorError(`datasets/generate.mjs failed for seed ${seed}: ${err.stack ?? err.message}`)
    }
    if (typeof sql !== 'string' || sql.trim() === '') throw new GeneratorError(`datasets/generate.mjs returned no SQL text for seed ${seed}`)
    datasets.push({ name, number: i + 1, seed, sql })
  }
  return datasets
}
