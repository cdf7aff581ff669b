// Kubernetes control-plane and ingress load balancers for AWS, Azure and Google Cloud: the highly available layer-4 front door (kube-apiserver, ingress, TCP/UDP services) of a self-managed cluster, as Pulumi components.
package hacluster
