// Package frontdoor is the example's program, importable so that tests can run it through
// the Automation API as an inline program.
package frontdoor

import (
	"github.com/hacluster/pulumi-hacluster/sdk/go/hacluster"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// Program builds the front door: a regional passthrough network load balancer for the
// apiserver, ingress and a UDP service, in front of instances given by self link.
func Program(ctx *pulumi.Context) error {
	conf := config.New(ctx, "")
	var controllers, workers []string
	conf.RequireObject("controllerInstances", &controllers)
	conf.RequireObject("workerInstances", &workers)

	cluster, err := hacluster.NewGcpHaCluster(ctx, "k8s", &hacluster.GcpHaClusterArgs{
		Project:     pulumi.String(conf.Require("project")),
		Region:      pulumi.String("us-central1"),
		Network:     pulumi.String("k8s-network"),
		Subnetwork:  pulumi.String("k8s-nodes"),
		Ipv6:        pulumi.BoolRef(true),
		NetworkTier: pulumi.StringRef("PREMIUM"),
		Controllers: &hacluster.GcpTargetsArgs{Instances: pulumi.ToStringArray(controllers)},
		Workers:     &hacluster.GcpTargetsArgs{Instances: pulumi.ToStringArray(workers)},
		Apiserver: &hacluster.ApiserverArgs{
			AllowedCidrs: []string{"198.51.100.0/24", "2001:db8::/32"},
		},
		// The Cloud NAT address the nodes reach the public apiserver from.
		NodeSourceCidrs: []string{"203.0.113.20/32"},
		Ingress:         &hacluster.IngressArgs{},
		Services: []hacluster.ServiceArgs{{
			Name: "syslog", Port: 30514, Protocol: ref(hacluster.TransportProtocolUDP),
			HealthCheck: &hacluster.HealthCheckArgs{Protocol: ref(hacluster.HealthCheckProtocolTCP), Port: pulumi.IntRef(30515)},
		}},
	})
	if err != nil {
		return err
	}
	ctx.Export("apiserverUrl", cluster.ApiserverUrl)
	ctx.Export("hairpinWorkaround", cluster.HairpinWorkaround)
	return nil
}

// ref points at a plain value: structural inputs (ports, protocols, CIDRs) are plain in the SDK,
// because they decide which resources exist.
func ref[T any](v T) *T { return &v }
