"""Checks ARM request bodies against Microsoft's azure-mgmt-network models (msrest style):
each model's `_attribute_map` (field names and types; an unknown field is a violation), its
`_validation` (required, readonly, minimum/maximum, patterns, lengths) applied with the
package's own rule functions (`Serializer.validation`), and the values of the fields typed by the package's enums.

stdin: [{"key": ..., "model": "LoadBalancer", "body": {...flattened like azure-native...}}];
stdout: {"version": ..., "violations": [{"key", "rule", "message", "source"}]}."""
import json
import re
import sys

from azure.mgmt.network import models
from azure.mgmt.network._utils.serialization import Serializer
from azure.mgmt.network._version import VERSION

SOURCE = f"azure-mgmt-network {VERSION} models"
# Fields whose type is an extensible enum of the package ("str" in the attribute map).
ENUMS = {
    ("Probe", "protocol"): models.ProbeProtocol,
    ("LoadBalancingRule", "protocol"): models.TransportProtocol,
    ("OutboundRule", "protocol"): models.LoadBalancerOutboundRuleProtocol,
    ("SecurityRule", "protocol"): models.SecurityRuleProtocol,
    ("SecurityRule", "access"): models.SecurityRuleAccess,
    ("SecurityRule", "direction"): models.SecurityRuleDirection,
    ("FrontendIPConfiguration", "private_ip_allocation_method"): models.IPAllocationMethod,
    ("FrontendIPConfiguration", "private_ip_address_version"): models.IPVersion,
    ("PublicIPAddress", "public_ip_allocation_method"): models.IPAllocationMethod,
    ("PublicIPAddress", "public_ip_address_version"): models.IPVersion,
    ("LoadBalancerSku", "name"): models.LoadBalancerSkuName,
    ("LoadBalancerSku", "tier"): models.LoadBalancerSkuTier,
    ("PublicIPAddressSku", "name"): models.PublicIPAddressSkuName,
    ("PublicIPAddressSku", "tier"): models.PublicIPAddressSkuTier,
    ("Route", "next_hop_type"): models.RouteNextHopType,
}


def leaf(key):
    """'properties.frontendPort' -> 'frontendPort' (azure-native flattens `properties`)."""
    return re.split(r"(?<!\\)\.", key)[-1].replace("\\.", ".")


def build(model_name, body, path, out):
    cls = getattr(models, model_name)
    fields = {leaf(spec["key"]): (attr, spec["type"]) for attr, spec in cls._attribute_map.items()}
    kwargs = {}
    for key, value in body.items():
        if key not in fields:
            out.append(("unknown-field", f"{path}.{key}: no such field in {model_name}"))
            continue
        attr, kind = fields[key]
        if cls._validation.get(attr, {}).get("readonly"):
            out.append(("readonly", f"{path}.{key}: read-only in {model_name}"))
            continue
        enum = ENUMS.get((model_name, attr))
        if enum and value not in {e.value for e in enum}:
            out.append(("enum", f"{path}.{key}: {value!r} is not one of {', '.join(e.value for e in enum)}"))
        kwargs[attr] = convert(kind, value, f"{path}.{key}", out)
    for attr, rules in cls._validation.items():
        value = kwargs.get(attr)
        if rules.get("required") and value is None:
            out.append(("required", f"{path}.{attr}: required in {model_name}"))
        for rule, limit in rules.items():
            check = Serializer.validation.get(rule)
            if check and value is not None and check(value, limit):
                out.append((rule, f"{path}.{attr}: {value!r} breaks {rule} {limit!r}"))
    return kwargs


def convert(kind, value, path, out):
    if kind.startswith("[") and kind.endswith("]"):
        if not isinstance(value, list):
            out.append(("type", f"{path}: expected a list, got {value!r}"))
            return value
        return [convert(kind[1:-1], item, f"{path}[{i}]", out) for i, item in enumerate(value)]
    if kind.startswith("{") and kind.endswith("}"):
        return {k: convert(kind[1:-1], v, f"{path}[{k}]", out) for k, v in value.items()}
    if hasattr(models, kind):
        if not isinstance(value, dict):
            out.append(("type", f"{path}: expected an object, got {value!r}"))
            return value
        return build(kind, value, path, out)
    expected = {"str": str, "int": int, "bool": bool}.get(kind)
    if expected and (not isinstance(value, expected) or (expected is int and isinstance(value, bool))):
        out.append(("type", f"{path}: expected {kind}, got {value!r}"))
    return value


def main():
    violations = []
    for request in json.load(sys.stdin):
        found = []
        build(request["model"], request["body"], request["model"], found)
        violations += [{"key": request["key"], "rule": f"azure-models/{rule}", "message": message, "source": SOURCE} for rule, message in found]
    json.dump({"version": VERSION, "violations": violations}, sys.stdout)


main()
