import type { Pool } from '../platform/db/pool.js'
import type { Manifest } from './manifest-schema.js'
import type { ExercisePackage, StarterFiles } from './load-package.js'
import type { FileMap } from '../platform/file-tree.js'
import { SQL_BUNDLE } from './sql-tasks.js'

export interface ExerciseSummary {
  slug: string
  version: number
  title: string
  summary: string
  track: string
  manifest: Manifest
}

export interface ExerciseDetail extends ExerciseSummary {
  instructions: string
  starterFiles: StarterFiles
  /** An SQL exercise's visible dataset (learners may load it locally); null for the others. */
  visibleDataset: string | null
  /** An SQL exercise is also graded on datasets its generator makes (datasets/generate.mjs). */
  generatedDatasets: boolean
}

export interface ExerciseForGrading extends ExerciseSummary {
  graderFiles: FileMap
}

const summaryColumns = 'slug, version, title, summary, track, manifest'

export const insertVersion = `INSERT INTO exercises (slug, version, title, summary, track, manifest, instructions,
  starter_files, grader_files, content_hash, published_at, uploaded_by)`
export const replaceVersion = `title = EXCLUDED.title, summary = EXCLUDED.summary, track = EXCLUDED.track,
  manifest = EXCLUDED.manifest, instructions = EXCLUDED.instructions, starter_files = EXCLUDED.starter_files,
  grader_files = EXCLUDED.grader_files, content_hash = EXCLUDED.content_hash, uploaded_by = EXCLUDED.uploaded_by, loaded_at = now()`
/** $1…$10 of insertVersion, in its order. */
export function versionValues (pkg: ExercisePackage): unknown[] {
  const m = pkg.manifest
  return [m.slug, m.version, m.title, m.summary, m.track, m, pkg.instructions, pkg.starterFiles, pkg.graderFiles, pkg.contentHash]
}

export function createExercisesRepository (pool: Pool) {
  return {
    /**
     * Publishes a version from exercises/ in the repository; loading the same content again
     * changes nothing. The repository wins over an unpublished upload of the same version; a
     * published upload is never overwritten: false says the repository's version was not loaded.
     */
    async upsert (pkg: ExercisePackage): Promise<boolean> {
      const { rows } = await pool.query(
        `${insertVersion} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), NULL)
         ON CONFLICT (slug, version) DO UPDATE SET ${replaceVersion}, published_at = coalesce(exercises.published_at, now())
         WHERE exercises.content_hash <> EXCLUDED.content_hash AND (exercises.uploaded_by IS NULL OR exercises.published_at IS NULL)
         RETURNING 1`,
        versionValues(pkg)
      )
      if (rows.length > 0) return true
      const kept = await pool.query('SELECT 1 FROM exercises WHERE slug = $1 AND version = $2 AND content_hash = $3', [pkg.manifest.slug, pkg.manifest.version, pkg.contentHash])
      return kept.rows.length > 0
    },

    /** Learners see published versions only: an upload is a candidate until it is proved. */
    async listLatest (): Promise<ExerciseSummary[]> {
      const { rows } = await pool.query(
        `SELECT DISTINCT ON (slug) ${summaryColumns} FROM exercises WHERE published_at IS NOT NULL ORDER BY slug, version DESC`
      )
      return rows as ExerciseSummary[]
    },

    async findLatest (slug: string): Promise<ExerciseDetail | undefined> {
      const { rows } = await pool.query(
        `SELECT ${summaryColumns}, instructions, starter_files AS "starterFiles",
                grader_files ->> $2 AS "visibleDataset", grader_files ? $3 AS "generatedDatasets"
         FROM exercises WHERE slug = $1 AND published_at IS NOT NULL ORDER BY version DESC LIMIT 1`,
        [slug, `${SQL_BUNDLE.datasets}visible.sql`, SQL_BUNDLE.generator]
      )
      return rows[0] as ExerciseDetail | undefined
    },

    /** The manifest's hiddenTests of one version (none when it marks none). */
    async hiddenTests (slug: string, version: number): Promise<string[]> {
      const { rows } = await pool.query(
        "SELECT coalesce(manifest -> 'hiddenTests', '[]') AS hidden FROM exercises WHERE slug = $1 AND version = $2", [slug, version])
      return (rows[0]?.hidden ?? []) as string[]
    },

    async findForGrading (slug: string, version: number): Promise<ExerciseForGrading | undefined> {
      const { rows } = await pool.query(
        `SELECT ${summaryColumns}, grader_files AS "graderFiles" FROM exercises WHERE slug = $1 AND version = $2`,
        [slug, version]
      )
      return rows[0] as ExerciseForGrading | undefined
    }
  }
}

export type ExercisesRepository = ReturnType<typeof createExercisesRepository>
