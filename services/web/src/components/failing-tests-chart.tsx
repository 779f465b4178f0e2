import { useMemo } from 'preact/hooks'
import type { ChartOptions } from 'chart.js'
import type { ExerciseStats } from '../api-types'
import { formatPercent } from '../lib/labels'
import { BarChart } from './bar-chart'
import { ChartDataTable } from './data-table'

const FAIL_COLOUR = '#b3261e' // the stylesheet's --fail
/** Longer test names are cut in the chart's axis (a phone has room for little); the table has them whole. */
const MAX_LABEL = 28
const BAR_HEIGHT = 34

const shorten = (name: string): string => name.length <= MAX_LABEL ? name : `${name.slice(0, MAX_LABEL - 1)}…`

type FailingTests = ExerciseStats['failingTests']

const OPTIONS: ChartOptions<'bar'> = {
  indexAxis: 'y',
  scales: {
    x: { beginAtZero: true, max: 100, ticks: { callback: (value) => `${value}%` } },
    y: { ticks: { autoSkip: false } }
  },
  plugins: {
    legend: { display: false },
    tooltip: { callbacks: { label: (item) => `Failed in ${item.formattedValue}% of graded submissions` } }
  }
}

function summarise (tests: FailingTests): string {
  const top = tests.slice(0, 3).map((t) => `${t.name}, ${formatPercent(t.failRate)}`).join('; ')
  return `Horizontal bar chart of the ${tests.length} test${tests.length === 1 ? '' : 's'} that fail most, ` +
    `as the share of graded submissions each failed in. ${tests.length > 3 ? 'The top three: ' : ''}${top}.`
}

/** The tests learners fail most, as a share of graded submissions, with the numbers in a table too. */
export function FailingTestsChart ({ tests }: { tests: FailingTests }) {
  const data = useMemo(() => ({
    labels: tests.map((t) => shorten(t.name)),
    datasets: [{
      label: 'Failed in (% of graded submissions)',
      // One decimal: chart.js would otherwise show 33.300000000000004.
      data: tests.map((t) => Math.round(t.failRate * 1000) / 10),
      backgroundColor: FAIL_COLOUR
    }]
  }), [tests])

  if (tests.length === 0) return <p class="muted">No test has failed in a graded submission yet.</p>
  return <div class="chart-figure">
    <BarChart data={data} options={OPTIONS} summary={summarise(tests)} height={60 + tests.length * BAR_HEIGHT} />
    <ChartDataTable what="tests that fail most" caption="Tests that fail most, most failures first"
      columns={['Test', 'Failures', 'Fail rate']}>
      {tests.map((t) => <tr key={t.name}>
        <th scope="row" class="test-cell">{t.name}</th>
        <td>{t.failures}</td>
        <td>{formatPercent(t.failRate)}</td>
      </tr>)}
    </ChartDataTable>
  </div>
}
