import fp from 'fastify-plugin'
import { Errors } from '../../platform/errors.js'
import { describeFlaw, findUnstorable } from '../../platform/text-rules.js'

/**
 * Every string a client sends (JSON body, query string, path parameters) must be text PostgreSQL
 * can store: no NUL, no lone UTF-16 surrogate. Checked once here, for every route, before schema
 * validation, so no route can forget it and the 400 names the field, and for a file the line and
 * column, instead of the INSERT failing with a 500. Archive bodies arrive as bytes and are checked
 * by the archive reader; headers cannot carry either (Node's parser refuses NUL; they are latin1).
 */
export default fp(async (app) => {
  app.addHook('preValidation', async (request) => {
    const parts: Array<[string, unknown]> = [['params', request.params], ['querystring', request.query], ['body', request.body]]
    for (const [part, value] of parts) {
      if (Buffer.isBuffer(value)) continue
      const found = findUnstorable(value)
      if (found !== undefined) throw new Errors.INVALID_TEXT(describeFlaw(part, found))
    }
  })
}, { name: 'storable-text' })
