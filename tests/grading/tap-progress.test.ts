// Progress costs at most one write per test, whatever a grader prints.
import t from 'tap'
import { progressFromTapLine, progressGate } from '../../services/grading/tap-progress.js'
import { MAX_PROGRESS_TESTS } from '../../services/submission/submissions-repository.js'

t.test('a grader printing 2000 ok lines, then more after its final plan, is announced a bounded number of times', async (t) => {
  const gate = progressGate('# backlab-report-complete')
  const lines = [
    ...Array.from({ length: 2000 }, (_, i) => `ok ${i + 1} - flood ${i + 1}`),
    '1..2000',
    'ok 2001 - after the plan',
    '# backlab-report-complete',
    'ok 2002 - after the report'
  ]
  const passed = lines.filter((l) => gate(l))
  t.equal(passed.length, MAX_PROGRESS_TESTS, `at most ${MAX_PROGRESS_TESTS}`)
  t.equal(progressFromTapLine(passed.at(-1) ?? '')?.n, MAX_PROGRESS_TESTS)
})

t.test('each test once, in order; nothing after the final plan or the end line', async (t) => {
  const gate = progressGate('# backlab-report-complete')
  const seen = ['ok 1 - a', 'ok 1 - a again', '    ok 1 - inner', 'not ok 2 - b', 'ok 3 - c # SKIP', '1..3', 'ok 4 - late'].filter((l) => gate(l))
  t.same(seen, ['ok 1 - a', 'not ok 2 - b', 'ok 3 - c # SKIP'])
  const ended = progressGate('# backlab-report-complete')
  t.same(['ok 1 - a', '# backlab-report-complete', 'ok 2 - b'].filter((l) => ended(l)), ['ok 1 - a'])
})

t.test('a plan that comes first announces its tests and ends with the last of them', async (t) => {
  const gate = progressGate()
  t.same(['1..2', 'ok 1 - a', 'ok 2 - b', 'ok 3 - extra'].filter((l) => gate(l)), ['ok 1 - a', 'ok 2 - b'])
})
