/** `application/json; charset=utf-8` → `application/json`; undefined when the header is absent. */
export function mediaType(contentType) {
  if (contentType === undefined) return undefined
  return String(contentType).split(';')[0].trim().toLowerCase()
}

export function isJsonContentType(contentType) {
  return mediaType(contentType) === 'application/json'
}
