// The hostile corpus, part 2: hangs past the deadline and HTTP responses aimed at the grader (see corpus.ts).
import t from 'tap'
import { ATTACKS, runCorpus } from './corpus.js'

t.test('hostile corpus: time-and-http', async (t) => {
  await runCorpus(t, ATTACKS.filter((a) => a.kind === 'time-and-http').map((a) => a.name))
})
