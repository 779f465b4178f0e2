# Throttle failed logins. Run it with: PORT=3000 python3 app.py
# Read instructions.md for what each route must do; the grader checks them one by one.
import os

import bcrypt  # noqa: F401 — bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10))
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

# Everything lives in memory, e.g. in dicts keyed by the lower-case username:
# the accounts (task 1) and the recent failed logins of each username (tasks 3 and 4).

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


@app.post("/signup")
async def signup(request: Request):
    # Task 1: validate, hash the password, answer 201 with {"id": ..., "username": ...}.
    return error(501, "POST /signup is not implemented yet")


@app.post("/login")
async def login(request: Request):
    # Tasks 2 to 4: check the lock first, then the password (bcrypt.checkpw).
    return error(501, "POST /login is not implemented yet")


if __name__ == "__main__":
    # host="0.0.0.0": accept connections on every interface, not only from this machine.
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
