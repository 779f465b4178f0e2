# Scenario: Flask: counts the name in UTF-8 bytes (len(name.encode())), so a 50-character name with accents is rejected.
"""Hello, JSON: reference solution with Flask."""
import os

from flask import Flask, jsonify, request

MAX_NAME_LENGTH = 50

app = Flask(__name__)


def greet(name):
    # Flask has already decoded the name: %20 is a space, %C3%BC is ü.
    if not 1 <= len(name.encode("utf-8")) <= MAX_NAME_LENGTH:
        return jsonify(error=f"name must be 1 to {MAX_NAME_LENGTH} characters long (got {len(name)})"), 400
    return jsonify(message=f"Hello, {name}!")


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/hello")
def hello():
    name = request.args.get("name")
    if name is None:
        return jsonify(message="Hello, world!")
    return greet(name)


@app.get("/hello/<name>")
def hello_name(name):
    return greet(name)


# Flask answers unknown routes and wrong methods with HTML pages; answer JSON instead.
@app.errorhandler(404)
def not_found(error):
    return jsonify(error=f"no route for {request.method} {request.path}"), 404


@app.errorhandler(405)
def method_not_allowed(error):
    return jsonify(error=f"{request.method} is not allowed on {request.path}; use GET"), 405


if __name__ == "__main__":
    # host 0.0.0.0: accept connections on every interface, not only from this machine.
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
