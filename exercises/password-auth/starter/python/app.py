# Sign-up and login with hashed passwords. Run it with:
#   PORT=3000 DATABASE_URL=postgresql://… python3 app.py
# Read instructions.md for what each route must do; the grader checks them one by one.
import os

import bcrypt  # noqa: F401 — for task 4: bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10))
import psycopg
from flask import Flask, jsonify, request

DATABASE_URL = os.environ["DATABASE_URL"]


def connect():
    # Query with placeholders, never by pasting values into SQL:
    #   with connect() as conn:
    #       row = conn.execute("SELECT … WHERE username = %s", (username,)).fetchone()
    return psycopg.connect(DATABASE_URL, autocommit=True)


# Task 4: the database starts empty. Create the users table here, before the server starts:
#   with connect() as conn:
#       conn.execute("CREATE TABLE IF NOT EXISTS users (…)")

app = Flask(__name__)


def not_implemented():
    return jsonify(error=f"{request.method} {request.path} is not implemented yet"), 501


@app.post("/signup")
def signup():
    # Tasks 1 to 4: validate the body, hash the password, insert the user,
    # answer 201 with {"id": …, "username": …}.
    return not_implemented()


@app.post("/login")
def login():
    # Tasks 5 and 6: find the user, check the password with bcrypt.checkpw, answer 200 or 401.
    return not_implemented()


# Task 7: Flask answers errors with HTML pages by default; this API answers JSON.
@app.errorhandler(404)
def not_found(e):
    return jsonify(error=f"no route for {request.method} {request.path}"), 404


@app.errorhandler(405)
def method_not_allowed(e):
    return jsonify(error=f"{request.method} is not allowed on {request.path}"), 405


@app.errorhandler(500)
def internal_error(e):
    return jsonify(error="internal server error"), 500


if __name__ == "__main__":
    # host="0.0.0.0": accept connections on every interface, not only from this machine.
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
