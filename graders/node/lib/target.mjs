// Where the learner's server is. The runner requires BACKLAB_TARGET; the default only
// serves running a suite by hand against a local server.
export const DEFAULT_TARGET = 'http://127.0.0.1:3000'

export function targetUrl(env = process.env) {
  return new URL(env.BACKLAB_TARGET || DEFAULT_TARGET)
}
