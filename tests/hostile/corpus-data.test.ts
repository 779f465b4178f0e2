// The hostile corpus, part 4: learner output as data (NUL bytes, bytes that are not UTF-8,
// answers that would bloat the grader's report) and hidden tests read through the learner's
// own server (see corpus.ts).
import t from 'tap'
import { ATTACKS, runCorpus } from './corpus.js'

t.test('hostile corpus: data', async (t) => {
  await runCorpus(t, ATTACKS.filter((a) => a.kind === 'data').map((a) => a.name))
})

t.test('hostile corpus: hidden tests', async (t) => {
  await runCorpus(t, ATTACKS.filter((a) => a.kind === 'hidden').map((a) => a.name), { hidden: true })
})
