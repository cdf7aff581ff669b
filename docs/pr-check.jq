# The pull-request check over `pulumi preview --json` (docs/day2.md): true, so `jq -e` exits
# 0, unless a resource that holds an address clients reach is replaced or deleted. Forwarding
# rules carry one frontend's ports on GCP's reserved address: replacing one interrupts it,
# deleting one is the removal of that frontend. Everything else may be created, updated or
# deleted (a removed service's target group, a rule).
def shared: [
  "aws:lb/loadBalancer:LoadBalancer", "aws:ec2/eip:Eip", "aws:route53/record:Record",
  "azure-native:network:PublicIPAddress", "azure-native:network:LoadBalancer",
  "gcp:compute/address:Address", "gcp:compute/globalAddress:GlobalAddress"
];
def frontends: ["gcp:compute/forwardingRule:ForwardingRule", "gcp:compute/globalForwardingRule:GlobalForwardingRule"];
[ .steps[]
  | (.urn | split("::")[2] | split("$") | last) as $type
  | select(
      ((.op == "replace" or .op == "create-replacement" or .op == "delete-replaced")
        and ((shared + frontends) | index($type)))
      or (.op == "delete" and (shared | index($type))))
] | length == 0
