"""The generated Python SDK as its users run it, under Pulumi's mocks: snake_case arguments
go out as the schema's camelCase inputs under the right token, and the provider's outputs
come back as typed snake_case properties."""

import json
import pathlib
from typing import Any, Dict, List, Optional, Tuple

import pulumi
import pytest


class RecordingMocks(pulumi.runtime.Mocks):
    """Answers each component with the outputs a provider would return, and records it."""

    def __init__(self) -> None:
        self.resources: List[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> Tuple[Optional[str], Dict[str, Any]]:
        self.resources.append(args)
        return f"{args.name}-id", PROVIDER_OUTPUTS.get(args.typ, {})

    def call(self, args: pulumi.runtime.MockCallArgs) -> Tuple[Dict[str, Any], Optional[List[Tuple[str, str]]]]:
        return {}, None


# Outputs the components really produce (checked against them by tests/model/sdkOutputs.test.ts).
REAL = json.loads((pathlib.Path(__file__).parent.parent / "support" / "sdk-outputs.json").read_text())

COMMON = {
    "ipv4Addresses": ["192.0.2.10"],
    "ipv6Addresses": ["2001:db8::10"],
    "dnsName": "",
    "loadBalancerId": "lb-1",
    "hairpinWorkaround": "",
}

PROVIDER_OUTPUTS: Dict[str, Dict[str, Any]] = {
    "hacluster:index:AwsHaCluster": {
        **COMMON,
        "apiserverUrl": "https://k8s.example.com:6443",
        "dnsName": "demo-nlb-1.elb.us-east-1.amazonaws.com",
        "loadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/demo-nlb/1",
        "zoneId": "Z26RNL4JYFTOTI",
        "apiserverTargetGroupArn": "arn:tg/apiserver",
        "ingressTargetGroupArns": {"http": "arn:tg/http", "https": "arn:tg/https"},
        "serviceTargetGroupArns": {"some-app": "arn:tg/some-app"},
        "loadBalancerSecurityGroupId": "sg-lb",
        "controllerSecurityGroupId": "sg-controllers",
        "workerSecurityGroupId": "sg-workers",
        "routeIds": ["r-1"],
    },
    "hacluster:index:AzureHaCluster": {
        **COMMON,
        "apiserverUrl": "https://192.0.2.10:6443",
        "backendAddressPoolIds": {"controllersIpv4": "pool/c4", "controllersIpv6": "pool/c6", "workersIpv4": "pool/w4"},
        "networkSecurityGroupId": "nsg-1",
        "routeTableId": "",
        "publicIpIds": ["pip-4", "pip-6"],
    },
    "hacluster:index:GcpHaCluster": {
        **COMMON,
        "apiserverUrl": "https://[2001:db8::10]:6443",
        "hairpinWorkaround": REAL["gcpHairpinWorkaround"],
        "backendServiceIds": {"apiserver": "bs-api"},
        "forwardingRuleIds": {"apiserver-ipv4": "fr-api"},
        "instanceGroupIds": {"controllers-us-central1-a": "ig-a"},
        "firewallIds": {"apiserver-clients-ipv4": "fw-1"},
        "healthCheckIds": {"apiserver": "hc-1"},
        "routeIds": {},
    },
}

MOCKS = RecordingMocks()
pulumi.runtime.set_mocks(MOCKS, project="project", stack="stack", preview=False)

import pulumi_hacluster as hacluster  # noqa: E402  (the mocks must be set first)


def fields(value: Any) -> Dict[str, Any]:
    """An object output as snake_case fields: the SDK gives a dict (its output classes are
    dicts too), keyed in snake_case or, for output classes, by the schema's names."""
    assert isinstance(value, dict), f"expected an object, got {value!r}"
    snake = lambda key: "".join(f"_{c.lower()}" if c.isupper() else c for c in key)  # noqa: E731
    return {snake(k): v for k, v in value.items()}


def sent(token: str, name: str) -> pulumi.runtime.MockResourceArgs:
    found = [r for r in MOCKS.resources if r.typ == token and r.name == name]
    assert len(found) == 1, f"one {token} named {name}"
    return found[0]


@pulumi.runtime.test
def test_aws_ha_cluster() -> pulumi.Output:
    cluster = hacluster.AwsHaCluster(
        "aws-demo",
        vpc_id="vpc-0a1b",
        subnet_ids=["subnet-a", "subnet-b"],
        scheme=hacluster.Scheme.INTERNAL,
        ipv6=True,
        controllers=hacluster.AwsControllersArgs(ip_addresses=["10.0.1.10"]),
        workers={"ip_addresses": ["10.0.1.20"]},
        ingress=hacluster.IngressArgs(enable_http=False),
        services=[hacluster.ServiceArgs(name="some-app", port=3333, target_port=30333, protocol=hacluster.TransportProtocol.TCP)],
        route_table_ids=["rtb-1"],
        routes=[hacluster.AwsRouteArgs(destination_cidr="10.9.0.0/16", nat_gateway_id="nat-1")],
        dns=hacluster.AwsDnsArgs(zone_id="Z1", name="k8s.example.com"),
        tags={"team": "platform"},
    )

    def check(values: List[Any]) -> None:
        url, ingress, services, route_ids, worker_sg = values
        inputs = sent("hacluster:index:AwsHaCluster", "aws-demo").inputs
        assert inputs == {
            "vpcId": "vpc-0a1b",
            "subnetIds": ["subnet-a", "subnet-b"],
            "scheme": "internal",
            "ipv6": True,
            "controllers": {"ipAddresses": ["10.0.1.10"]},
            "workers": {"ipAddresses": ["10.0.1.20"]},
            "ingress": {"enableHttp": False},
            "services": [{"name": "some-app", "port": 3333, "targetPort": 30333, "protocol": "TCP"}],
            "routeTableIds": ["rtb-1"],
            "routes": [{"destinationCidr": "10.9.0.0/16", "natGatewayId": "nat-1"}],
            "dns": {"zoneId": "Z1", "name": "k8s.example.com"},
            "tags": {"team": "platform"},
        }
        assert url == "https://k8s.example.com:6443"
        assert fields(ingress) == {"http": "arn:tg/http", "https": "arn:tg/https"}
        assert services == {"some-app": "arn:tg/some-app"}
        assert route_ids == ["r-1"]
        assert worker_sg == "sg-workers"

    return pulumi.Output.all(
        cluster.apiserver_url,
        cluster.ingress_target_group_arns,
        cluster.service_target_group_arns,
        cluster.route_ids,
        cluster.worker_security_group_id,
    ).apply(check)


@pulumi.runtime.test
def test_azure_ha_cluster() -> pulumi.Output:
    cluster = hacluster.AzureHaCluster(
        "azure-demo",
        resource_group_name="rg-k8s",
        ipv6=True,
        virtual_network_id="/subscriptions/s/resourceGroups/rg-k8s/providers/Microsoft.Network/virtualNetworks/vnet",
        controllers=hacluster.AzureTargetsArgs(ip_addresses=["10.0.1.10", "fd00::10"]),
        apiserver=hacluster.ApiserverArgs(allowed_cidrs=["203.0.113.0/24"], health_check=hacluster.HealthCheckArgs(interval_seconds=5, unhealthy_threshold=2)),
        routes=[hacluster.AzureRouteArgs(name="to-nva", address_prefix="10.9.0.0/16", next_hop_type="VirtualAppliance", next_hop_ip_address="10.0.0.4")],
        dns_label="k8s-demo",
        outbound_rules=True,
    )

    def check(values: List[Any]) -> None:
        pools, public_ips = values
        inputs = sent("hacluster:index:AzureHaCluster", "azure-demo").inputs
        assert inputs["resourceGroupName"] == "rg-k8s"
        assert inputs["controllers"] == {"ipAddresses": ["10.0.1.10", "fd00::10"]}
        assert inputs["apiserver"] == {"allowedCidrs": ["203.0.113.0/24"], "healthCheck": {"intervalSeconds": 5, "unhealthyThreshold": 2}}
        assert inputs["routes"] == [{"name": "to-nva", "addressPrefix": "10.9.0.0/16", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.0.4"}]
        assert (inputs["dnsLabel"], inputs["outboundRules"]) == ("k8s-demo", True)
        assert fields(pools) == {"controllers_ipv4": "pool/c4", "controllers_ipv6": "pool/c6", "workers_ipv4": "pool/w4"}
        assert public_ips == ["pip-4", "pip-6"]

    return pulumi.Output.all(cluster.backend_address_pool_ids, cluster.public_ip_ids).apply(check)


@pulumi.runtime.test
def test_gcp_ha_cluster() -> pulumi.Output:
    cluster = hacluster.GcpHaCluster(
        "gcp-demo",
        region="us-central1",
        network="default",
        mode=hacluster.GcpMode.PASSTHROUGH,
        network_tier="PREMIUM",
        controllers=hacluster.GcpTargetsArgs(instances=["https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/c0"]),
        controller_tags=["k8s-controller"],
        routes=[hacluster.GcpRouteArgs(name="to-vpn", dest_range="10.9.0.0/16", next_hop_ip="10.0.0.4", priority=900)],
    )

    def check(values: List[Any]) -> None:
        url, groups, hairpin = values
        inputs = sent("hacluster:index:GcpHaCluster", "gcp-demo").inputs
        assert inputs == {
            "region": "us-central1",
            "network": "default",
            "mode": "passthrough",
            "networkTier": "PREMIUM",
            "controllers": {"instances": ["https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/c0"]},
            "controllerTags": ["k8s-controller"],
            "routes": [{"name": "to-vpn", "destRange": "10.9.0.0/16", "nextHopIp": "10.0.0.4", "priority": 900}],
        }
        assert url == "https://[2001:db8::10]:6443"
        assert groups == {"controllers-us-central1-a": "ig-a"}
        assert hairpin == REAL["gcpHairpinWorkaround"]

    return pulumi.Output.all(cluster.apiserver_url, cluster.instance_group_ids, cluster.hairpin_workaround).apply(check)


def test_required_arguments_are_enforced_by_the_sdk() -> None:
    with pytest.raises(TypeError, match="vpc_id"):
        hacluster.AwsHaCluster("missing-vpc", subnet_ids=["subnet-a"])
