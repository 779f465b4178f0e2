import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** What `backlab login` keeps: where the API is and a bearer token for it. */
export interface Credentials {
  api: string
  token: string
  tokenId?: string
  email?: string
}

export const DEFAULT_API = 'http://127.0.0.1:8080'

function configDir (env: NodeJS.ProcessEnv): string {
  return env.BACKLAB_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'backlab')
}

export function credentialsPath (env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'credentials.json')
}

export async function loadCredentials (env: NodeJS.ProcessEnv = process.env): Promise<Credentials | undefined> {
  const text = await readFile(credentialsPath(env), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  const parsed = JSON.parse(text) as Partial<Credentials>
  return typeof parsed.api === 'string' && typeof parsed.token === 'string' ? parsed as Credentials : undefined
}

/** Readable by its owner only: the token is as good as the password until it is revoked. */
export async function saveCredentials (credentials: Credentials, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  await mkdir(configDir(env), { recursive: true, mode: 0o700 })
  const path = credentialsPath(env)
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 })
  return path
}

export async function forgetCredentials (env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await rm(credentialsPath(env), { force: true })
}
