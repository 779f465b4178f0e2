"""Login throttling with FastAPI, started by uvicorn from the Procfile."""
import math
import time
import uuid

import bcrypt
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException


class Throttle:
    """Failed-login times per key; a key is locked while it has `limit` failures in `window` seconds."""

    def __init__(self, limit=5, window=60):
        self.limit = limit
        self.window = window
        self.failed = {}

    def _recent(self, key, now):
        times = [t for t in self.failed.get(key, ()) if now - t < self.window]
        if times:
            self.failed[key] = times
        else:
            self.failed.pop(key, None)
        return times

    def seconds_locked(self, key):
        """0 when the key may try, else the whole seconds until it may."""
        now = time.time()
        times = self._recent(key, now)
        if len(times) < self.limit:
            return 0
        return max(1, math.ceil(times[-self.limit] + self.window - now))

    def fail(self, key):
        now = time.time()
        self.failed[key] = self._recent(key, now) + [now]
        if len(self.failed) > 5000:
            for other in list(self.failed):
                self._recent(other, now)

    def clear(self, key):
        self.failed.pop(key, None)


app = FastAPI()
throttle = Throttle()
accounts = {}


def err(code, message, headers=None):
    return JSONResponse(status_code=code, content={"error": message}, headers=headers)


@app.exception_handler(HTTPException)
async def http_exception(_request, exc):
    return err(exc.status_code, exc.detail if isinstance(exc.detail, str) else "error")


async def json_object(request):
    try:
        data = await request.json()
    except Exception:
        return None
    return data if isinstance(data, dict) else None


def good_username(value):
    return isinstance(value, str) and 3 <= len(value) <= 32 and all(c.isascii() and (c.isalnum() or c == "_") for c in value)


@app.post("/signup")
async def signup(request: Request):
    data = await json_object(request)
    if data is None:
        return err(400, "a JSON object is required")
    username, password = data.get("username"), data.get("password")
    if not good_username(username):
        return err(400, "usernames are 3 to 32 letters, digits or underscores")
    if not isinstance(password, str) or len(password) < 8:
        return err(400, "passwords have at least 8 characters")
    key = username.casefold()
    if key in accounts:
        return err(409, "this username is taken")
    accounts[key] = {
        "id": uuid.uuid4().hex,
        "username": username,
        "hash": bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10)),
    }
    return JSONResponse(status_code=201, content={"id": accounts[key]["id"], "username": username})


@app.post("/login")
async def login(request: Request):
    data = await json_object(request)
    if data is None or not isinstance(data.get("username"), str) or not isinstance(data.get("password"), str):
        return err(400, "send a username and a password as strings")
    key = data["username"].casefold()
    wait = throttle.seconds_locked(key)
    if wait:
        return err(429, "too many failed logins", headers={"Retry-After": str(wait)})
    account = accounts.get(key)
    if account is None or not bcrypt.checkpw(data["password"].encode(), account["hash"]):
        throttle.fail(key)
        return err(401, "wrong username or password")
    throttle.clear(key)
    return {"ok": True, "user": {"id": account["id"], "username": account["username"]}}
