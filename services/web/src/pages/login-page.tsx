import { useState } from 'preact/hooks'
import type { JSX } from 'preact'
import { api, errorMessage } from '../api'
import type { User } from '../api-types'
import { Link, navigate } from '../router'
import { ErrorMessage } from '../components/status-messages'
import { useTitle } from '../lib/use-title'

export function LoginPage ({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  useTitle('Log in')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const user = await api.logIn(email.trim(), password)
      onLoggedIn(user)
      navigate('/')
    } catch (err) {
      setError(errorMessage(err))
      setBusy(false)
    }
  }

  return <div class="auth-page">
    <h1>Log in to Backlab</h1>
    <form class="stack" onSubmit={(e) => { void submit(e) }}>
      <div class="field">
        <label for="login-email">Email</label>
        <input id="login-email" type="email" autocomplete="username" required value={email}
          onInput={(e) => { setEmail(e.currentTarget.value) }} />
      </div>
      <div class="field">
        <label for="login-password">Password</label>
        <input id="login-password" type="password" autocomplete="current-password" required value={password}
          onInput={(e) => { setPassword(e.currentTarget.value) }} />
      </div>
      <ErrorMessage message={error} />
      <button type="submit" class="button-primary" disabled={busy}>{busy ? 'Logging in…' : 'Log in'}</button>
    </form>
    <p>New here? <Link href="/signup">Sign up</Link> for an account.</p>
  </div>
}
