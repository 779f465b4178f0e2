import os

import jwt
import uvicorn
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

SECRET = os.environ.get("JWT_SECRET")

app = FastAPI()

# The bug: FastAPI's HTTPBearer refuses a missing or non-Bearer Authorization header
# itself, with 403 "Not authenticated" and no WWW-Authenticate header. Only tokens that
# reach verify() below get the 401 they deserve.
bearer = HTTPBearer()


@app.exception_handler(HTTPException)
async def json_error(request: Request, exc: HTTPException):
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def verify(credentials: HTTPAuthorizationCredentials = Depends(bearer)):
    try:
        return jwt.decode(
            credentials.credentials, SECRET, algorithms=["HS256"], options={"require": ["exp"]}
        )
    except jwt.InvalidTokenError as error:
        raise HTTPException(401, detail=f"invalid token: {error}", headers={"WWW-Authenticate": "Bearer"})


@app.get("/public")
def public():
    return {"message": "hello"}


@app.get("/me")
def me(claims: dict = Depends(verify)):
    return {"sub": claims.get("sub"), "name": claims.get("name")}


@app.get("/admin")
def admin(claims: dict = Depends(verify)):
    if claims.get("role") != "admin":
        raise HTTPException(403, detail="admins only")
    return {"message": "welcome"}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
