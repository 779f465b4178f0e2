import os

from flask import Flask, jsonify, request

app = Flask(__name__)


def greet(name):
    if not 1 <= len(name) <= 50:
        return jsonify(error="name must be 1 to 50 characters long"), 400
    return jsonify(message=f"Hello, {name}!")


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/hello")
def hello():
    # Bug: request.args["name"] raises a KeyError when there is no ?name=, and Flask
    # turns that into its own 400 Bad Request HTML page instead of greeting the world.
    name = request.args["name"]
    return greet(name)


@app.get("/hello/<name>")
def hello_name(name):
    return greet(name)


@app.errorhandler(404)
def not_found(error):
    return jsonify(error=f"no route for {request.method} {request.path}"), 404


@app.errorhandler(405)
def method_not_allowed(error):
    return jsonify(error=f"{request.method} is not allowed on {request.path}"), 405


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
