// The rules a learner reads for each SQL task ("How each task is checked") state what the grader
// relies on: NULL placement and text order where a task asks for an order, and constraints
// checked as COMMIT checks them for schema tasks.
import t from 'tap'
import { sqlTaskRules } from '../../../services/exercise/sql-tasks.js'

t.test('an ordered task states NULL placement and the text-order rule; an unordered one does not', async (t) => {
  const ordered = sqlTaskRules({ file: '01-a.sql', title: 'A', kind: 'query', compare: { orderBy: ['name'] } })
  t.ok(ordered.some((r) => /PostgreSQL sorts NULLs last in ascending order \(ASC\) and first in descending order \(DESC\), unless the ORDER BY says NULLS FIRST or NULLS LAST/.test(r)))
  t.ok(ordered.some((r) => /collation C.*alphabetical under en-US.*passes too.*COLLATE "C"/.test(r)))
  const caseFree = sqlTaskRules({ file: '01-a.sql', title: 'A', kind: 'query', compare: { orderBy: ['name'], textCase: 'ignore' } })
  t.notOk(caseFree.some((r) => /en-US/.test(r)), 'case-insensitive text: only the C order is promised')
  const unordered = sqlTaskRules({ file: '01-a.sql', title: 'A', kind: 'query' })
  t.notOk(unordered.some((r) => /NULLs|collation/.test(r)))
  t.equal(unordered[0], 'Row order: any.')
})

t.test('a schema task says deferred constraints count when they reject at COMMIT', async (t) => {
  const rules = sqlTaskRules({ file: '01-s.sql', title: 'S', kind: 'schema' })
  t.match(rules, [/Graded by behaviour/, /DEFERRABLE INITIALLY DEFERRED.*rejects at COMMIT, and that counts as rejected/])
})
