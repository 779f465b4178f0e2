// Work in progress survives a reload: one localStorage entry per learner, exercise and runtime.
// The user id keeps one person's code from showing up for the next on a shared computer.

export type FileMap = Record<string, string>

const draftKey = (userId: string, slug: string, runtime: string): string => `backlab:draft:${userId}:${slug}:${runtime}`
const runtimeKey = (userId: string, slug: string): string => `backlab:runtime:${userId}:${slug}`

function read (key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null // storage disabled (some private modes): the work lives as long as the page
  }
}

function write (key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, value)
  } catch {
    // Full or disabled storage must not stop anyone from editing and submitting.
  }
}

export function loadDraft (userId: string, slug: string, runtime: string): FileMap | undefined {
  const raw = read(draftKey(userId, slug, runtime))
  if (raw === null) return undefined
  try {
    const files: unknown = JSON.parse(raw)
    if (typeof files !== 'object' || files === null || Array.isArray(files)) return undefined
    const entries = Object.entries(files).filter((e): e is [string, string] => typeof e[1] === 'string')
    return entries.length > 0 ? Object.fromEntries(entries) : undefined
  } catch {
    return undefined
  }
}

export function saveDraft (userId: string, slug: string, runtime: string, files: FileMap | null): void {
  write(draftKey(userId, slug, runtime), files === null ? null : JSON.stringify(files))
}

export function loadRuntimeChoice (userId: string, slug: string): string | null {
  return read(runtimeKey(userId, slug))
}

export function saveRuntimeChoice (userId: string, slug: string, runtime: string): void {
  write(runtimeKey(userId, slug), runtime)
}
