"""The benchmarks' shared virtual environment, bench/.venv, with peers installed from PyPI on demand."""
import os, subprocess, sys

VENV = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".venv")


def ensure(imports, packages, what):
    """The venv's python, after installing `packages` when `import <imports>` fails there."""
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    if subprocess.run([python, "-c", "import " + imports], capture_output=True).returncode != 0:
        print(f"installing {what} from PyPI into bench/.venv …", file=sys.stderr)
        subprocess.run([python, "-m", "pip", "install", "-q", *packages], check=True)
    return python
