"""Run every benchmark module of ``bench/`` (each one with a ``main()``): ``python -m bench``."""

import importlib
import pkgutil

import bench


def main() -> None:
    """Import each module of the package and run its ``main()``, in name order."""
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda info: info.name):
        if info.name == "__main__":
            continue
        run = getattr(importlib.import_module(f"bench.{info.name}"), "main", None)
        if callable(run):
            print(f"== bench.{info.name}", flush=True)
            run()


if __name__ == "__main__":
    main()
