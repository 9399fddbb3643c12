"""What the export validators share: finding keys a model lost, and the command-line loop.

`validate_argo.py` and `validate_kubernetes.py` import it (it sits beside them).
"""
import sys


def unknown_keys(given, kept, path):
    """Keys of `given` that `kept` (the document read into a model and dumped back) lost."""
    found = []
    if isinstance(given, dict):
        for key, value in given.items():
            if not isinstance(kept, dict) or key not in kept:
                found.append(f"{path}.{key}")
            else:
                found += unknown_keys(value, kept[key], f"{path}.{key}")
    elif isinstance(given, list) and isinstance(kept, list):
        for index, (item, back) in enumerate(zip(given, kept)):
            found += unknown_keys(item, back, f"{path}[{index}]")
    return found


def main(check):
    """Runs `check(path)` (a list of problems) on every file named on the command line, prints
    "ok FILE" or "invalid FILE: PROBLEMS", and exits 1 when any file is invalid."""
    failed = False
    for path in sys.argv[1:]:
        try:
            problems = check(path)
        except Exception as error:  # a model's validation error, or YAML that does not parse
            problems = [str(error).replace("\n", " | ")]
        if problems:
            failed = True
            print(f"invalid {path}: {'; '.join(problems)}")
        else:
            print(f"ok {path}")
    sys.exit(1 if failed else 0)
