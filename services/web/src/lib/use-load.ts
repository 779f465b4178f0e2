import { useEffect, useState } from 'preact/hooks'
import { errorMessage } from '../api'

export interface Loaded<T> {
  data?: T
  error?: string
}

/** One read from the API when the page opens (or `key` changes); an answer for an older key is dropped. */
export function useLoad<T> (load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({})
  useEffect(() => {
    let current = true
    setState({})
    load().then(
      (data) => { if (current) setState({ data }) },
      (err: unknown) => { if (current) setState({ error: errorMessage(err) }) }
    )
    return () => { current = false }
  }, [key])
  return state
}
