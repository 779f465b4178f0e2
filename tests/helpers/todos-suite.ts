import { readFileSync } from 'node:fs'

/**
 * The todos-crud suite's test names, in order, as the exercise defines them today: every
 * scenario's expected.json lists them all, and the catalog proves that list against real
 * gradings. Tests that grade todos-crud count on this, not on a number that moves with the suite.
 */
export const TODOS_TESTS: readonly string[] = (JSON.parse(readFileSync(
  new URL('../../exercises/todos-crud/scenarios/status-200-on-create/expected.json', import.meta.url), 'utf8'
)) as { tests: Array<{ name: string }> }).tests.map((x) => x.name)
export const TODOS_TEST_COUNT = TODOS_TESTS.length
