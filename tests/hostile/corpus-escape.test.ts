// The hostile corpus, part 3: escapes: filesystem, network, secrets, privileges, forged results,
// killing the grader, processes that try to outlive the run (see corpus.ts).
import t from 'tap'
import { ATTACKS, attackFiles, fixtureNames, runCorpus } from './corpus.js'

t.test('every fixture is in the corpus, and says what it attacks, what stops it and what to expect', async (t) => {
  t.same(await fixtureNames(), ATTACKS.map((a) => a.name).sort(), 'one fixture folder per attack')
  for (const { name } of ATTACKS) {
    const { files } = await attackFiles(name)
    t.match(files['server.js'], /^\/\/ Attack: [^]*\n\/\/ Stopped by: [^]*\n\/\/ Expected: /, `${name}/server.js has its header`)
  }
})

t.test('hostile corpus: escape', async (t) => {
  await runCorpus(t, ATTACKS.filter((a) => a.kind === 'escape').map((a) => a.name))
})
