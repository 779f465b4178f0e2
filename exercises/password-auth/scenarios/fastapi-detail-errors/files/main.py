import json
import os
import re

import bcrypt
import psycopg2
import psycopg2.errors
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

COST = 12
NAME_RE = re.compile(r"[A-Za-z0-9_]{3,32}", re.ASCII)


def conn():
    c = psycopg2.connect(os.environ["DATABASE_URL"])
    c.autocommit = True
    return c


with conn() as c, c.cursor() as cur:
    cur.execute(
        "CREATE TABLE IF NOT EXISTS users (id BIGSERIAL PRIMARY KEY, username TEXT NOT NULL, password_hash TEXT NOT NULL)"
    )
    cur.execute("CREATE UNIQUE INDEX IF NOT EXISTS users_username_ci ON users (lower(username))")

DUMMY = bcrypt.hashpw(b"placeholder", bcrypt.gensalt(COST))
app = FastAPI()


def err(status, msg):
    return JSONResponse({"detail": msg}, status_code=status)




async def json_body(request: Request):
    try:
        return json.loads(await request.body())
    except ValueError:
        return None


@app.post("/signup")
async def signup(request: Request):
    data = await json_body(request)
    if not isinstance(data, dict):
        return err(400, "body must be a JSON object")
    username, password = data.get("username"), data.get("password")
    if not isinstance(username, str) or not NAME_RE.fullmatch(username):
        return err(400, "bad username")
    if not isinstance(password, str) or len(password) < 8:
        return err(400, "bad password: at least 8 characters")
    hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(COST)).decode("ascii")
    c = conn()
    try:
        with c.cursor() as cur:
            cur.execute("INSERT INTO users (username, password_hash) VALUES (%s, %s) RETURNING id", (username, hashed))
            new_id = cur.fetchone()[0]
    except psycopg2.errors.UniqueViolation:
        return err(409, "that username is taken")
    finally:
        c.close()
    return JSONResponse({"id": new_id, "username": username}, status_code=201)


@app.post("/login")
async def login(request: Request):
    data = await json_body(request)
    if not isinstance(data, dict) or not isinstance(data.get("username"), str) or not isinstance(data.get("password"), str):
        return err(400, "username and password required")
    c = conn()
    try:
        with c.cursor() as cur:
            cur.execute("SELECT id, username, password_hash FROM users WHERE lower(username) = lower(%s)", (data["username"],))
            row = cur.fetchone()
    finally:
        c.close()
    good = bcrypt.checkpw(data["password"].encode("utf-8"), row[2].encode("ascii") if row else DUMMY)
    if row is None or not good:
        return err(401, "login failed")
    return {"ok": True, "user": {"id": row[0], "username": row[1]}}
