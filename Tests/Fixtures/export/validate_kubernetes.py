#!/usr/bin/env python3
"""Check Kubernetes Job files with the `kubernetes` Python client, refusing every unknown field.

usage: validate_kubernetes.py FILE...
Prints "ok FILE" or "invalid FILE: MESSAGE" per file; exits 1 when any file is invalid, 3 when the
client is not installed (with the command that installs it).

The document is deserialised into `V1Job` as the client deserialises the API server's answers
(with its client-side validation of required fields and enums), then serialised back: a key lost
on the way is a field the client's models (generated from Kubernetes' OpenAPI) do not know.
"""
import sys

from model_check import main, unknown_keys

try:
    import yaml
    from kubernetes import client
except ImportError as error:
    print(f"validators missing ({error}); install them: python3 -m pip install kubernetes pyyaml")
    sys.exit(3)


def check(path):
    with open(path) as file:
        document = yaml.safe_load(file)
    api = client.ApiClient()
    job = api._ApiClient__deserialize(document, "V1Job")
    if not isinstance(job, client.V1Job):
        return ["not a V1Job"]
    kept = api.sanitize_for_serialization(job)
    problems = [f"{key}: unknown to V1Job" for key in unknown_keys(document, kept, "")]
    if document.get("apiVersion") != "batch/v1" or document.get("kind") != "Job":
        problems.append("not a batch/v1 Job")
    return problems


main(check)
