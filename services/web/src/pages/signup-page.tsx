import { useState } from 'preact/hooks'
import { api } from '../api'
import type { User } from '../api-types'
import { Link } from '../router'
import { AuthForm, Field } from '../components/auth-form'
import { useTitle } from '../lib/use-title'

const MIN_PASSWORD_LENGTH = 10

export function SignupPage ({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  useTitle('Sign up')
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')

  const send = async (): Promise<User> => {
    await api.signUp(email.trim(), name.trim(), password)
    // Sign-up creates the account only; the session comes from logging in.
    return await api.logIn(email.trim(), password)
  }

  // noValidate: every problem is shown in the same alert, not in a browser bubble that vanishes.
  return <AuthForm title="Create your Backlab account" submitLabel="Sign up" busyLabel="Creating your account…" noValidate
    check={() => formProblem(name, email, password)} send={send} onLoggedIn={onLoggedIn}
    footer={<p>Already have an account? <Link href="/login">Log in</Link></p>}>
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
