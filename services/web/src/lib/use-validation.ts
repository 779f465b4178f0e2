import { useEffect, useState } from 'preact/hooks'
import { api, errorMessage } from '../api'
import type { PackageValidation } from '../api-types'
import { Follow, parseEvent } from './follow'

export interface ValidationProgress {
  validation?: PackageValidation
  /** Could not read it at all (not found, not yours), or lost track of it while running. */
  error?: string
}

const POLL_PAUSE_MS = 3000

/**
 * Follows a package validation until every check is graded: one GET (a finished one needs nothing
 * more), then the event stream, whose `validation` events carry the same object; if the stream
 * fails, GETs every few seconds take over.
 */
export function useValidation (id: string): ValidationProgress {
  const [progress, setProgress] = useState<ValidationProgress>({})

  useEffect(() => {
    const follow = new Follow()
    const show = (validation: PackageValidation): void => {
      if (follow.stopped) return
      setProgress({ validation })
      if (validation.status !== 'running') follow.stop()
    }
    const read = async (): Promise<PackageValidation> => await api.validation(id)

    follow.start({
      read,
      poll: { read, pauseMs: POLL_PAUSE_MS, pauseFirst: true },
      eventsUrl: `/api/v1/exercise-packages/${encodeURIComponent(id)}/events`,
      listen: (events) => {
        events.addEventListener('validation', (event) => {
          const validation = parseEvent<PackageValidation>(event)
          if (validation !== undefined) show(validation)
        })
      },
      show,
      lose: (err) => {
        if (follow.stopped) return
        setProgress((p) => ({ ...p, error: errorMessage(err) }))
        follow.stop()
      }
    })
    return follow.stop
  }, [id])

  return progress
}
