"""A Python program with an invalid service port: the preview must fail and name the path."""

import pulumi_hacluster as hacluster

hacluster.AwsHaCluster(
    "bad",
    vpc_id="vpc-0123456789abcdef0",
    subnet_ids=["subnet-0a", "subnet-0b"],
    controllers=hacluster.AwsControllersArgs(instance_ids=["i-0a"]),
    services=[hacluster.ServiceArgs(name="app", port=70000)],
)
