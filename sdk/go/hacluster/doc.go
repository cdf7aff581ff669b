// The highly available front door of a self-managed Kubernetes cluster on AWS, Azure and Google Cloud: layer-4 load balancers for kube-apiserver, ingress and extra TCP/UDP services, with their target groups or backend pools, health checks, security rules, routes and dual-stack frontends.
package hacluster
