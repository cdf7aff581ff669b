// `pulumi-hacluster` for the reachability lab's example runs: the package's components, each
// recording the args it was built with, so the lab can read the cluster's spec beside the
// resources the example registered.
import * as pulumi from "@pulumi/pulumi";
import { AwsHaCluster as Aws } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster as Azure } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster as Gcp } from "../../provider/src/gcp/gcpHaCluster";
import {
    AwsHaClusterArgs,
    AzureHaClusterArgs,
    GcpHaClusterArgs,
} from "../../provider/src/generated/types";

export const built: { type: string; name: string; args: unknown }[] = [];

export class AwsHaCluster extends Aws {
    constructor(name: string, args: AwsHaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        built.push({ type: "hacluster:index:AwsHaCluster", name, args });
        super(name, args, opts);
    }
}
export class AzureHaCluster extends Azure {
    constructor(name: string, args: AzureHaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        built.push({ type: "hacluster:index:AzureHaCluster", name, args });
        super(name, args, opts);
    }
}
export class GcpHaCluster extends Gcp {
    constructor(name: string, args: GcpHaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        built.push({ type: "hacluster:index:GcpHaCluster", name, args });
        super(name, args, opts);
    }
}
