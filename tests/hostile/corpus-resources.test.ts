// The hostile corpus, part 1: attacks on the sandbox's resource limits (see corpus.ts).
import t from 'tap'
import { ATTACKS, runCorpus } from './corpus.js'

t.test('hostile corpus: resources', async (t) => {
  await runCorpus(t, ATTACKS.filter((a) => a.kind === 'resources').map((a) => a.name))
})
