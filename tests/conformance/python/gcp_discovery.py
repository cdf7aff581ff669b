"""Checks Compute v1 (and Cloud DNS v1) request bodies against the discovery documents that Google's
google-api-python-client ships (googleapiclient/discovery_cache/documents/compute.v1.json, dns.v1.json):
field names, types, int32/uint32 ranges, enums, `pattern`s, the `name` rule each schema states
in its description, and the fields each insert method marks required.

stdin: [{"key": ..., "schema": "ForwardingRule", "method": "compute.forwardingRules.insert",
"api": "compute.v1" (the default) or "dns.v1", "body": {...}}]; stdout: [{"key": ..., "rule": ..., "message": ...}]."""
import json
import os
import re
import sys

import googleapiclient

DOCS_DIR = os.path.join(os.path.dirname(googleapiclient.__file__), "discovery_cache", "documents")


def load(api):
    with open(os.path.join(DOCS_DIR, f"{api}.json")) as f:
        return json.load(f)


DOCS = {api: load(api) for api in ("compute.v1", "dns.v1")}
DOC = DOCS["compute.v1"]
# One table serves both: Compute's schemas win where names overlap (Project, Operation, ...),
# and ResourceRecordSet reaches none of those.
SCHEMAS = {**DOCS["dns.v1"]["schemas"], **DOC["schemas"]}
INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "uint32": (0, 2**32 - 1)}
# e.g. "...must be 1-63 characters long and match the regular expression `[a-z]([-a-z0-9]*[a-z0-9])?`..."
NAME_RULE = re.compile(r"(\d+)-(\d+) characters long,? (?:and )?match(?:es)? the regular expression `([^`]+)`")
# Schemas that only say "comply with RFC1035" mean the same expression.
RFC1035 = (1, 63, "[a-z]([-a-z0-9]*[a-z0-9])?")
# A few fields state their syntax as "@pattern: <regex>" in the description (backslashes doubled).
PATTERN = re.compile(r"@pattern: (\S+)")


def name_rule(description):
    found = NAME_RULE.search(description.replace("\n", " "))
    if found:
        return int(found.group(1)), int(found.group(2)), found.group(3)
    return RFC1035 if "RFC1035" in description else None


def described_pattern(schema):
    found = PATTERN.search(schema.get("description", ""))
    return found and found.group(1).replace("\\\\", "\\")


def check(value, schema, path, method, out):
    if "$ref" in schema:
        schema = SCHEMAS[schema["$ref"]]
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        if not isinstance(value, dict):
            return out.append(("type", f"{path}: expected an object, got {value!r}"))
        for key, item in value.items():
            if key not in schema["properties"]:
                out.append(("unknown-field", f"{path}.{key}: no such field in {schema.get('id', 'object')}"))
                continue
            check(item, schema["properties"][key], f"{path}.{key}", method, out)
        for key, prop in schema["properties"].items():
            if method in prop.get("annotations", {}).get("required", []) and key not in value:
                out.append(("required", f"{path}.{key}: required by {method}"))
        rule = name_rule(schema["properties"].get("name", {}).get("description", ""))
        if rule and isinstance(value.get("name"), str):
            low, high, pattern = rule
            name = value["name"]
            if not (low <= len(name) <= high and re.fullmatch(pattern, name)):
                out.append(("name", f"{path}.name: {name!r} must be {low}-{high} characters matching {pattern}"))
    elif kind == "object":
        if not isinstance(value, dict):
            return out.append(("type", f"{path}: expected a map, got {value!r}"))
        for key, item in value.items():
            check(item, schema.get("additionalProperties", {}), f"{path}[{key}]", method, out)
    elif kind == "array":
        if not isinstance(value, list):
            return out.append(("type", f"{path}: expected a list, got {value!r}"))
        pattern = described_pattern(schema)
        for i, item in enumerate(value):
            check(item, schema["items"], f"{path}[{i}]", method, out)
            if pattern and isinstance(item, str) and not re.fullmatch(pattern, item):
                out.append(("pattern", f"{path}[{i}]: {item!r} does not match {pattern}"))
    elif kind == "integer":
        number = int(value) if isinstance(value, str) and re.fullmatch(r"-?\d+", value) else value
        if not isinstance(number, int) or isinstance(number, bool):
            return out.append(("type", f"{path}: expected an integer, got {value!r}"))
        low, high = INT_RANGES.get(schema.get("format"), (None, None))
        if low is not None and not low <= number <= high:
            out.append(("range", f"{path}: {number} is outside {schema['format']}"))
    elif kind == "boolean":
        if not isinstance(value, bool):
            out.append(("type", f"{path}: expected a boolean, got {value!r}"))
    elif kind == "string":
        if not isinstance(value, str):
            return out.append(("type", f"{path}: expected a string, got {value!r}"))
        if "enum" in schema and value not in schema["enum"]:
            out.append(("enum", f"{path}: {value!r} is not one of {', '.join(schema['enum'])}"))
        if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
            out.append(("pattern", f"{path}: {value!r} does not match {schema['pattern']}"))


def main():
    requests = json.load(sys.stdin)
    violations = []
    for request in requests:
        found = []
        check(request["body"], {"$ref": request["schema"]}, request["schema"], request["method"], found)
        api = request.get("api", "compute.v1")
        source = f"{api}.json revision {DOCS[api].get('revision')} (google-api-python-client)"
        violations += [{"key": request["key"], "rule": f"gcp-discovery/{rule}", "message": message, "source": source} for rule, message in found]
    json.dump({"revision": DOC.get("revision"), "violations": violations}, sys.stdout)


main()
