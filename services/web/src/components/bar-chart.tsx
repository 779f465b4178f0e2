import { useEffect, useRef } from 'preact/hooks'
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartData, type ChartOptions
} from 'chart.js'

// Only the pieces bar charts use: the rest of chart.js stays out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip)
// The page's font (as in styles.css), and --muted for axis text: chart.js's own grey is too faint to read.
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
Chart.defaults.color = '#555d6b'

interface Props {
  data: ChartData<'bar', number[], string>
  options: ChartOptions<'bar'>
  /** What the chart shows, in a sentence: the canvas is an image to assistive technology. */
  summary: string
  /** The drawing's height in px; its width follows the page. */
  height: number
}

/** A chart.js bar chart, made on mount and destroyed on unmount (it holds listeners and a resize observer). */
export function BarChart ({ data, options, summary, height }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null)

  useEffect(() => {
    if (canvas.current === null) return
    const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data,
      options: { responsive: true, maintainAspectRatio: false, ...(reduceMotion && { animation: false }), ...options }
    })
    return () => { chart.destroy() }
  }, [data, options])

  // chart.js sizes the canvas to its parent, which therefore needs a height and position: relative.
  return <div class="chart" style={{ height: `${height}px` }}>
    <canvas ref={canvas} role="img" aria-label={summary} />
  </div>
}
