import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from '../platform/config.js'
import { createLogger } from '../platform/logger.js'
import auth from './plugins/auth.js'
import clients from './plugins/clients.js'
import errorHandler from './plugins/error-handler.js'
import repositories from './plugins/repositories.js'
import storableText from './plugins/storable-text.js'
import swagger from './plugins/swagger.js'
import webApp from './plugins/web-app.js'
import cookie from '@fastify/cookie'
import accountsRoutes from './routes/accounts.js'
import exercisePackagesRoutes from './routes/exercise-packages.js'
import exercisesRoutes from './routes/exercises.js'
import healthRoutes from './routes/health.js'
import submissionArchivesRoutes from './routes/submission-archives.js'
import submissionEventsRoutes from './routes/submission-events.js'
import regradesRoutes from './routes/regrades.js'
import submissionsRoutes from './routes/submissions.js'
import { ErrorSchema } from './schemas/common.js'
import { validatorCompiler } from './validator-compiler.js'

export interface BuildOptions {
  /** false in tests that do not want request logs. */
  logger?: boolean
}

/** The API's composition root: everything is registered here; server.ts only listens. */
export async function buildApp (config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Bounded and rotated: see services/platform/logger.ts.
    ...(options.logger === false ? { logger: false } : { loggerInstance: createLogger(config.LOG_LEVEL, 'api', config) as FastifyBaseLogger }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)

  app.addSchema(ErrorSchema)
  await app.register(errorHandler)
  await app.register(storableText)
  await app.register(swagger)
  await app.register(clients, { config })
  await app.register(repositories)
  await app.register(cookie)
  await app.register(auth)
  await app.register(healthRoutes)
  await app.register(accountsRoutes)
  await app.register(exercisesRoutes)
  await app.register(submissionsRoutes)
  await app.register(submissionArchivesRoutes)
  await app.register(submissionEventsRoutes)
  await app.register(regradesRoutes)
  await app.register(exercisePackagesRoutes)
  await app.register(webApp)
  await app.ready()
  return app
}
