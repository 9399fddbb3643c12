#!/usr/bin/env python3
"""Check Argo Workflow files with Argo's own API models, refusing every field they do not know.

usage: validate_argo.py FILE...
Prints "ok FILE" or "invalid FILE: MESSAGE" per file; exits 1 when any file is invalid, 3 when the
validators are not installed (with the command that installs them).

Two readers, both generated from Argo's OpenAPI definition:
- hera (PyPI `hera`): the document must parse into hera's pydantic model of `Workflow` (types,
  required fields, enums), and dumping the model back must keep every key (pydantic drops the keys
  it does not know, so a key lost on the way is an unknown field);
- the `argo-workflows` SDK (PyPI): every key, at every depth, must be an attribute of the model
  the SDK has for that place (`openapi_types`/`attribute_map`), and every value of the kind it
  declares. Argo's JSON schema itself is in neither package (nor in hera's sdist), so this walk is
  the closest check against Argo's own definition that PyPI offers.
"""
import sys

from model_check import main, unknown_keys

try:
    import yaml
    from hera.workflows.models.io.argoproj.workflow.v1alpha1 import Workflow as HeraWorkflow
    from argo_workflows.model.io_argoproj_workflow_v1alpha1_workflow import (
        IoArgoprojWorkflowV1alpha1Workflow as SdkWorkflow,
    )
    from argo_workflows.model_utils import OpenApiModel
except ImportError as error:
    print(f"validators missing ({error}); install them: python3 -m pip install hera argo-workflows pyyaml")
    sys.exit(3)


def sdk_walk(value, types, path):
    """Problems of `value` against the SDK's declared `types` (a tuple of classes, lists, dicts)."""
    for kind in types:
        if isinstance(kind, list):
            if isinstance(value, list):
                return [problem for index, item in enumerate(value) for problem in sdk_walk(item, tuple(kind), f"{path}[{index}]")]
        elif isinstance(kind, dict):
            if isinstance(value, dict):
                inner = next(iter(kind.values()))
                return [problem for key, item in value.items() for problem in sdk_walk(item, inner, f"{path}.{key}")]
        elif isinstance(kind, type) and issubclass(kind, OpenApiModel):
            if isinstance(value, dict):
                known = {json: name for name, json in kind.attribute_map.items()}
                problems = []
                for key, item in value.items():
                    if key not in known:
                        problems.append(f"{path}.{key}: unknown field of {kind.__name__}")
                    else:
                        problems += sdk_walk(item, kind.openapi_types[known[key]], f"{path}.{key}")
                return problems
        elif kind is bool:
            if isinstance(value, bool):
                return []
        elif kind in (int, float):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return []
        elif kind is str:
            # IntOrString fields (activeDeadlineSeconds, ports, limits) are `str` in the SDK.
            if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
                return []
        else:
            return []
    return [f"{path}: {type(value).__name__} where the SDK expects {types}"]


def check(path):
    with open(path) as file:
        document = yaml.safe_load(file)
    workflow = HeraWorkflow.model_validate(document)
    kept = workflow.model_dump(by_alias=True, exclude_unset=True, mode="json")
    problems = [f"{key}: unknown to hera's Workflow model" for key in unknown_keys(document, kept, "")]
    problems += sdk_walk(document, (SdkWorkflow,), "")
    if document.get("apiVersion") != "argoproj.io/v1alpha1" or document.get("kind") != "Workflow":
        problems.append("not an argoproj.io/v1alpha1 Workflow")
    return problems


main(check)
