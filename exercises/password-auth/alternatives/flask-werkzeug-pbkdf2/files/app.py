import os
import string

import psycopg
from flask import Flask, jsonify, request
from psycopg.errors import UniqueViolation
from werkzeug.exceptions import HTTPException
from werkzeug.security import check_password_hash, generate_password_hash

ALLOWED = set(string.ascii_letters + string.digits + "_")
DSN = os.environ["DATABASE_URL"]

with psycopg.connect(DSN, autocommit=True) as c:
    c.execute(
        """CREATE TABLE IF NOT EXISTS users (
               id SERIAL PRIMARY KEY,
               username VARCHAR(64) NOT NULL,
               password_hash VARCHAR(255) NOT NULL,
               created TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"""
    )
    c.execute("CREATE UNIQUE INDEX IF NOT EXISTS uniq_username_lower ON users (LOWER(username))")

NOBODY = generate_password_hash("nobody-has-this-password")
app = Flask(__name__)


@app.errorhandler(HTTPException)
def http_error(e):
    return jsonify(error=e.description or e.name), e.code


def good_username(u):
    return isinstance(u, str) and 3 <= len(u) <= 32 and all(ch in ALLOWED for ch in u)


@app.route("/signup", methods=["POST"])
def signup():
    data = request.get_json(silent=True)
    if type(data) is not dict:
        return jsonify(error="request body must be a JSON object"), 400
    if not good_username(data.get("username")):
        return jsonify(error="Username must be 3 to 32 letters, digits or underscores"), 400
    pw = data.get("password")
    if not isinstance(pw, str) or len(pw) < 8:
        return jsonify(error="Password must have at least 8 characters"), 400
    try:
        with psycopg.connect(DSN, autocommit=True) as c:
            new_id = c.execute(
                "INSERT INTO users (username, password_hash) VALUES (%s, %s) RETURNING id",
                (data["username"], generate_password_hash(pw)),
            ).fetchone()[0]
    except UniqueViolation:
        return jsonify(error="Username already registered"), 409
    return jsonify(id=new_id, username=data["username"], created=True), 201


@app.route("/login", methods=["POST"])
def login():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        data = {}
    name, pw = data.get("username"), data.get("password")
    if not isinstance(name, str) or not isinstance(pw, str):
        return jsonify(error="username and password are required"), 400
    with psycopg.connect(DSN) as c:
        row = c.execute("SELECT id, username, password_hash FROM users WHERE LOWER(username) = LOWER(%s)", (name,)).fetchone()
    if row is None:
        check_password_hash(NOBODY, pw)
        return jsonify(error="wrong username or password"), 401
    if not check_password_hash(row[2], pw):
        return jsonify(error="wrong username or password"), 401
    return jsonify(ok=True, user={"id": row[0], "username": row[1]})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ["PORT"]), threaded=True)
