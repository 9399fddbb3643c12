#!/usr/bin/env python3
"""Validate YAML or JSON files against a JSON Schema (draft 2020-12) with Python's jsonschema.

usage: validate_with_schema.py SCHEMA FILE...
Prints "ok FILE" or "invalid FILE: MESSAGE" per file; exits 1 when any file is invalid.
"""
import json
import sys

import jsonschema
import yaml


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f) if path.endswith(".json") else yaml.safe_load(f)


def main():
    schema = load(sys.argv[1])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    failed = False
    for path in sys.argv[2:]:
        errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.absolute_path))
        if errors:
            failed = True
            where = "/".join(str(p) for p in errors[0].absolute_path)
            print(f"invalid {path}: {where}: {errors[0].message}")
        else:
            print(f"ok {path}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
