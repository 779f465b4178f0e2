export function Loading ({ what = 'Loading…' }: { what?: string }) {
  return <p class="muted" role="status">{what}</p>
}

/** A refusal or failure, worded by the server for the learner: read out at once. */
export function ErrorMessage ({ message }: { message: string | undefined }) {
  if (message === undefined || message === '') return null
  return <p class="error-message" role="alert">{message}</p>
}
