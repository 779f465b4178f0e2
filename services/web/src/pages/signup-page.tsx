import { useState } from 'preact/hooks'
import { api, ApiError, errorMessage } from '../api'
import type { User } from '../api-types'
import { Link, withNext } from '../router'
import { AuthForm, Field } from '../components/auth-form'
import { useTitle } from '../lib/use-title'

const MIN_PASSWORD_LENGTH = 10

export function SignupPage ({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  useTitle('Sign up')
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  /** The email this page signed up, when logging in with it then failed. */
  const [created, setCreated] = useState<string>()

  const send = async (): Promise<User> => {
    const address = email.trim()
    // Once signed up, a new try only logs in.
    if (created !== address) {
      await api.signUp(address, name.trim(), password)
      setCreated(address)
    }
    // Sign-up answers the same whether or not the email had an account (it tells nobody who has
    // one); logging in with the new password is what shows the account is yours, and makes the session.
    try {
      return await api.logIn(address, password)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS') {
        throw new Error(`Could not log in as ${address}. If it already had an account, log in with that account's password.`)
      }
      throw new Error(`Signed up as ${address}, but logging in failed: ${errorMessage(err)} ` +
        'Press Sign up to try logging in again, or log in.')
    }
  }

  // noValidate: every problem is shown in the same alert, not in a browser bubble that vanishes.
  return <AuthForm title="Create your Backlab account" submitLabel="Sign up" busyLabel="Creating your account…" noValidate
    check={() => formProblem(name, email, password)} send={send} onLoggedIn={onLoggedIn}
    footer={<p>Already have an account? <Link href={withNext('/login')}>Log in</Link></p>}>
    <Field id="signup-name" label="Name" type="text" autocomplete="name" required maxLength={100}
      value={name} onValue={setName} />
    <Field id="signup-email" label="Email" type="email" autocomplete="email" required value={email} onValue={setEmail} />
    <Field id="signup-password" label="Password" type="password" autocomplete="new-password" required
      minLength={MIN_PASSWORD_LENGTH} aria-describedby="signup-password-hint" value={password} onValue={setPassword}>
      <p id="signup-password-hint" class="hint">At least {MIN_PASSWORD_LENGTH} characters.</p>
    </Field>
  </AuthForm>
}

function formProblem (name: string, email: string, password: string): string | undefined {
  if (name.trim() === '') return 'Enter your name.'
  if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) return 'Enter your email address, like ada@example.com.'
  if (password.length < MIN_PASSWORD_LENGTH) return `Your password needs at least ${MIN_PASSWORD_LENGTH} characters.`
  return undefined
}
