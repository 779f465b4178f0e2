import os
import secrets
import time

import bcrypt
from flask import Flask, jsonify, request, session
from werkzeug.exceptions import HTTPException

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
# Flask's session cookie, named and configured as the exercise asks.
app.config.update(SESSION_COOKIE_NAME="sid", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")

users = {}


@app.errorhandler(HTTPException)
def http_error(exc):
    return jsonify(error=exc.description), exc.code


def credentials():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return None
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not username.strip() or not isinstance(password, str) or not password:
        return None
    return username, password


@app.post("/signup")
def signup():
    creds = credentials()
    if creds is None:
        return jsonify(error="username and password must be non-empty strings"), 400
    username, password = creds
    if username in users:
        return jsonify(error="username taken"), 409
    users[username] = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10))
    return jsonify(username=username), 201


@app.post("/login")
def login():
    creds = credentials()
    if creds is None:
        return jsonify(error="username and password must be non-empty strings"), 400
    username, password = creds
    hashed = users.get(username)
    if hashed is None or not bcrypt.checkpw(password.encode(), hashed):
        return jsonify(error="wrong username or password"), 401
    # The bug: Flask's `session` is not stored on the server. The cookie itself holds
    # {"username": ...} (base64, readable by anyone) with a signature. The server keeps
    # no list of sessions, so it has nothing to delete at logout.
    session.clear()
    session["username"] = username
    session["logged_in_at"] = time.time()
    return jsonify(username=username)


@app.get("/me")
def me():
    username = session.get("username")
    if username not in users:
        return jsonify(error="not logged in"), 401
    return jsonify(username=username)


@app.post("/logout")
def logout():
    # Clearing the session only sends an expired cookie; a copy of the old cookie still
    # carries a valid signature and keeps working.
    session.clear()
    return "", 204


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
