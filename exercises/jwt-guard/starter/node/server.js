// Your JWT-guarded API. Run it with: PORT=3000 JWT_SECRET=dev-secret node server.js
// Read instructions.md for what each route must do; the grader checks them one by one.
import express from 'express'
// import jwt from 'jsonwebtoken'   // available, if you want it

// The grader signs its tokens with this secret: read it, never hard-code one.
const SECRET = process.env.JWT_SECRET

const app = express()

function notImplemented(req, res) {
  res.status(501).json({ error: `${req.method} ${req.path} is not implemented yet` })
}

// Task 1: answer 200 with a JSON body, token or not.
app.get('/public', notImplemented)

// Tasks 2-5: verify the Bearer token (401 + WWW-Authenticate when it is missing or not valid),
// then answer 200 with {"sub": ..., "name": ...} from its claims.
app.get('/me', notImplemented)

// Task 6: the same check, then 403 unless the token's role claim is "admin".
app.get('/admin', notImplemented)

// Every other route: 404 with a JSON error.
app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
})

// No host argument: the server then accepts connections on every interface.
const port = Number(process.env.PORT) || 3000
app.listen(port, () => console.log(`listening on port ${port}`))
