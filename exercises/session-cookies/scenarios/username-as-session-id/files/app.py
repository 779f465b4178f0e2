import os

import bcrypt
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

app = Flask(__name__)

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
    response = jsonify(username=username)
    # The bug: the cookie just says who you are. Anyone can send sid=<someone's name>.
    response.set_cookie("sid", username, path="/", httponly=True, samesite="Lax")
    return response


@app.get("/me")
def me():
    username = request.cookies.get("sid")
    if username not in users:
        return jsonify(error="not logged in"), 401
    return jsonify(username=username)


@app.post("/logout")
def logout():
    response = app.response_class(status=204)
    response.delete_cookie("sid", path="/")
    return response


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
