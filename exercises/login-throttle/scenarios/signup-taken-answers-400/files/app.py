# Login API, broken on purpose: POST /signup answers 400, not 409 Conflict, for a username that is taken.
import asyncio
import math
import os
import re
import time

import bcrypt
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

BCRYPT_COST = 10
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_]{3,32}")
MIN_PASSWORD_LENGTH = 8
MAX_FAILURES = 5
WINDOW_SECONDS = 60

users = {}  # lower-case username -> {"id", "username", "password_hash"}
# lower-case username -> times (time.monotonic()) of its recent failed logins, oldest first.
# Unknown usernames get an entry too: they are throttled exactly like real accounts.
failures = {}

app = FastAPI()


def error(status, message, headers=None):
    return JSONResponse({"error": message}, status_code=status, headers=headers)


# FastAPI answers {"detail": ...}; this API answers {"error": ...} everywhere.
@app.exception_handler(StarletteHTTPException)
async def http_error(request, exc):
    return error(exc.status_code, str(exc.detail))


async def read_json_object(request):
    """The parsed JSON object of the body, or None when it is not one."""
    try:
        body = await request.json()
    except ValueError:  # malformed JSON, or not UTF-8
        return None
    return body if isinstance(body, dict) else None


def recent_failures(key, now):
    """The failures of `key` still inside the window (older ones are forgotten)."""
    recent = [t for t in failures.get(key, []) if now - t < WINDOW_SECONDS]
    if recent:
        failures[key] = recent
    else:
        failures.pop(key, None)
    return recent


@app.post("/signup")
async def signup(request: Request):
    body = await read_json_object(request)
    if body is None:
        return error(400, "the body must be a JSON object with a username and a password")
    username = body.get("username")
    password = body.get("password")
    if not isinstance(username, str) or not USERNAME_PATTERN.fullmatch(username):
        return error(400, "username must be 3 to 32 letters, digits or underscores")
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        return error(400, f"password must be a string of at least {MIN_PASSWORD_LENGTH} characters")
    key = username.lower()
    if key in users:
        return error(400, "this username is already taken")
    # bcrypt is slow on purpose: hash in a thread so other requests are not stuck behind it.
    salt = bcrypt.gensalt(rounds=BCRYPT_COST)
    password_hash = await asyncio.to_thread(bcrypt.hashpw, password.encode(), salt)
    if key in users:  # another sign-up for the same name finished while this one hashed
        return error(409, "this username is already taken")
    user = {"id": len(users) + 1, "username": username, "password_hash": password_hash}
    users[key] = user
    return JSONResponse({"id": user["id"], "username": username}, status_code=201)


@app.post("/login")
async def login(request: Request):
    body = await read_json_object(request)
    if body is None or not isinstance(body.get("username"), str) or not isinstance(body.get("password"), str):
        return error(400, "username and password are required")
    key = body["username"].lower()

    now = time.monotonic()
    if len(failures) > 10_000:  # forget expired entries, so usernames tried once do not pile up
        for other in list(failures):
            recent_failures(other, now)

    # The lock comes first: while it lasts, not even the right password gets in.
    recent = recent_failures(key, now)
    if len(recent) >= MAX_FAILURES:
        unlocks_at = recent[-MAX_FAILURES] + WINDOW_SECONDS
        retry_after = max(1, math.ceil(unlocks_at - now))  # whole seconds, rounded up
        return error(
            429,
            f"too many failed logins, try again in {retry_after} seconds",
            headers={"Retry-After": str(retry_after)},
        )

    user = users.get(key)
    matches = user is not None and await asyncio.to_thread(
        bcrypt.checkpw, body["password"].encode(), user["password_hash"]
    )
    if not matches:
        failures[key] = recent_failures(key, time.monotonic()) + [time.monotonic()]
        return error(401, "wrong username or password")
    failures.pop(key, None)
    return {"ok": True, "user": {"id": user["id"], "username": user["username"]}}


if __name__ == "__main__":
    # host="0.0.0.0": accept connections on every interface, not only from this machine.
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
