"""A JWT guard that is a little too generous about algorithms."""
import os

import jwt
import uvicorn
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

SECRET = os.environ.get("JWT_SECRET")
if not SECRET:
    raise SystemExit("JWT_SECRET is not set")
# Clock skew forgiven on exp and nbf, in seconds (the instructions allow up to 30).
LEEWAY_SECONDS = 30

app = FastAPI()


@app.exception_handler(HTTPException)
async def json_error(request: Request, exc: HTTPException):
    # FastAPI's default error body is {"detail": ...}; this API answers {"error": ...},
    # and keeps the headers (WWW-Authenticate) the exception carries.
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def unauthorized(message, invalid=True):
    challenge = 'Bearer realm="api", error="invalid_token"' if invalid else 'Bearer realm="api"'
    return HTTPException(401, detail=message, headers={"WWW-Authenticate": challenge})


def claims(request: Request):
    """The verified claims of the request's token; raises 401 otherwise."""
    header = request.headers.get("authorization")
    if header is None:
        raise unauthorized("missing Authorization header", invalid=False)
    parts = header.split()
    # The scheme is case-insensitive; the token is one word after it.
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise unauthorized('the Authorization header must be "Bearer <token>"')
    try:
        # The bug: every HMAC algorithm is allowed. The header still cannot pick "none" or
        # RS256, but a token signed with HS512 gets in although the API promised HS256 only.
        # require exp: PyJWT checks exp only when the token has one.
        return jwt.decode(
            parts[1],
            SECRET,
            algorithms=["HS256", "HS384", "HS512"],
            options={"require": ["exp"]},
            leeway=LEEWAY_SECONDS,
        )
    except jwt.InvalidTokenError as error:
        raise unauthorized(f"invalid token: {error}")


@app.get("/public")
def public():
    return {"message": "anyone can read this"}


@app.get("/me")
def me(token: dict = Depends(claims)):
    return {"sub": token.get("sub"), "name": token.get("name")}


@app.get("/admin")
def admin(token: dict = Depends(claims)):
    if token.get("role") != "admin":
        raise HTTPException(403, detail="admins only")
    return {"message": f"welcome, {token.get('name')}"}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
