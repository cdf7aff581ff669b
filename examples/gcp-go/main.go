// A regional passthrough network load balancer for the apiserver and ingress on Google Cloud,
// in front of controllers and workers given by instance self link.
package main

import (
	"github.com/hacluster/pulumi-hacluster/examples/gcp-go/frontdoor"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(frontdoor.Program)
}
