// Randomised data, so a solution cannot pass by hard-coding answers. Never use it in
// test names: names are fixed (graders/README.md).
import { randomBytes, randomInt } from 'node:crypto'

const CHORES = [
  'Buy milk',
  'Call mum',
  'Water the plants',
  'Fix the bike',
  'Book tickets',
  'Pay rent',
  'Walk the dog',
  'Read a book',
  'Write a letter',
  'Clean the kitchen',
]

export function randomHex(bytes = 3) {
  return randomBytes(bytes).toString('hex')
}

/** e.g. `Buy milk 7f3a9c`. */
export function randomTitle() {
  return `${CHORES[randomInt(CHORES.length)]} ${randomHex()}`
}
