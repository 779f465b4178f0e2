"""Session cookies with FastAPI: users and sessions live in dictionaries on the server."""
import hashlib
import hmac
import itertools
import json
import secrets
from dataclasses import dataclass

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI()


@dataclass
class User:
    id: int
    username: str
    salt: bytes
    digest: bytes

    def public(self):
        return {"id": self.id, "username": self.username}


users: dict[str, User] = {}
sessions: dict[str, str] = {}
ids = itertools.count(1)


def scrypt(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


@app.exception_handler(StarletteHTTPException)
async def as_json(request, exc):
    return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)


async def body_credentials(request: Request):
    try:
        data = json.loads(await request.body() or b"null")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    name, password = data.get("username"), data.get("password")
    if isinstance(name, str) and name and isinstance(password, str) and password:
        return name, password
    return None


def fail(status: int, message: str):
    return JSONResponse({"error": message}, status_code=status)


@app.post("/signup")
async def signup(request: Request):
    creds = await body_credentials(request)
    if creds is None:
        return fail(400, "username and password must be non-empty strings")
    name, password = creds
    if name in users:
        return fail(409, "that username is taken")
    salt = secrets.token_bytes(16)
    user = User(next(ids), name, salt, scrypt(password, salt))
    users[name] = user
    return JSONResponse(user.public(), status_code=201)


@app.post("/login")
async def login(request: Request):
    creds = await body_credentials(request)
    if creds is None:
        return fail(400, "username and password must be non-empty strings")
    name, password = creds
    user = users.get(name)
    if user is None or not hmac.compare_digest(scrypt(password, user.salt), user.digest):
        return fail(401, "bad username or password")
    sessions.pop(request.cookies.get("sid", ""), None)
    sid = secrets.token_urlsafe(32)
    sessions[sid] = user.username
    response = JSONResponse(user.public())
    response.set_cookie("sid", sid, path="/", httponly=True, samesite="strict")
    return response


@app.get("/me")
async def me(request: Request):
    name = sessions.get(request.cookies.get("sid") or "")
    if name is None:
        return fail(401, "you are not logged in")
    return users[name].public()


@app.post("/logout")
async def logout(request: Request):
    sessions.pop(request.cookies.get("sid") or "", None)
    response = Response(status_code=204)
    response.delete_cookie("sid", path="/", httponly=True, samesite="strict")
    return response
