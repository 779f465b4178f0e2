"""Your login API. Run it with: PORT=3000 python3 app.py

Read instructions.md for what each route must do; the grader checks them one by one.
"""
import os

# import secrets   # secrets.token_urlsafe(32): a random session id
# import bcrypt    # bcrypt.hashpw / bcrypt.checkpw
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

app = Flask(__name__)

# Keep users and sessions in memory, e.g. in dicts: sessions[session_id] = username.
# (Not Flask's `session` object: it stores the data in the cookie itself, so the server
# cannot end a session. Read task 4.)


@app.errorhandler(HTTPException)
def http_error(exc):
    # Flask's own error pages are HTML; this API answers JSON.
    return jsonify(error=exc.description), exc.code


def not_implemented():
    return jsonify(error=f"{request.method} {request.path} is not implemented yet"), 501


@app.post("/signup")
def signup():
    # Task 1: create the user, answer 201 with it (never the password).
    return not_implemented()


@app.post("/login")
def login():
    # Tasks 2 and 5: check the password, start a session with a NEW random id, answer 200
    # with the user and response.set_cookie("sid", ..., path="/", httponly=True, samesite="Lax").
    return not_implemented()


@app.get("/me")
def me():
    # Task 3: answer 200 with the user of the session (request.cookies.get("sid")), or 401.
    return not_implemented()


@app.post("/logout")
def logout():
    # Task 4: end the session on the server, answer 204.
    return not_implemented()


if __name__ == "__main__":
    # host="0.0.0.0": accept connections on every interface, not only localhost.
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
