// Grader for safe-updates: every task is a change, its tables compared with the reference's end
// state under the rules in exercise.json; nothing here but the library's runner.
import { sqlExercise } from '@backlab/grader/sql'

await sqlExercise()
