import t from 'tap'
import { kernelClockUs, kernelLogShowsOomKill, recordsShowOomKill } from '../../../services/platform/docker/kernel-oom-log.js'

const id = 'e5b43787eb00c4895ce207fa9dd6994986fbd7b778a791089c7e53dc1c201b27'
const killed = '3,4101,25733098351,-;Memory cgroup out of memory: Killed process 31121 (exe) total-vm:419744kB, anon-rss:0kB, file-rss:34812kB, shmem-rss:310148kB, UID:0 pgtables:1076kB oom_score_adj:1\n'
const summary = `6,4100,25733098268,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=${id},mems_allowed=0,oom_memcg=/docker/${id},task_memcg=/docker/${id},task=exe,pid=31121,uid=0\n`

t.test('the kernel\'s OOM kill of a container\'s process is recognised from its log records', async (t) => {
  t.ok(recordsShowOomKill([killed], { pids: [31121], containerId: 'other', sinceUs: 0 }), 'by the victim\'s pid')
  t.ok(recordsShowOomKill([summary], { pids: [], containerId: id, sinceUs: 0 }), 'by the memory cgroup the summary names')
  t.notOk(recordsShowOomKill([killed, summary], { pids: [31122], containerId: id.slice(0, 12), sinceUs: 0 }), 'not another pid or a prefix of the id')
  t.notOk(recordsShowOomKill([killed, summary], { pids: [31121], containerId: id, sinceUs: 25733098352 }), 'not a record older than the container (a reused pid)')
  t.notOk(recordsShowOomKill(['garbage', ''], { pids: [31121], containerId: id, sinceUs: 0 }), 'not garbage')
})

t.test('the real kernel log is read to its end', async (t) => {
  const answer = kernelLogShowsOomKill({ pids: [2 ** 22 + 1], containerId: 'no-such-container', sinceUs: 0 })
  if (process.getuid?.() === 0) t.equal(answer, false, 'as root: read, and nothing matches an impossible pid')
  else t.ok(answer === undefined || answer === false, 'without root: unreadable is undefined')
  t.ok(kernelClockUs() > 0, 'the log\'s clock is readable')
  t.equal(kernelLogShowsOomKill({ pids: [1], containerId: 'x', sinceUs: 0 }, '/nonexistent/kmsg'), undefined, 'no log: undefined')
})
