// Sign-up and login with hashed passwords. Run it with:
//   PORT=3000 DATABASE_URL=postgres://… node server.js
// Read instructions.md for what each route must do; the grader checks them one by one.
import bcrypt from 'bcryptjs'
import express from 'express'
import pg from 'pg'

// The database given in DATABASE_URL. Query it with placeholders, never by pasting values into SQL:
//   const { rows } = await pool.query('SELECT … WHERE username = $1', [username])
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })

// Task 4: the database starts empty. Create the users table here, before the server listens:
//   await pool.query(`CREATE TABLE IF NOT EXISTS users (…)`)

const app = express()
app.use(express.json())

function notImplemented(req, res) {
  res.status(501).json({ error: `${req.method} ${req.path} is not implemented yet` })
}

app.post('/signup', async (req, res) => {
  // Tasks 1 to 4: validate the body, hash the password with bcrypt (await bcrypt.hash(password, 10)),
  // insert the user, answer 201 with { id, username }.
  notImplemented(req, res)
})

app.post('/login', async (req, res) => {
  // Tasks 5 and 6: find the user, check the password (await bcrypt.compare(password, hash)),
  // answer 200 or 401.
  notImplemented(req, res)
})

// Task 7: every other route answers 404 with a JSON body.
app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
})

// Express answers errors with an HTML page by default; this API answers JSON.
app.use((error, req, res, next) => {
  if (error.type === 'entity.parse.failed') return res.status(400).json({ error: 'the body is not valid JSON' })
  console.error(error)
  res.status(500).json({ error: 'internal server error' })
})

// No host argument: the server then accepts connections on every interface.
const port = Number(process.env.PORT) || 3000
app.listen(port, () => console.log(`listening on port ${port}`))
