import { Type } from '@sinclair/typebox'

/** The one shape every error response has. */
export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String({ examples: ['EXERCISE_NOT_FOUND'] }),
    message: Type.String({ description: 'What went wrong and what to change' }),
    problems: Type.Optional(Type.Array(Type.String(), { description: 'Each problem on its own, when there are several (PACKAGE_INVALID)' }))
  })
}, { $id: 'Error', title: 'Error' })

export const errorResponses = {
  400: Type.Ref('Error'),
  401: Type.Ref('Error'),
  403: Type.Ref('Error'),
  404: Type.Ref('Error'),
  409: Type.Ref('Error'),
  429: Type.Ref('Error'),
  413: Type.Ref('Error'),
  415: Type.Ref('Error'),
  422: Type.Ref('Error'),
  500: Type.Ref('Error'),
  503: Type.Ref('Error')
}
