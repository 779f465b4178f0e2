import os
from typing import Optional

import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI()


@app.exception_handler(StarletteHTTPException)
async def as_json(request, exc):
    message = "no such route" if exc.status_code == 404 else "only GET is supported here"
    return JSONResponse({"error": message}, status_code=exc.status_code)


def say_hello(name: str):
    if len(name) == 0 or len(name) > 50:
        return JSONResponse({"error": "the name must be between 1 and 50 characters"}, status_code=400)
    return {"message": "Hello, " + name + "!"}


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/hello")
def hello(name: Optional[str] = None):
    if name is None:
        return {"message": "Hello, world!"}
    return say_hello(name)


@app.get("/hello/{name}")
def hello_path(name: str):
    return say_hello(name)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ["PORT"]))
