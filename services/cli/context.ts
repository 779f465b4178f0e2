import type { ApiClient } from './api-client.js'
import type { Credentials } from './credentials.js'
import type { Output } from './render.js'

/** What every command gets: the API, the terminal, the environment and its arguments. */
export interface Context {
  client: ApiClient
  out: Output
  env: NodeJS.ProcessEnv
  values: { api?: string, email?: string, name?: string, runtime?: string, 'password-stdin': boolean, force: boolean }
  args: string[]
  stored: Credentials | undefined
}

/** A mistake in how the command was called: shown as a message, exit code 2. */
export class UsageError extends Error {}

export function usage (message: string): never {
  throw new UsageError(message)
}
