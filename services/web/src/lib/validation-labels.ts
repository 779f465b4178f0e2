import type { CheckStatus, PackageValidation, ValidationStatus } from '../api-types'

/** The validation's state in a sentence; the counts come from its checks. */
export function validationStatusText ({ status, checks }: Pick<PackageValidation, 'status' | 'checks'>): string {
  switch (status) {
    case 'running': return 'Grading the checks…'
    case 'passed': return 'Valid: every check passed (not published)'
    case 'published': return 'Published: every check passed'
    case 'failed': {
      const failed = checks.filter((c) => c.status === 'fail').length
      return `Failed: ${failed} of ${checks.length} checks failed; nothing was published`
    }
    case 'error': return 'Not finished: Backlab could not grade some checks; nothing was published. Try again.'
  }
}

/** Short words for lists of validations. */
export const VALIDATION_LABELS: Record<ValidationStatus, string> = {
  running: 'Running',
  passed: 'Valid',
  published: 'Published',
  failed: 'Failed',
  error: 'Not finished'
}

/** A shape and a word for each check's outcome, so nothing depends on telling green from red. */
export const CHECK_MARKS: Record<CheckStatus, [symbol: string, words: string]> = {
  pass: ['✔', 'passed'],
  fail: ['✘', 'failed'],
  error: ['!', 'could not be graded'],
  pending: ['…', 'waiting']
}
