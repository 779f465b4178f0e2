import { createInterface } from 'node:readline/promises'
import { ApiError, createApiClient } from '../api-client.js'
import { forgetCredentials, saveCredentials } from '../credentials.js'
import { usage, type Context } from '../context.js'

interface UserView { id: string, email: string, name: string, role: string }

/** The password: from stdin with --password-stdin (scripts), else asked for without echo. */
async function readPassword (ctx: Context, prompt: string): Promise<string> {
  if (ctx.values['password-stdin'] || process.stdin.isTTY !== true) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
  }
  const { default: password } = await import('@inquirer/password')
  return await password({ message: prompt, mask: '*' })
}

async function askEmail (ctx: Context): Promise<string> {
  if (ctx.values.email !== undefined) return ctx.values.email
  if (process.stdin.isTTY !== true) usage('give --email <email>')
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try { return (await rl.question('Email: ')).trim() } finally { rl.close() }
}

export async function signup (ctx: Context): Promise<number> {
  const email = await askEmail(ctx)
  const name = ctx.values.name ?? usage('give --name <your name> (shown to the instructors of exercises you submit to)')
  const password = await readPassword(ctx, 'Choose a password (at least 10 characters):')
  // The answer is the same whether or not the email had an account (sign-up tells nobody who has
  // one): logging in with the new password is what shows the account is this person's.
  await ctx.client.request('POST', '/api/v1/users', { email, name, password })
  try {
    return await logIn(ctx, email, password, `Signed up as ${email}.`)
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'INVALID_CREDENTIALS') throw err
    throw new ApiError(err.status, err.code, `Signed up, but could not log in as ${email}: if it already had an account, ` +
      `log in with that account's password (backlab login --email ${email}).`)
  }
}

export async function login (ctx: Context): Promise<number> {
  const email = await askEmail(ctx)
  return await logIn(ctx, email, await readPassword(ctx, 'Password:'))
}

async function logIn (ctx: Context, email: string, password: string, before?: string): Promise<number> {
  const { body } = await ctx.client.request<{ token: string, tokenInfo: { id: string }, user: UserView }>(
    'POST', '/api/v1/tokens', { email, password, tokenName: 'backlab CLI' })
  const path = await saveCredentials({ api: ctx.client.api, token: body.token, tokenId: body.tokenInfo.id, email: body.user.email }, ctx.env)
  if (before !== undefined) ctx.out.line(before)
  ctx.out.line(`Logged in to ${ctx.client.api} as ${body.user.email} (${body.user.role}). Token kept in ${path}.`)
  return 0
}

export async function logout (ctx: Context): Promise<number> {
  const stored = ctx.stored
  if (stored === undefined) {
    ctx.out.line('Not logged in.')
    return 0
  }
  if (stored.tokenId !== undefined) {
    // Revoked with its own token, against the API it came from.
    await createApiClient(stored.api, stored.token).request('DELETE', `/api/v1/tokens/${stored.tokenId}`).catch(() => undefined)
  }
  await forgetCredentials(ctx.env)
  ctx.out.line(`Logged out of ${stored.api}; the token is revoked.`)
  return 0
}

export async function whoami (ctx: Context): Promise<number> {
  const { body } = await ctx.client.request<UserView>('GET', '/api/v1/me')
  ctx.out.line(`${body.email} (${body.name}, ${body.role}) at ${ctx.client.api}`)
  return 0
}
