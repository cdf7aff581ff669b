// The generated Go SDK as its users run it, under pulumi.WithMocks: each constructor
// registers a remote component under its token with the schema's camelCase inputs, and the
// provider's outputs come back as typed outputs.
package sdktest

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/hacluster/pulumi-hacluster/sdk/go/hacluster"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Outputs the components really produce (checked against them by tests/model/sdkOutputs.test.ts).
var realOutputs = func() map[string]string {
	data, err := os.ReadFile("../support/sdk-outputs.json")
	if err != nil {
		panic(err)
	}
	var out map[string]string
	if err := json.Unmarshal(data, &out); err != nil {
		panic(err)
	}
	return out
}()

var providerOutputs = map[string]map[string]interface{}{
	"hacluster:index:AwsHaCluster": {
		"apiserverUrl":           "https://k8s.example.com:6443",
		"ipv4Addresses":          []interface{}{},
		"serviceTargetGroupArns": map[string]interface{}{"some-app": "arn:tg/some-app"},
		"ingressTargetGroupArns": map[string]interface{}{"https": "arn:tg/https"},
		"routeIds":               []interface{}{"r-1"},
	},
	"hacluster:index:AzureHaCluster": {
		"apiserverUrl":          "https://192.0.2.10:6443",
		"backendAddressPoolIds": map[string]interface{}{"controllersIpv4": "pool/c4", "workersIpv4": "pool/w4"},
		"publicIpIds":           []interface{}{"pip-4"},
	},
	"hacluster:index:GcpHaCluster": {
		"apiserverUrl":      "https://[2001:db8::10]:6443",
		"instanceGroupIds":  map[string]interface{}{"controllers-us-central1-a": "ig-a"},
		"hairpinWorkaround": realOutputs["gcpHairpinWorkaround"],
	},
}

type recorder struct {
	mu        sync.Mutex
	resources []pulumi.MockResourceArgs
}

func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.resources = append(r.resources, args)
	return args.Name + "-id", resource.NewPropertyMapFromMap(providerOutputs[args.TypeToken]), nil
}

func (r *recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func (r *recorder) sent(t *testing.T, token, name string) map[string]interface{} {
	t.Helper()
	for _, res := range r.resources {
		if res.TypeToken == token && res.Name == name {
			if res.Custom {
				t.Errorf("%s registered as a custom resource, want a remote component", token)
			}
			return res.Inputs.Mappable()
		}
	}
	t.Fatalf("no %s named %s registered", token, name)
	return nil
}

// run builds a program under mocks and returns what its outputs resolved to.
func run(t *testing.T, program func(ctx *pulumi.Context) (pulumi.Output, error)) (*recorder, interface{}) {
	t.Helper()
	rec := &recorder{}
	resolved := make(chan interface{}, 1)
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		out, err := program(ctx)
		if err != nil {
			return err
		}
		out.ApplyT(func(v interface{}) interface{} {
			resolved <- v
			return v
		})
		return nil
	}, pulumi.WithMocks("project", "stack", rec))
	if err != nil {
		t.Fatal(err)
	}
	return rec, <-resolved
}

func expectEqual(t *testing.T, what string, got, want interface{}) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}

func TestAwsHaCluster(t *testing.T) {
	rec, out := run(t, func(ctx *pulumi.Context) (pulumi.Output, error) {
		c, err := hacluster.NewAwsHaCluster(ctx, "aws-demo", &hacluster.AwsHaClusterArgs{
			VpcId:       pulumi.String("vpc-0a1b"),
			SubnetIds:   pulumi.StringArray{pulumi.String("subnet-a"), pulumi.String("subnet-b")},
			Scheme:      ref(hacluster.SchemeINTERNAL),
			Controllers: &hacluster.AwsControllersArgs{IpAddresses: pulumi.StringArray{pulumi.String("10.0.1.10")}},
			Ingress:     &hacluster.IngressArgs{EnableHttp: pulumi.BoolRef(false)},
			Services: []hacluster.ServiceArgs{{
				Name: "some-app", Port: 3333, TargetPort: pulumi.IntRef(30333), Protocol: ref(hacluster.TransportProtocolTCP),
			}},
			Tags: pulumi.StringMap{"team": pulumi.String("platform")},
		})
		if err != nil {
			return nil, err
		}
		return pulumi.All(c.ApiserverUrl, c.ServiceTargetGroupArns, c.IngressTargetGroupArns.Https(), c.RouteIds), nil
	})
	expectEqual(t, "inputs", rec.sent(t, "hacluster:index:AwsHaCluster", "aws-demo"), map[string]interface{}{
		"vpcId":       "vpc-0a1b",
		"subnetIds":   []interface{}{"subnet-a", "subnet-b"},
		"scheme":      "internal",
		"controllers": map[string]interface{}{"ipAddresses": []interface{}{"10.0.1.10"}},
		"ingress":     map[string]interface{}{"enableHttp": false},
		"services":    []interface{}{map[string]interface{}{"name": "some-app", "port": 3333.0, "targetPort": 30333.0, "protocol": "TCP"}},
		"tags":        map[string]interface{}{"team": "platform"},
	})
	https := "arn:tg/https"
	expectEqual(t, "outputs", out, []interface{}{
		"https://k8s.example.com:6443",
		map[string]string{"some-app": "arn:tg/some-app"},
		&https,
		[]string{"r-1"},
	})
}

func TestAzureHaCluster(t *testing.T) {
	rec, out := run(t, func(ctx *pulumi.Context) (pulumi.Output, error) {
		c, err := hacluster.NewAzureHaCluster(ctx, "azure-demo", &hacluster.AzureHaClusterArgs{
			ResourceGroupName: pulumi.String("rg-k8s"),
			Ipv6:              pulumi.BoolRef(true),
			VirtualNetworkId:  pulumi.String("/subscriptions/s/resourceGroups/rg-k8s/providers/Microsoft.Network/virtualNetworks/vnet"),
			Workers:           &hacluster.AzureTargetsArgs{IpAddresses: pulumi.StringArray{pulumi.String("10.0.1.20")}},
			Ingress:           &hacluster.IngressArgs{},
			Routes: []hacluster.AzureRouteArgs{{
				Name: "to-nva", AddressPrefix: "10.9.0.0/16",
				NextHopType: "VirtualAppliance", NextHopIpAddress: pulumi.String("10.0.0.4"),
			}},
		})
		if err != nil {
			return nil, err
		}
		return pulumi.All(c.BackendAddressPoolIds.WorkersIpv4(), c.PublicIpIds), nil
	})
	inputs := rec.sent(t, "hacluster:index:AzureHaCluster", "azure-demo")
	expectEqual(t, "resourceGroupName", inputs["resourceGroupName"], "rg-k8s")
	expectEqual(t, "workers", inputs["workers"], map[string]interface{}{"ipAddresses": []interface{}{"10.0.1.20"}})
	expectEqual(t, "routes", inputs["routes"], []interface{}{map[string]interface{}{
		"name": "to-nva", "addressPrefix": "10.9.0.0/16", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.0.4",
	}})
	workersIpv4 := "pool/w4"
	expectEqual(t, "outputs", out, []interface{}{&workersIpv4, []string{"pip-4"}})
}

func TestGcpHaCluster(t *testing.T) {
	selfLink := "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/c0"
	rec, out := run(t, func(ctx *pulumi.Context) (pulumi.Output, error) {
		c, err := hacluster.NewGcpHaCluster(ctx, "gcp-demo", &hacluster.GcpHaClusterArgs{
			Region:      pulumi.String("us-central1"),
			Network:     pulumi.String("default"),
			Mode:        ref(hacluster.GcpModePROXY),
			Controllers: &hacluster.GcpTargetsArgs{Instances: pulumi.StringArray{pulumi.String(selfLink)}},
			Services: []hacluster.ServiceArgs{{
				Name: "some-app", Port: 3333, TargetPort: pulumi.IntRef(30333), Backend: ref(hacluster.BackendRoleCONTROLLERS),
			}},
		})
		if err != nil {
			return nil, err
		}
		return pulumi.All(c.ApiserverUrl, c.InstanceGroupIds, c.HairpinWorkaround), nil
	})
	expectEqual(t, "inputs", rec.sent(t, "hacluster:index:GcpHaCluster", "gcp-demo"), map[string]interface{}{
		"region":      "us-central1",
		"network":     "default",
		"mode":        "proxy",
		"controllers": map[string]interface{}{"instances": []interface{}{selfLink}},
		"services":    []interface{}{map[string]interface{}{"name": "some-app", "port": 3333.0, "targetPort": 30333.0, "backend": "controllers"}},
	})
	expectEqual(t, "outputs", out, []interface{}{
		"https://[2001:db8::10]:6443",
		map[string]string{"controllers-us-central1-a": "ig-a"},
		realOutputs["gcpHairpinWorkaround"],
	})
}

func TestRequiredArgumentsAreEnforced(t *testing.T) {
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := hacluster.NewAwsHaCluster(ctx, "missing-vpc", &hacluster.AwsHaClusterArgs{SubnetIds: pulumi.StringArray{pulumi.String("subnet-a")}})
		return err
	}, pulumi.WithMocks("project", "stack", &recorder{}))
	if err == nil || !strings.Contains(err.Error(), "invalid value for required argument 'VpcId'") {
		t.Fatalf("got %v", err)
	}
}

// ref points at a plain value (structural inputs are plain in the SDK).
func ref[T any](v T) *T { return &v }
