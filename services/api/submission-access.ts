import type { FastifyInstance } from 'fastify'
import type { Verdict } from '../submission/result-schema.js'
import type { Submission } from '../submission/submissions-repository.js'
import { hideTests } from '../submission/hidden-tests.js'
import { seesAllOf, type AuthUser } from './plugins/auth.js'

// Who may read a submission, and what of it they see: the submission routes, its event stream and
// the re-grade routes all ask here.

/** Tests the viewer may not see the details of: the exercise's hidden tests, unless they maintain it. */
export async function hiddenFrom (app: FastifyInstance, user: AuthUser, s: Submission): Promise<ReadonlySet<string>> {
  if (await seesAllOf(app.users, user, s.exerciseSlug) || await uploaded(app, user, s)) return new Set()
  return new Set(await app.exercises.hiddenTests(s.exerciseSlug, s.exerciseVersion))
}

/** The submission as this viewer may see it (see hidden-tests.ts). */
export async function asSeenBy (app: FastifyInstance, user: AuthUser, s: Submission): Promise<Submission> {
  return hideTests(s, await hiddenFrom(app, user, s))
}

/** Authors read their own; instructors the submissions to exercises they maintain; admins all. */
export async function mayRead (app: FastifyInstance, user: AuthUser, s: Submission): Promise<boolean> {
  return s.userId === user.id || await seesAllOf(app.users, user, s.exerciseSlug) || await uploaded(app, user, s)
}

/** A package validation's gradings are read by who uploaded the package. */
async function uploaded (app: FastifyInstance, user: AuthUser, s: Submission): Promise<boolean> {
  return s.validationId !== null && await app.validations.uploaderOf(s.validationId) === user.id
}

/** A submission as the API shows it. */
export function present (s: Submission) {
  return {
    id: s.id,
    author: s.userId === null ? null : { id: s.userId },
    regradeOf: s.regradeOf,
    exercise: { slug: s.exerciseSlug, version: s.exerciseVersion },
    runtime: s.runtime,
    files: s.files,
    status: s.status,
    verdict: s.verdict as Verdict | null,
    score: s.score,
    maxScore: s.maxScore,
    message: s.message,
    tests: s.tests,
    logTail: s.logTail,
    attempts: s.attempts,
    timings: s.timings,
    createdAt: s.createdAt.toISOString(),
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null
  }
}
