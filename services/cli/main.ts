/**
 * `backlab`: the command-line client for learners and instructors (run it with `npx backlab`
 * in this repository). Run `backlab help` for the commands.
 * Exit codes: 0 success (a submission or package passed), 1 a submission was graded and failed or a
 * package has problems, 2 anything
 * else (refused, not graded, unreachable, bad usage).
 */
import { parseArgs } from 'node:util'
import { ApiError, createApiClient } from './api-client.js'
import { DEFAULT_API, loadCredentials } from './credentials.js'
import { terminalOutput } from './render.js'
import { UsageError } from './context.js'
import { login, logout, signup, whoami } from './commands/account.js'
import { download, listExercises } from './commands/exercises.js'
import { publishPackage, validatePackage } from './commands/packages.js'
import { status, submit } from './commands/submit.js'

const HELP = `backlab: practise back-end development, graded in real containers

  backlab signup --email <email> --name <name>     make a learner account (password asked, or --password-stdin)
  backlab login --email <email>                    log in; the token is kept in ~/.config/backlab
  backlab logout                                   revoke the token and forget it
  backlab whoami                                   the account you are logged in as
  backlab exercises                                list the exercises
  backlab download <exercise> [folder]             the starter files and instructions (--runtime node|python|sql)
  backlab submit <exercise> [folder]               submit a folder and watch it being graded (--runtime)
  backlab status <submission id>                   a submission's result

For instructors:
  backlab validate <package folder>                grade an exercise package's checks on Backlab; publish nothing
  backlab publish <package folder>                 the same, then publish the version if every check passed

Options: --api <url> (or BACKLAB_API; default ${DEFAULT_API}); BACKLAB_TOKEN overrides the stored token.
Exit codes: 0 success or passed, 1 graded and failed (or a package with problems), 2 anything else.`

export async function main (argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = terminalOutput(process.stdout, env)
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      api: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      runtime: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  const [command, ...args] = positionals
  if (command === undefined || command === 'help' || values.help) {
    out.line(HELP)
    return command === undefined && !values.help ? 2 : 0
  }
  const stored = await loadCredentials(env)
  const api = values.api ?? env.BACKLAB_API ?? stored?.api ?? DEFAULT_API
  const token = env.BACKLAB_TOKEN ?? (stored?.api === api ? stored.token : undefined)
  const client = createApiClient(api, token)
  const context = { client, out, env, values, args, stored }

  try {
    switch (command) {
      case 'signup': return await signup(context)
      case 'login': return await login(context)
      case 'logout': return await logout(context)
      case 'whoami': return await whoami(context)
      case 'exercises': return await listExercises(context)
      case 'download': return await download(context)
      case 'submit': return await submit(context)
      case 'status': return await status(context)
      case 'validate': return await validatePackage(context)
      case 'publish': return await publishPackage(context)
      default:
        process.stderr.write(`backlab: no command '${command}'. Try: backlab help\n`)
        return 2
    }
  } catch (err) {
    if (err instanceof ApiError) {
      const hint = err.code === 'AUTH_REQUIRED' || err.code === 'INVALID_TOKEN' ? ' Log in with: backlab login --email <email>' : ''
      const retry = err.retryAfter === undefined ? '' : ` (retry after ${err.retryAfter} s)`
      process.stderr.write(`backlab: ${err.message}${retry}${hint}\n`)
      return 2
    }
    if (err instanceof UsageError) {
      process.stderr.write(`backlab: ${(err as Error).message}\n`)
      return 2
    }
    throw err
  }
}
