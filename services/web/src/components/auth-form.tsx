import { useRef, useState } from 'preact/hooks'
import type { ComponentChildren, InputHTMLAttributes, JSX } from 'preact'
import { errorMessage } from '../api'
import type { User } from '../api-types'
import { navigate, nextPath } from '../router'
import { ErrorMessage } from './status-messages'

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onInput'> {
  id: string
  label: string
  value: string
  onValue: (value: string) => void
  /** Shown under the input, e.g. a hint it is described by. */
  children?: ComponentChildren
}

/** A labelled text input of the login and sign-up forms. */
export function Field ({ id, label, value, onValue, children, ...input }: FieldProps) {
  return <div class="field">
    <label for={id}>{label}</label>
    <input id={id} {...input} value={value} onInput={(e) => { onValue(e.currentTarget.value) }} />
    {children}
  </div>
}

interface AuthFormProps {
  title: string
  submitLabel: string
  busyLabel: string
  noValidate?: boolean
  /** A problem to show instead of sending the form, if any. */
  check?: () => string | undefined
  /** Sends the form; resolves to the user now logged in. */
  send: () => Promise<User>
  onLoggedIn: (user: User) => void
  /** The fields. */
  children: ComponentChildren
  /** Under the form: the way to the other one. */
  footer: ComponentChildren
}

/** The login and sign-up pages' frame: the form, its error, its busy button; once in, the page asked for (?next=) or the catalog. */
export function AuthForm ({ title, submitLabel, busyLabel, noValidate, check, send, onLoggedIn, children, footer }: AuthFormProps) {
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  // Two presses can come before the render that shows the first: each checks this, not `busy`.
  const sending = useRef(false)

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (sending.current) return
    const problem = check?.()
    if (problem !== undefined) {
      setError(problem)
      return
    }
    sending.current = true
    setBusy(true)
    setError(undefined)
    try {
      onLoggedIn(await send())
      navigate(nextPath(), { replace: true })
    } catch (err) {
      setError(errorMessage(err))
      setBusy(false)
    } finally {
      sending.current = false
    }
  }

  return <div class="auth-page">
    <h1>{title}</h1>
    <form class="stack" noValidate={noValidate} onSubmit={(e) => { void submit(e) }}>
      {children}
      <ErrorMessage message={error} />
      {/* aria-disabled, not disabled: a disabled button would drop the keyboard's focus to the page's start. */}
      <button type="submit" class="button-primary" aria-disabled={busy ? 'true' : undefined}>{busy ? busyLabel : submitLabel}</button>
    </form>
    {footer}
  </div>
}
