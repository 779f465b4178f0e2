import closeWithGrace from 'close-with-grace'
import { loadConfig } from '../platform/config.js'
import { buildApp } from './app.js'

const config = loadConfig()
const app = await buildApp(config)

closeWithGrace({ delay: config.API_SHUTDOWN_GRACE_MS }, async ({ err }) => {
  if (err !== undefined) app.log.error({ err }, 'shutting down after an error')
  await app.close()
})

await app.listen({ host: config.HOST, port: config.PORT })
