import fp from 'fastify-plugin'
import { loadExerciseCatalog } from '../../exercise/load-package.js'
import { createExercisesRepository, type ExercisesRepository } from '../../exercise/exercises-repository.js'
import { createValidationsRepository, type ValidationsRepository } from '../../exercise-package/validations-repository.js'
import { createSubmissionsRepository, type SubmissionsRepository } from '../../submission/submissions-repository.js'

declare module 'fastify' {
  interface FastifyInstance {
    exercises: ExercisesRepository
    submissions: SubmissionsRepository
    validations: ValidationsRepository
  }
}

/**
 * Repositories over Postgres. At boot the exercise packages in EXERCISES_DIR are validated and
 * stored: a broken package stops boot with every defect named, rather than failing a learner later.
 */
export default fp(async (app) => {
  const exercises = createExercisesRepository(app.pg)
  const packages = await loadExerciseCatalog(app.config.EXERCISES_DIR)
  for (const pkg of packages) {
    if (!await exercises.upsert(pkg)) {
      app.log.warn({ exercise: `${pkg.manifest.slug}@${pkg.manifest.version}` }, 'an instructor published this version with other content; the repository\'s is not loaded (raise its version)')
    }
  }
  app.log.info({ exercises: packages.map((p) => `${p.manifest.slug}@${p.manifest.version}`) }, 'exercise catalog loaded')

  app.decorate('exercises', exercises)
  app.decorate('submissions', createSubmissionsRepository(app.pg))
  app.decorate('validations', createValidationsRepository(app.pg))
}, { name: 'repositories', dependencies: ['clients'] })
