import json
import os
import secrets

import bcrypt
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

app = FastAPI()

users = {}  # username -> bcrypt hash
sessions = {}  # session id -> username
session_of_user = {}  # username -> session id


@app.exception_handler(HTTPException)
async def json_error(request: Request, exc: HTTPException):
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code)


async def credentials(request: Request):
    try:
        body = await request.json()
    except json.JSONDecodeError:
        body = None
    if not isinstance(body, dict):
        raise HTTPException(400, "the body must be a JSON object")
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not username.strip() or not isinstance(password, str) or not password:
        raise HTTPException(400, "username and password must be non-empty strings")
    return username, password


@app.post("/signup", status_code=201)
async def signup(request: Request):
    username, password = await credentials(request)
    if username in users:
        raise HTTPException(409, "username taken")
    users[username] = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10))
    return {"username": username}


@app.post("/login")
async def login(request: Request):
    username, password = await credentials(request)
    hashed = users.get(username)
    if hashed is None or not bcrypt.checkpw(password.encode(), hashed):
        raise HTTPException(401, "wrong username or password")
    # The bug: one session per user, handed out again on every login (so a second tab
    # "stays logged in"). A login never gets a fresh id: whoever learned the old one
    # before the login is still in after it.
    sid = session_of_user.get(username)
    if sid is None:
        sid = secrets.token_urlsafe(32)
        session_of_user[username] = sid
        sessions[sid] = username
    response = JSONResponse({"username": username})
    response.set_cookie("sid", sid, path="/", httponly=True, samesite="lax")
    return response


@app.get("/me")
def me(request: Request):
    username = sessions.get(request.cookies.get("sid", ""))
    if username is None:
        raise HTTPException(401, "not logged in")
    return {"username": username}


@app.post("/logout")
def logout(request: Request):
    username = sessions.pop(request.cookies.get("sid", ""), None)
    session_of_user.pop(username, None)
    response = Response(status_code=204)
    response.delete_cookie("sid", path="/")
    return response


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
