# Reference solution for password-auth: Flask, psycopg (3) and bcrypt.
import os
import re

import bcrypt
import psycopg
from flask import Flask, jsonify, request

DATABASE_URL = os.environ["DATABASE_URL"]
BCRYPT_COST = 10
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_]{3,32}")
MIN_PASSWORD_LENGTH = 8


def connect():
    # One short connection per request keeps the code simple; autocommit saves each INSERT at once.
    return psycopg.connect(DATABASE_URL, autocommit=True)


# The database starts empty: create the table (once) before accepting requests.
with connect() as conn:
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS users (
            id SERIAL PRIMARY KEY,
            username TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """
    )
    # Usernames are unique whatever their letter case: "Alice" and "alice" are the same account.
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS users_username_lower_key ON users (lower(username))")

# Compared against when the username is unknown, so both failures take the same time.
SALT = bcrypt.gensalt(rounds=BCRYPT_COST)
DUMMY_HASH = bcrypt.hashpw(b"not a real password", bcrypt.gensalt(rounds=BCRYPT_COST))

app = Flask(__name__)


def error(status, message):
    return jsonify(error=message), status


@app.post("/signup")
def signup():
    body = request.get_json(silent=True)  # None when the body is not valid JSON
    if not isinstance(body, dict):
        return error(400, "the body must be a JSON object with a username and a password")
    username = body.get("username")
    password = body.get("password")
    if not isinstance(username, str) or not USERNAME_PATTERN.fullmatch(username):
        return error(400, "username must be 3 to 32 letters, digits or underscores")
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        return error(400, f"password must be a string of at least {MIN_PASSWORD_LENGTH} characters")

    # bcrypt works on bytes; store the hash as text (decode), never str(bytes).
    password_hash = bcrypt.hashpw(password.encode(), SALT).decode()
    try:
        with connect() as conn:
            row = conn.execute(
                "INSERT INTO users (username, password_hash) VALUES (%s, %s) RETURNING id, username",
                (username, password_hash),
            ).fetchone()
    except psycopg.errors.UniqueViolation:
        return error(409, "this username is already taken")
    return jsonify(id=row[0], username=row[1]), 201


@app.post("/login")
def login():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error(400, "username and password are required")
    username = body.get("username")
    password = body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        return error(400, "username and password are required")

    # A placeholder (%s), never an f-string: the username is data, not SQL.
    with connect() as conn:
        user = conn.execute(
            "SELECT id, username, password_hash FROM users WHERE lower(username) = lower(%s)",
            (username,),
        ).fetchone()
    stored = user[2].encode() if user else DUMMY_HASH
    matches = bcrypt.checkpw(password.encode(), stored)
    if user is None or not matches:
        # One answer for both cases: nobody learns which usernames exist.
        return error(401, "wrong username or password")
    return jsonify(ok=True, user={"id": user[0], "username": user[1]})


# Flask answers errors with HTML pages by default; this API answers JSON.
@app.errorhandler(404)
def not_found(e):
    return error(404, f"no route for {request.method} {request.path}")


@app.errorhandler(405)
def method_not_allowed(e):
    return error(405, f"{request.method} is not allowed on {request.path}")


@app.errorhandler(500)
def internal_error(e):
    return error(500, "internal server error")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
