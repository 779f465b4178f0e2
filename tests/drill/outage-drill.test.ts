import t from 'tap'
import { runDrill } from '../../scripts/outage-drill/driver.js'

// The drill of issue 16: submissions in flight while the worker, Redis, PostgreSQL and the Docker
// daemon fail in turn, each on the drill's own copy (scripts/outage-drill/driver.ts); every
// submission must end with its right verdict. DRILL_SUBMISSIONS makes it bigger.
t.setTimeout(5 * 60_000)

t.test('every submission in flight through four outages ends with its right verdict', async (t) => {
  const figures = await runDrill({
    submissions: Number(process.env.DRILL_SUBMISSIONS ?? 24),
    settleTimeoutMs: 90_000,
    log: (line) => { t.comment(line.replace(/^# /, '')) }
  })
  t.equal(figures.lost, 0, 'none lost')
  t.equal(figures.stuck, 0, 'none stuck')
  t.equal(figures.platformErrors, 0, 'no platform error')
  t.equal(figures.wrong, 0, 'no wrong verdict')
  t.equal(figures.right, figures.inFlight, 'every one right')
  t.same(figures.faults.map((f) => f.fault.replace(/ \d+ s$/, '')),
    ['worker SIGKILL + restart', 'Redis SIGKILL + restart', 'PostgreSQL immediate restart', 'Docker daemon down'], 'each fault was injected')
  t.ok(figures.faults.every((f) => f.recoveredMs !== undefined), 'grading went on after each')
})
