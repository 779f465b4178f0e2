import { randomUUID } from 'node:crypto'
import type { Pool } from '../platform/db/pool.js'
import { newApiToken, tokenHash } from './api-token.js'

export type Role = 'learner' | 'instructor' | 'admin'
export const ROLES: readonly Role[] = ['learner', 'instructor', 'admin']

export interface User {
  id: string
  email: string
  name: string
  role: Role
  createdAt: Date
}

export interface ApiTokenInfo {
  id: string
  name: string
  createdAt: Date
  lastUsedAt: Date | null
}

const userColumns = 'u.id, u.email, u.name, u.role, u.created_at AS "createdAt"'

export function createUsersRepository (pool: Pool) {
  return {
    /** Undefined when the email (in any case) already has an account. */
    async create (input: { email: string, name: string, passwordHash: string, role: Role }): Promise<User | undefined> {
      const { rows } = await pool.query(
        `INSERT INTO users AS u (id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ((lower(email))) DO NOTHING RETURNING ${userColumns}`,
        [randomUUID(), input.email, input.name, input.passwordHash, input.role]
      )
      return rows[0] as User | undefined
    },

    async findByEmail (email: string): Promise<(User & { passwordHash: string }) | undefined> {
      const { rows } = await pool.query(
        `SELECT ${userColumns}, u.password_hash AS "passwordHash" FROM users u WHERE lower(u.email) = lower($1)`, [email])
      return rows[0] as (User & { passwordHash: string }) | undefined
    },

    async findById (id: string): Promise<User | undefined> {
      const { rows } = await pool.query(`SELECT ${userColumns} FROM users u WHERE u.id = $1`, [id])
      return rows[0] as User | undefined
    },

    async setRole (id: string, role: Role): Promise<User | undefined> {
      const { rows } = await pool.query(`UPDATE users u SET role = $2 WHERE u.id = $1 RETURNING ${userColumns}`, [id, role])
      return rows[0] as User | undefined
    },

    async setPassword (id: string, passwordHash: string): Promise<void> {
      await pool.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash])
    },

    /** A new token for the user; the plain token is returned once and never stored. */
    /** A new token; with `lifetimeMs` it stops working after that long (web sessions). */
    async issueToken (userId: string, name: string, lifetimeMs?: number): Promise<{ token: string, info: ApiTokenInfo }> {
      const token = newApiToken()
      const { rows } = await pool.query(
        `INSERT INTO api_tokens (id, user_id, token_hash, name, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5::float / 1000))
         RETURNING id, name, created_at AS "createdAt", last_used_at AS "lastUsedAt"`,
        [randomUUID(), userId, tokenHash(token), name, lifetimeMs ?? null]
      )
      return { token, info: rows[0] as ApiTokenInfo }
    },

    /** Revokes a token by its value, whoever it belongs to (a session cookie being replaced). */
    async revokeByValue (token: string): Promise<void> {
      await pool.query('UPDATE api_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash(token)])
    },

    /** The token's user, unless the token is unknown, revoked or expired; notes when it was last used. */
    async authenticate (token: string): Promise<(User & { tokenId: string }) | undefined> {
      const { rows } = await pool.query(
        `UPDATE api_tokens t SET last_used_at = now() FROM users u
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.id = t.user_id
         RETURNING ${userColumns}, t.id AS "tokenId"`,
        [tokenHash(token)]
      )
      return rows[0] as (User & { tokenId: string }) | undefined
    },

    async listTokens (userId: string): Promise<ApiTokenInfo[]> {
      const { rows } = await pool.query(
        `SELECT id, name, created_at AS "createdAt", last_used_at AS "lastUsedAt" FROM api_tokens
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at`, [userId])
      return rows as ApiTokenInfo[]
    },

    /** False when the user has no such live token. */
    async revokeToken (userId: string, tokenId: string): Promise<boolean> {
      const { rowCount } = await pool.query(
        'UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL', [tokenId, userId])
      return rowCount === 1
    },

    /** Failed logins under this key (email and address) within the window, and when the oldest leaves it. */
    async loginFailures (key: string, windowMs: number): Promise<{ count: number, freesInMs: number }> {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS count,
                coalesce(extract(epoch FROM min(failed_at) + make_interval(secs => $2 / 1000.0) - now()) * 1000, 0) AS "freesInMs"
         FROM login_failures WHERE throttle_key = lower($1) AND failed_at > now() - make_interval(secs => $2 / 1000.0)`,
        [key, windowMs])
      const row = rows[0] as { count: number, freesInMs: string | number }
      return { count: row.count, freesInMs: Number(row.freesInMs) }
    },

    async recordLoginFailure (key: string, windowMs: number): Promise<void> {
      await pool.query(
        'DELETE FROM login_failures WHERE throttle_key = lower($1) AND failed_at < now() - make_interval(secs => $2 / 1000.0)', [key, windowMs])
      await pool.query('INSERT INTO login_failures (throttle_key) VALUES (lower($1))', [key])
    },

    async clearLoginFailures (key: string): Promise<void> {
      await pool.query('DELETE FROM login_failures WHERE throttle_key = lower($1)', [key])
    },

    async addMaintainer (slug: string, userId: string): Promise<void> {
      await pool.query('INSERT INTO exercise_maintainers (exercise_slug, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [slug, userId])
    },

    async maintainedSlugs (userId: string): Promise<string[]> {
      const { rows } = await pool.query('SELECT exercise_slug AS slug FROM exercise_maintainers WHERE user_id = $1 ORDER BY 1', [userId])
      return rows.map((r: { slug: string }) => r.slug)
    },

    async maintains (userId: string, slug: string): Promise<boolean> {
      const { rowCount } = await pool.query('SELECT 1 FROM exercise_maintainers WHERE user_id = $1 AND exercise_slug = $2', [userId, slug])
      return rowCount === 1
    }
  }
}

export type UsersRepository = ReturnType<typeof createUsersRepository>
