"""Your JWT-guarded API. Run it with: PORT=3000 JWT_SECRET=dev-secret python3 app.py

Read instructions.md for what each route must do; the grader checks them one by one.
"""
import os

# import jwt   # PyJWT is available
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

# The grader signs its tokens with this secret: read it, never hard-code one.
SECRET = os.environ.get("JWT_SECRET")

app = FastAPI()


@app.exception_handler(HTTPException)
async def json_error(request: Request, exc: HTTPException):
    # FastAPI answers errors as {"detail": ...}; this API answers {"error": ...}.
    # Keep exc.headers: that is how a WWW-Authenticate header gets to the response.
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def not_implemented(request: Request):
    raise HTTPException(501, detail=f"{request.method} {request.url.path} is not implemented yet")


@app.get("/public")
def public(request: Request):
    # Task 1: answer 200 with a JSON body, token or not.
    not_implemented(request)


@app.get("/me")
def me(request: Request):
    # Tasks 2-5: verify the Bearer token (401 + WWW-Authenticate when it is missing or not
    # valid), then answer 200 with {"sub": ..., "name": ...} from its claims.
    not_implemented(request)


@app.get("/admin")
def admin(request: Request):
    # Task 6: the same check, then 403 unless the token's role claim is "admin".
    not_implemented(request)


if __name__ == "__main__":
    # host="0.0.0.0": accept connections on every interface, not only localhost.
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
