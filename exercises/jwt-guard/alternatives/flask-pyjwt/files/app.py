import os
from functools import wraps

import jwt
from flask import Flask, g, jsonify, request

app = Flask(__name__)
KEY = os.environ.get("JWT_SECRET", "")


def unauthorized(msg):
    resp = jsonify({"error": msg})
    resp.status_code = 401
    resp.headers["WWW-Authenticate"] = 'bearer error="invalid_token"'
    return resp


def token_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        auth = request.headers.get("Authorization", "")
        pieces = auth.split(" ")
        if len(pieces) != 2 or pieces[0].upper() != "BEARER" or not pieces[1]:
            return unauthorized("missing or malformed Authorization header")
        try:
            g.claims = jwt.decode(pieces[1], KEY, algorithms=["HS256"], options={"require": ["exp"]}, leeway=30)
        except jwt.PyJWTError as e:
            return unauthorized("invalid token: %s" % e)
        return view(*args, **kwargs)

    return wrapper


@app.route("/public")
def public():
    return jsonify({"status": "ok"})


@app.route("/me")
@token_required
def me():
    return jsonify({"sub": g.claims.get("sub"), "name": g.claims.get("name"), "exp": g.claims["exp"]})


@app.route("/admin")
@token_required
def admin():
    if g.claims.get("role") == "admin":
        return jsonify({"admin": True})
    return jsonify({"error": "forbidden"}), 403


@app.errorhandler(404)
def handle_404(e):
    return jsonify({"error": "not found"}), 404


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ["PORT"]))
