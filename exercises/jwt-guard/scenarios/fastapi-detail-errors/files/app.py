import os

import jwt
import uvicorn
from fastapi import FastAPI, HTTPException, Request

app = FastAPI()
SECRET = os.environ["JWT_SECRET"]


def verify(request: Request) -> dict:
    auth = request.headers.get("authorization")
    if not auth:
        raise HTTPException(401, "token required", headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(401, "expected a Bearer token", headers={"WWW-Authenticate": "Bearer"})
    try:
        return jwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["exp"]})
    except jwt.InvalidTokenError as err:
        raise HTTPException(401, str(err), headers={"WWW-Authenticate": "Bearer"})


@app.get("/public")
async def public():
    return {"message": "public"}


@app.get("/me")
async def me(request: Request):
    claims = verify(request)
    return {"sub": claims.get("sub"), "name": claims.get("name")}


@app.get("/admin")
async def admin(request: Request):
    claims = verify(request)
    if claims.get("role") != "admin":
        raise HTTPException(403, "admins only")
    return {"message": "hello admin"}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ["PORT"]))
