// The hostile corpus under runsc (gVisor). The corpus files grade every attack under the platform's
// default runtime (runc); this one grades again, under runsc, the attacks whose containment depends
// on the runtime (process and memory limits, the kernel's surface, PID 1, escapes), so CI covers
// both runtimes for about a third of the corpus's time (see corpus.ts). Setup registers runsc; a
// daemon without it fails every pod here, loudly.
import t from 'tap'
import { ATTACKS, RUNSC_KNOWN_GAPS, RUNTIME_SENSITIVE, runCorpus } from './corpus.js'

t.test('hostile corpus under runsc: the runtime-sensitive attacks', async (t) => {
  t.ok(RUNTIME_SENSITIVE.every((name) => ATTACKS.some((a) => a.name === name)), 'every runtime-sensitive attack is in the corpus')
  const names = RUNTIME_SENSITIVE.filter((name) => !RUNSC_KNOWN_GAPS.includes(name))
  await runCorpus(t, ATTACKS.filter((a) => names.includes(a.name)).map((a) => a.name), { runtime: 'runsc' })
})
