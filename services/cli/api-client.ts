/** A refusal or failure the API explained: its code and the message that says what to do. */
export class ApiError extends Error {
  constructor (readonly status: number, readonly code: string, message: string, readonly retryAfter?: string, readonly problems?: string[]) {
    super(message)
  }
}

export interface ApiClient {
  api: string
  request: <T>(method: string, path: string, body?: unknown) => Promise<{ status: number, body: T, headers: Headers }>
  /** Sends bytes (an archive) as the body. */
  upload: <T>(path: string, bytes: Buffer, contentType: string) => Promise<{ status: number, body: T, headers: Headers }>
  /** The raw response of a streaming request (server-sent events). */
  stream: (path: string, signal?: AbortSignal) => Promise<Response>
}

export function createApiClient (api: string, token: string | undefined): ApiClient {
  const base = api.replace(/\/+$/, '')
  const auth: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` }

  async function fetchOrExplain (path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, init)
    } catch (err) {
      const cause = (err as { cause?: { code?: string, errors?: Array<{ code?: string }> } }).cause
      const why = cause?.code ?? cause?.errors?.[0]?.code ?? (cause as Error | undefined)?.message ?? (err as Error).message
      throw new ApiError(0, 'UNREACHABLE', `Cannot reach Backlab at ${base} (${why}). Is it running? Another address: --api <url> or BACKLAB_API.`)
    }
  }

  async function refusal (res: Response): Promise<never> {
    const text = await res.text()
    let code = `HTTP_${res.status}`
    let message = text.slice(0, 500)
    let problems: string[] | undefined
    try {
      const parsed = JSON.parse(text) as { error?: { code?: string, message?: string, problems?: string[] } }
      code = parsed.error?.code ?? code
      message = parsed.error?.message ?? message
      problems = parsed.error?.problems
    } catch { /* not JSON: shown as it came */ }
    throw new ApiError(res.status, code, message, res.headers.get('retry-after') ?? undefined, problems)
  }

  return {
    api: base,
    async request<T>(method: string, path: string, body?: unknown) {
      const res = await fetchOrExplain(path, {
        method,
        headers: { ...auth, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) })
      })
      if (res.status >= 400) return await refusal(res)
      const text = await res.text()
      return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as T, headers: res.headers }
    },
    async upload<T>(path: string, bytes: Buffer, contentType: string) {
      const res = await fetchOrExplain(path, { method: 'POST', headers: { ...auth, 'content-type': contentType }, body: bytes })
      if (res.status >= 400) return await refusal(res)
      return { status: res.status, body: await res.json() as T, headers: res.headers }
    },
    async stream (path, signal) {
      const res = await fetchOrExplain(path, { headers: { ...auth, accept: 'text/event-stream' }, ...(signal !== undefined && { signal }) })
      if (res.status >= 400) return await refusal(res)
      return res
    }
  }
}
