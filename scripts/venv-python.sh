#!/bin/sh
# Prints the Python that `make` builds .venv with: 3.13 where the machine has one (on PATH, or
# installed by pyenv but not selected), else python3 (3.11 or later).
# Why 3.13: from 3.12 on coverage measures through sys.monitoring at almost no cost (tests/admin took
# 198 s without coverage and 197 s with it, against 214 s on 3.11 without), so `make test` measures
# coverage within CI's 20 minutes; on 3.11 coverage's tracer makes the suite about half again slower.
for python in python3.13 "$(pyenv root 2>/dev/null)"/versions/3.13*/bin/python3.13; do
    "$python" -c 'import sys; print(sys.executable)' 2>/dev/null && exit
done
exec python3 -c 'import sys; print(sys.executable)'
