// Entry point of pulumi-resource-hacluster: serves the provider over gRPC and prints its port.
import * as provider from "@pulumi/pulumi/provider";
import { loadSchema, packageVersion } from "../schema";
import { HaClusterProvider } from "./provider";

provider.main(new HaClusterProvider(packageVersion(), loadSchema()), process.argv.slice(2));
