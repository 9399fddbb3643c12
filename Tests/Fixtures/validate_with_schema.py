#!/usr/bin/env python3
"""Validate YAML or JSON files against a JSON Schema (draft 2020-12) with Python's jsonschema.

usage: validate_with_schema.py SCHEMA FILE...
Prints "ok FILE" or "invalid FILE: MESSAGE" per file; exits 1 when any file is invalid.

YAML is read as PyYAML's safe_load reads it (YAML 1.1 types: `yes` is True, `0x10` is 16,
`1e5` a string), turned into JSON data the way JSON allows:
- mapping keys are their text as written (JSON keys are strings): `1:` is the key "1";
- timestamps, `.inf` and `.nan` stay the text written (JSON has no dates or infinities);
- a key may be set once per mapping (`<<` merges aside), and keys are scalars;
- aliases may copy in at most 100,000 nodes, collections nest at most 256 deep (muster's bounds);
- a file is one document;
- docker compose's merge tags: a value tagged `!reset` counts as absent (its key or list item is
  dropped), `!override` is read as the untagged value.
A file that breaks these rules, or is not YAML, is invalid.
"""
import json
import math
import sys

import jsonschema
import yaml

ALIAS_EXPANSION_LIMIT = 100_000
NESTING_LIMIT = 256
LEFT_AS_TEXT = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"}


class ManifestLoader(yaml.SafeLoader):
    """SafeLoader with the rules above."""

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0
        self.expanded = 0
        self.sizes = {}

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            node = super().compose_node(parent, index)
            self.expanded += self.size(node)
            if self.expanded > ALIAS_EXPANSION_LIMIT:
                raise yaml.YAMLError(f"aliases expand to more than {ALIAS_EXPANSION_LIMIT} nodes")
            return node
        opens = self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent)
        if opens:
            self.depth += 1
            if self.depth > NESTING_LIMIT:
                raise yaml.YAMLError(f"collections nest more than {NESTING_LIMIT} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            if opens:
                self.depth -= 1

    def size(self, node):
        """Nodes in `node`, aliases counted as copies (keys and values alike)."""
        key = id(node)
        if key not in self.sizes:
            if isinstance(node, yaml.SequenceNode):
                self.sizes[key] = 1 + sum(self.size(item) for item in node.value)
            elif isinstance(node, yaml.MappingNode):
                self.sizes[key] = 1 + sum(self.size(k) + self.size(v) for k, v in node.value)
            else:
                self.sizes[key] = 1
        return self.sizes[key]

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(None, None, "mapping keys must be scalars", key_node.start_mark)
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key_node.value!r}", key_node.start_mark)
            seen.add(key_node.value)
        self.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            mapping[key_node.value] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_float_or_text(self, node):
        value = self.construct_yaml_float(node)
        return value if math.isfinite(value) else node.value


ManifestLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in LEFT_AS_TEXT]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ManifestLoader.add_constructor("tag:yaml.org,2002:float", ManifestLoader.construct_float_or_text)


class Reset:
    """A value tagged `!reset`: removed before validation."""


RESET = Reset()


def construct_reset(loader, node):
    return RESET


def construct_override(loader, node):
    """`!override VALUE` is VALUE, typed as if untagged."""
    if isinstance(node, yaml.ScalarNode):
        tag = loader.resolve(yaml.ScalarNode, node.value, (True, False))
        untagged = yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark, node.style)
    else:
        tag = loader.resolve(type(node), None, (True, False))
        untagged = type(node)(tag, node.value, node.start_mark, node.end_mark, node.flow_style)
    return loader.construct_object(untagged, deep=True)


def without_resets(data):
    if isinstance(data, dict):
        return {key: without_resets(value) for key, value in data.items() if value is not RESET}
    if isinstance(data, list):
        return [without_resets(item) for item in data if item is not RESET]
    return data


ManifestLoader.add_constructor("!reset", construct_reset)
ManifestLoader.add_constructor("!override", construct_override)


def load(path):
    with open(path, encoding="utf-8") as f:
        if path.endswith(".json"):
            return json.load(f)
        loader = ManifestLoader(f)
        try:
            data = loader.get_single_data()
            return None if data is RESET else without_resets(data)
        finally:
            loader.dispose()


def main():
    schema = load(sys.argv[1])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    failed = False
    for path in sys.argv[2:]:
        try:
            errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(map(str, e.absolute_path)))
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError, ValueError) as error:
            failed = True
            print(f"invalid {path}: not a manifest: {' '.join(str(error).split())}")
            continue
        if errors:
            failed = True
            where = "/".join(str(p) for p in errors[0].absolute_path)
            print(f"invalid {path}: {where}: {' '.join(errors[0].message.split())}")
        else:
            print(f"ok {path}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
