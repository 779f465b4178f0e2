/**
 * Account administration on the database itself (DATABASE_URL), for whoever runs the
 * installation. The first admin is made here, with a password read from stdin: there is no
 * default account and no default password.
 *
 *   printf '%s\n' "$PASSWORD" | npm run admin -- create-admin --email you@example.org --name "Your Name"
 *   npm run admin -- set-role <email> learner|instructor|admin
 *   npm run admin -- add-maintainer <exercise-slug> <email>
 *   npm run admin -- issue-token <email> [--name <what it is for>]    prints a new bearer token
 *   npm run admin -- sample-token    a token of sample@backlab.local (made with a random password
 *                                    nobody knows), for `npm run up`'s sample submission
 *
 * Exits 0 on success, 1 with a message on stderr otherwise.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { loadConfig } from '../services/platform/config.js'
import { createPool } from '../services/platform/db/pool.js'
import { migrate } from '../services/platform/db/migrate.js'
import { hashPassword } from '../services/account/password-hash.js'
import { ROLES, createUsersRepository, type Role } from '../services/account/users-repository.js'
import { MIN_PASSWORD_LENGTH } from '../services/api/schemas/accounts.js'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, name: { type: 'string' } }
})
const [command, ...rest] = positionals
const config = loadConfig()
const pool = createPool(config.DATABASE_URL)

async function readStdinLine (): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
}

function fail (message: string): never {
  throw Object.assign(new Error(message), { userFacing: true })
}

try {
  await migrate(pool)
  const users = createUsersRepository(pool)
  const userByEmail = async (email: string | undefined) => {
    if (email === undefined) fail('give the account\'s email')
    return (await users.findByEmail(email)) ?? fail(`no account has the email ${email}`)
  }
  switch (command) {
    case 'create-admin': {
      const email = values.email ?? fail('create-admin needs --email')
      const name = values.name ?? 'Admin'
      if (process.stdin.isTTY) fail(`pipe the password on stdin, e.g. printf '%s\\n' "$PASSWORD" | npm run admin -- create-admin --email ${email}`)
      const password = await readStdinLine()
      if (password.length < MIN_PASSWORD_LENGTH) fail(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`)
      const user = await users.create({ email, name, role: 'admin', passwordHash: await hashPassword(password, config.PASSWORD_HASH_COST) })
      if (user === undefined) fail(`an account for ${email} exists already; make it an admin with: npm run admin -- set-role ${email} admin`)
      console.log(`admin ${user.email} created (id ${user.id}); log in with POST /api/v1/tokens`)
      break
    }
    case 'set-role': {
      const [email, role] = rest
      if (!ROLES.includes(role as Role)) fail(`the role must be one of: ${ROLES.join(', ')}`)
      const user = await users.setRole((await userByEmail(email)).id, role as Role)
      console.log(`${user?.email ?? ''} is now ${role}`)
      break
    }
    case 'add-maintainer': {
      const [slug, email] = rest
      const user = await userByEmail(email)
      if (slug === undefined) fail('give the exercise slug')
      if (user.role === 'learner') fail(`${user.email} is a learner; first: npm run admin -- set-role ${user.email} instructor`)
      await users.addMaintainer(slug, user.id)
      console.log(`${user.email} maintains ${slug}`)
      break
    }
    case 'issue-token': {
      const user = await userByEmail(rest[0])
      console.log((await users.issueToken(user.id, values.name ?? 'issued by npm run admin')).token)
      break
    }
    case 'sample-token': {
      const email = 'sample@backlab.local'
      const made = await users.create({
        email,
        name: 'Sample learner',
        role: 'learner',
        passwordHash: await hashPassword(randomBytes(24).toString('hex'), config.PASSWORD_HASH_COST)
      })
      const user = made ?? await userByEmail(email)
      console.log((await users.issueToken(user.id, 'npm run up')).token)
      break
    }
    default:
      fail('commands: create-admin, set-role, add-maintainer, issue-token, sample-token (see scripts/admin.ts)')
  }
} catch (err) {
  console.error((err as { userFacing?: boolean }).userFacing === true ? `admin: ${(err as Error).message}` : err)
  process.exitCode = 1
} finally {
  await pool.end()
}
