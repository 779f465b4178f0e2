import type { ComponentChildren } from 'preact'

/** A column's heading, with a class for its cells' alignment if it needs one. */
export type Column = string | { label: string, class: string }

interface DataTableProps {
  /** Read by screen readers only. */
  caption: string
  columns: Column[]
  /** A scrollable region's name: the table then takes the keyboard's focus, to scroll a wide table. */
  region?: string
  /** The rows. */
  children: ComponentChildren
}

/** A table of numbers, scrolling sideways when the page is narrow. */
export function DataTable ({ caption, columns, region, children }: DataTableProps) {
  return <div class="table-scroll" role={region === undefined ? undefined : 'region'} aria-label={region}
    tabIndex={region === undefined ? undefined : 0}>
    <table class="data-table">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => typeof c === 'string'
            ? <th key={c} scope="col">{c}</th>
            : <th key={c.label} scope="col" class={c.class}>{c.label}</th>)}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </div>
}

/** A chart's numbers, folded away under the chart, for whoever cannot see it. */
export function ChartDataTable ({ what, ...table }: Omit<DataTableProps, 'region'> & { what: string }) {
  return <details class="chart-data">
    <summary>Show the data<span class="visually-hidden">{`: ${what}`}</span></summary>
    <DataTable {...table} />
  </details>
}
