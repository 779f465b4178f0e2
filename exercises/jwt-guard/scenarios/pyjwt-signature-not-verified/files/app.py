import os

import jwt
from flask import Flask, jsonify, request

SECRET = os.environ.get("JWT_SECRET")

app = Flask(__name__)


def unauthorized(message):
    response = jsonify(error=message)
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def read_claims():
    """(claims, None) or (None, error response)."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        return None, unauthorized("missing Bearer token")
    try:
        # The bug: verify_signature=False turns off every check (signature, algorithm,
        # exp, nbf). It was added to silence "InvalidSignatureError" while testing.
        claims = jwt.decode(parts[1], SECRET, options={"verify_signature": False})
    except jwt.InvalidTokenError as error:
        return None, unauthorized(f"invalid token: {error}")
    return claims, None


@app.get("/public")
def public():
    return jsonify(message="hello")


@app.get("/me")
def me():
    claims, error = read_claims()
    if error:
        return error
    return jsonify(sub=claims.get("sub"), name=claims.get("name"))


@app.get("/admin")
def admin():
    claims, error = read_claims()
    if error:
        return error
    if claims.get("role") != "admin":
        return jsonify(error="admins only"), 403
    return jsonify(message="welcome")


@app.errorhandler(404)
def not_found(error):
    return jsonify(error="not found"), 404


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
