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
    name = request.args.get("name")
    if name is None:
        return jsonify(message="Hello, world!")
    return greet(name)


@app.get("/hello/<name>")
def hello_name(name):
    return greet(name)


# Bug: no @app.errorhandler(404) / (405), so Flask answers with its own HTML pages.

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
