"""The smallest Flask JSON route, the yardstick of ``bench.tools``: ``gunicorn bench.bare_app:app``.

It reads the posted JSON body, as the tool route does, and answers ``{"ok": true}``: no database,
no extensions, no middleware.
"""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/bare")
def bare():
    request.get_json()
    return jsonify({"ok": True})
