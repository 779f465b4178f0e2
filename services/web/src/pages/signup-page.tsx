import { useState } from 'preact/hooks'
import type { JSX } from 'preact'
import { api, errorMessage } from '../api'
import type { User } from '../api-types'
import { Link, navigate } from '../router'
import { ErrorMessage } from '../components/status-messages'
import { useTitle } from '../lib/use-title'

const MIN_PASSWORD_LENGTH = 10

export function SignupPage ({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  useTitle('Sign up')
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const problem = formProblem(name, email, password)
    if (problem !== undefined) {
      setError(problem)
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      await api.signUp(email.trim(), name.trim(), password)
      // Sign-up creates the account only; the session comes from logging in.
      onLoggedIn(await api.logIn(email.trim(), password))
      navigate('/')
    } catch (err) {
      setError(errorMessage(err))
      setBusy(false)
    }
  }

  return <div class="auth-page">
    <h1>Create your Backlab account</h1>
    {/* noValidate: every problem is shown in the same alert, not in a browser bubble that vanishes. */}
    <form class="stack" noValidate onSubmit={(e) => { void submit(e) }}>
      <div class="field">
        <label for="signup-name">Name</label>
        <input id="signup-name" type="text" autocomplete="name" required maxLength={100} value={name}
          onInput={(e) => { setName(e.currentTarget.value) }} />
      </div>
      <div class="field">
        <label for="signup-email">Email</label>
        <input id="signup-email" type="email" autocomplete="email" required value={email}
          onInput={(e) => { setEmail(e.currentTarget.value) }} />
      </div>
      <div class="field">
        <label for="signup-password">Password</label>
        <input id="signup-password" type="password" autocomplete="new-password" required minLength={MIN_PASSWORD_LENGTH}
          aria-describedby="signup-password-hint" value={password}
          onInput={(e) => { setPassword(e.currentTarget.value) }} />
        <p id="signup-password-hint" class="hint">At least {MIN_PASSWORD_LENGTH} characters.</p>
      </div>
      <ErrorMessage message={error} />
      <button type="submit" class="button-primary" disabled={busy}>{busy ? 'Creating your account…' : 'Sign up'}</button>
    </form>
    <p>Already have an account? <Link href="/login">Log in</Link></p>
  </div>
}

function formProblem (name: string, email: string, password: string): string | undefined {
  if (name.trim() === '') return 'Enter your name.'
  if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) return 'Enter your email address, like ada@example.com.'
  if (password.length < MIN_PASSWORD_LENGTH) return `Your password needs at least ${MIN_PASSWORD_LENGTH} characters.`
  return undefined
}
