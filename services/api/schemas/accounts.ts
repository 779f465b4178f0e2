import { Type } from '@sinclair/typebox'
import { SLUG_PATTERN } from '../../exercise/manifest-schema.js'
import { ROLES } from '../../account/users-repository.js'

export const MIN_PASSWORD_LENGTH = 10

const Email = Type.String({ format: 'email', maxLength: 254, description: 'Your email address; its case does not matter' })
const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)))

export const SignUpSchema = Type.Object({
  email: Email,
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Shown to the instructors of exercises you submit to' }),
  password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200, description: `At least ${MIN_PASSWORD_LENGTH} characters` })
}, { additionalProperties: false })

export const LoginSchema = Type.Object({
  email: Email,
  password: Type.String({ minLength: 1, maxLength: 200 }),
  tokenName: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'What the token is for, e.g. "laptop CLI"' }))
}, { additionalProperties: false })

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  createdAt: Type.String({ format: 'date-time' })
})

export const SignedUpSchema = Type.Object({
  email: Type.String(),
  message: Type.String({ description: 'The same for every sign-up: log in next' })
})

export const TokenSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()])
})

export const TokenCreatedSchema = Type.Object({
  token: Type.String({ description: 'Send as Authorization: Bearer <token>. Shown only now: Backlab keeps only a hash of it.' }),
  tokenInfo: TokenSchema,
  user: UserSchema
})

export const IdParamsSchema = Type.Object({ id: Type.String({ format: 'uuid' }) })
export const RoleChangeSchema = Type.Object({ role: RoleSchema }, { additionalProperties: false })
export const MaintainerParamsSchema = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 64 }),
  userId: Type.String({ format: 'uuid' })
})
