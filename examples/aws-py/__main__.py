"""An internal NLB in front of nodes registered by IP (its TCP frontends hairpin; UDP never
does on AWS), with ingress and a UDP service, built with AwsHaCluster from Python."""

import pulumi
import pulumi_hacluster as hacluster

config = pulumi.Config()

cluster = hacluster.AwsHaCluster(
    "k8s",
    vpc_id=config.require("vpcId"),
    subnet_ids=config.require_object("subnetIds"),
    scheme=hacluster.Scheme.INTERNAL,
    controllers=hacluster.AwsControllersArgs(ip_addresses=config.require_object("controllerIps")),
    workers=hacluster.AwsWorkersArgs(ip_addresses=config.require_object("workerIps")),
    # The groups the nodes already carry: the component opens on them exactly the ports the NLB
    # needs (a group the component made would be attached to no node).
    controller_security_group_id=config.require("controllerSecurityGroupId"),
    worker_security_group_id=config.require("workerSecurityGroupId"),
    apiserver=hacluster.ApiserverArgs(allowed_cidrs=["10.0.0.0/8"]),
    ingress=hacluster.IngressArgs(allowed_cidrs=["10.0.0.0/8"]),
    services=[
        hacluster.ServiceArgs(
            name="dns",
            port=53,
            target_port=30053,
            protocol=hacluster.TransportProtocol.UDP,
            health_check=hacluster.HealthCheckArgs(protocol=hacluster.HealthCheckProtocol.TCP, port=30053),
            allowed_cidrs=["10.0.0.0/8"],
        )
    ],
    tags={"cluster": "k8s"},
)

pulumi.export("apiserverUrl", cluster.apiserver_url)
pulumi.export("workerSecurityGroupId", cluster.worker_security_group_id)
pulumi.export("dnsTargetGroupArn", cluster.service_target_group_arns.apply(lambda arns: arns["dns"]))
