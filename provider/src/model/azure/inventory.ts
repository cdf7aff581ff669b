// The names the Azure plan gives, and what it opens: for the plan view and the naming laws.
import { PlanInventory, PlannedName } from "../inventory";
import { AZURE_NAME } from "../naming";
import { ROLES } from "../frontends";
import { AZURE_LB_TAG } from "./security";
import { AzureExisting, AzurePlan } from "./types";

const publicIpSource = (logicalName: string) => `address of ${logicalName}`;

export function azureInventory(plan: AzurePlan): PlanInventory {
    const lb = plan.loadBalancer;
    const childOf =
        (owner: { logicalName: string; name: string }) =>
        (kind: string, collection: string) =>
        (c: { name: string }): PlannedName => ({
            kind,
            logicalName: `${owner.logicalName}/${collection}/${c.name}`,
            cloudName: c.name,
            rule: AZURE_NAME,
            scope: `${owner.name}/${collection}`,
        });
    const child = childOf(lb);
    // The private endpoint's internal load balancer (`apiserver.internal`) and its children.
    const ilb = plan.internalLoadBalancer;
    const internalNames: PlannedName[] = ilb
        ? [
              {
                  kind: "load balancer",
                  logicalName: ilb.logicalName,
                  cloudName: ilb.name,
                  rule: AZURE_NAME,
              },
              childOf(ilb)("frontend IP configuration", "frontendIPConfigurations")(ilb.frontend),
              childOf(ilb)("backend pool", "backendAddressPools")(ilb.pool),
              childOf(ilb)("probe", "probes")(ilb.probe),
              childOf(ilb)("load-balancing rule", "loadBalancingRules")(ilb.rule),
          ]
        : [];
    const createdName = (kind: string, g: AzureExisting | undefined): PlannedName[] =>
        g && "create" in g
            ? [
                  {
                      kind,
                      logicalName: g.create.logicalName,
                      cloudName: g.create.name,
                      rule: AZURE_NAME,
                  },
              ]
            : [];
    const names: PlannedName[] = [
        {
            kind: "load balancer",
            logicalName: lb.logicalName,
            cloudName: lb.name,
            rule: AZURE_NAME,
        },
        ...lb.frontends.flatMap((f) => [
            child("frontend IP configuration", "frontendIPConfigurations")(f),
            ...(f.publicIp
                ? [
                      {
                          kind: "public IP",
                          logicalName: f.publicIp.logicalName,
                          cloudName: f.publicIp.name,
                          rule: AZURE_NAME,
                      },
                  ]
                : []),
        ]),
        ...lb.pools.map(child("backend pool", "backendAddressPools")),
        ...lb.probes.map(child("probe", "probes")),
        ...lb.rules.map(child("load-balancing rule", "loadBalancingRules")),
        ...lb.outboundRules.map(child("outbound rule", "outboundRules")),
        ...internalNames,
        ...ROLES.flatMap((role) =>
            createdName("network security group", plan.securityGroups[role]),
        ),
        ...plan.securityRules.map((s) => ({
            kind: "NSG rule",
            logicalName: s.logicalName,
            cloudName: s.name,
            rule: AZURE_NAME,
            scope: `network security group of the ${s.role}`,
        })),
        ...createdName("route table", plan.routeTable),
        // Route names are the user's own, checked against Azure's rules in readAzureRoutes.
        ...plan.routes.map((route) => ({ kind: "route", logicalName: route.logicalName })),
    ];
    const openings = plan.securityRules
        .filter((s) => s.access === "Allow")
        .map((s) => ({
            logicalName: s.logicalName,
            protocol: s.protocol === "Udp" ? ("udp" as const) : ("tcp" as const),
            ports: s.ports,
            // The load balancer's own outbound addresses, known once its public IPs exist.
            sources: [...s.sources, ...s.publicIpSources.map(publicIpSource)],
        }));
    const ownAddresses = lb.frontends.flatMap((f) =>
        f.publicIp ? [publicIpSource(f.publicIp.logicalName)] : [],
    );
    return { names, openings, cloudSources: [AZURE_LB_TAG, ...ownAddresses] };
}
