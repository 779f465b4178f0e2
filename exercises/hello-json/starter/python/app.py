"""Hello, JSON. Run it with: PORT=3000 python3 app.py

Read instructions.md for what each route must do; the grader checks them one by one.
"""
import os

from flask import Flask, jsonify, request

app = Flask(__name__)


def not_implemented():
    return jsonify(error=f"{request.method} {request.path} is not implemented yet"), 501


@app.get("/health")
def health():
    # Task 1: answer 200 with {"status": "ok"}.
    return not_implemented()


@app.get("/hello")
def hello():
    # Task 2: greet request.args.get("name"), or the world when there is none.
    return not_implemented()


@app.get("/hello/<name>")
def hello_name(name):
    # Task 3: greet the name from the path (Flask has already decoded it).
    return not_implemented()


# Task 4: Flask's own 404 and 405 answers are HTML pages; these answer JSON instead.
@app.errorhandler(404)
def not_found(error):
    return jsonify(error=f"no route for {request.method} {request.path}"), 404


@app.errorhandler(405)
def method_not_allowed(error):
    return jsonify(error=f"{request.method} is not allowed on {request.path}"), 405


if __name__ == "__main__":
    # host 0.0.0.0: accept connections on every interface, not only from this machine.
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
