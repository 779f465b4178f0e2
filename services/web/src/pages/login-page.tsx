import { useState } from 'preact/hooks'
import { api } from '../api'
import type { User } from '../api-types'
import { Link, withNext } from '../router'
import { AuthForm, Field } from '../components/auth-form'
import { useTitle } from '../lib/use-title'

export function LoginPage ({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  useTitle('Log in')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')

  return <AuthForm title="Log in to Backlab" submitLabel="Log in" busyLabel="Logging in…"
    send={async () => await api.logIn(email.trim(), password)} onLoggedIn={onLoggedIn}
    footer={<p>New here? <Link href={withNext('/signup')}>Sign up</Link> for an account.</p>}>
    <Field id="login-email" label="Email" type="email" autocomplete="username" required value={email} onValue={setEmail} />
    <Field id="login-password" label="Password" type="password" autocomplete="current-password" required
      value={password} onValue={setPassword} />
  </AuthForm>
}
