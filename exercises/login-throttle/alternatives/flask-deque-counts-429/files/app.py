"""Throttled logins with Flask. Everything is kept in memory."""
import math
import os
import re
import threading
import time
from collections import deque

import bcrypt
from flask import Flask, jsonify, request

MAX_FAILS = 5
WINDOW = 60.0
NAME = re.compile(r"^[A-Za-z0-9_]{3,32}\Z")

app = Flask(__name__)
lock = threading.Lock()
accounts = {}  # lower-case username -> dict
fails = {}  # lower-case username -> deque of timestamps


def problem(status, text, **headers):
    resp = jsonify(error=text)
    resp.status_code = status
    for name, value in headers.items():
        resp.headers[name.replace("_", "-")] = value
    return resp


@app.errorhandler(404)
def not_found(_):
    return problem(404, "not found")


@app.errorhandler(405)
def not_allowed(_):
    return problem(405, "method not allowed")


def recent(key, now):
    q = fails.setdefault(key, deque())
    while q and now - q[0] >= WINDOW:
        q.popleft()
    return q


@app.route("/signup", methods=["POST"])
def signup():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return problem(400, "expected a JSON object")
    username, password = data.get("username"), data.get("password")
    if not isinstance(username, str) or not NAME.match(username):
        return problem(400, "invalid username")
    if not isinstance(password, str) or len(password) < 8:
        return problem(400, "password too short")
    key = username.lower()
    hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(10))
    with lock:
        if key in accounts:
            return problem(409, "username taken")
        account = {"id": f"acc-{len(accounts) + 1}", "username": username, "hash": hashed}
        accounts[key] = account
    return jsonify(id=account["id"], username=username), 201


@app.route("/login", methods=["POST"])
def login():
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("username"), str) or not isinstance(data.get("password"), str):
        return problem(400, "username and password are required")
    key = data["username"].lower()
    now = time.time()
    with lock:
        q = recent(key, now)
        if len(q) >= MAX_FAILS:
            q.append(now)  # a refused attempt counts too
            wait = max(1, math.ceil(q[-MAX_FAILS] + WINDOW - now))
            return problem(429, f"locked, retry in {wait}s", Retry_After=str(wait))
        account = accounts.get(key)
    good = account is not None and bcrypt.checkpw(data["password"].encode("utf-8"), account["hash"])
    with lock:
        if not good:
            recent(key, time.time()).append(time.time())
            return problem(401, "wrong username or password")
        fails.pop(key, None)
    return jsonify(ok=True, user={"id": account["id"], "username": account["username"]})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
