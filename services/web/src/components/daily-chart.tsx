import { useMemo } from 'preact/hooks'
import type { ChartOptions } from 'chart.js'
import type { ExerciseStats } from '../api-types'
import { formatDay } from '../lib/labels'
import { BarChart } from './bar-chart'
import { ChartDataTable } from './data-table'

// The stylesheet's --accent and --pass: the legend and the table below name each series too.
const SUBMISSIONS_COLOUR = '#1d4ed8'
const PASSED_COLOUR = '#136c34'

const OPTIONS: ChartOptions<'bar'> = {
  scales: {
    x: { ticks: { autoSkip: true, maxRotation: 0 } },
    y: { beginAtZero: true, ticks: { precision: 0 } }
  },
  plugins: { legend: { position: 'bottom' } }
}

function summarise (daily: ExerciseStats['daily']): string {
  const total = daily.reduce((n, d) => n + d.submissions, 0)
  const passed = daily.reduce((n, d) => n + d.passed, 0)
  const busiest = daily.reduce((a, b) => (b.submissions > a.submissions ? b : a))
  return `Bar chart of submissions and passed submissions per day over the last ${daily.length} days: ` +
    `${total} submitted, ${passed} passed. The busiest day was ${formatDay(busiest.day)}, with ${busiest.submissions}.`
}

/** Submissions and passes per day, with the same numbers in a table for whoever cannot see the chart. */
export function DailyChart ({ daily }: { daily: ExerciseStats['daily'] }) {
  const data = useMemo(() => ({
    labels: daily.map((d) => formatDay(d.day)),
    datasets: [
      { label: 'Submissions', data: daily.map((d) => d.submissions), backgroundColor: SUBMISSIONS_COLOUR },
      { label: 'Passed', data: daily.map((d) => d.passed), backgroundColor: PASSED_COLOUR }
    ]
  }), [daily])

  if (!daily.some((d) => d.submissions > 0)) {
    return <p class="muted">No submissions in the last {daily.length} days.</p>
  }
  return <div class="chart-figure">
    <BarChart data={data} options={OPTIONS} summary={summarise(daily)} height={280} />
    <ChartDataTable what="submissions per day" caption="Submissions per day, oldest first"
      columns={['Day', 'Submissions', 'Passed', 'Failed']}>
      {daily.map((d) => <tr key={d.day}>
        <th scope="row"><time dateTime={d.day}>{formatDay(d.day)}</time></th>
        <td>{d.submissions}</td>
        <td>{d.passed}</td>
        <td>{d.failed}</td>
      </tr>)}
    </ChartDataTable>
  </div>
}
