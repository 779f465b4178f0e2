// Set-Cookie headers, read the way a browser reads them (attribute names in any case).
import setCookieParser from 'set-cookie-parser'

/** Every cookie a response sets: [{ name, value, path, httpOnly, secure, sameSite, maxAge, expires }]. */
export function cookiesSet(response) {
  const header = response.headers?.['set-cookie']
  if (!header) return []
  return setCookieParser.parse(Array.isArray(header) ? header : [header], { decodeValues: false })
}

/** The `Cookie` request header that sends back `cookies` ([{ name, value }]). */
export function cookieHeader(cookies) {
  return cookies.map(c => `${c.name}=${c.value}`).join('; ')
}
