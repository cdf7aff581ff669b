import { at, maybe, objs, str } from "../inputs";
import { CallFn, StateFn, hex } from "./common";

export const AZURE_SUBSCRIPTION = "00000000-1111-2222-3333-444444444444";

const armPath = (group: string, name: string) => `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.Network/publicIPAddresses/${name}`;

const byte = (text: string) => parseInt(hex(text, 2), 16) % 250 + 4;

export const azureStates: Record<string, StateFn> = {
    "azure-native:network:PublicIPAddress": (name, inputs) => ({
        ipAddress: inputs.publicIPAddressVersion === "IPv6" ? `2001:db8::${byte(name).toString(16)}` : `203.0.113.${byte(name)}`,
        dnsSettings: inputs.dnsSettings && {
            ...inputs.dnsSettings,
            fqdn: `${at(inputs, "dnsSettings", "domainNameLabel")}.${inputs.location ?? "westeurope"}.cloudapp.azure.com`,
        },
    }),
    "azure-native:network:NetworkSecurityGroup": (_, inputs) => ({ name: inputs.networkSecurityGroupName }),
    "azure-native:network:RouteTable": (_, inputs) => ({ name: inputs.routeTableName }),
    // Private frontends get a dynamic address from their subnet, or keep a static one.
    "azure-native:network:LoadBalancer": (name, inputs) => ({
        frontendIPConfigurations: (maybe(objs, inputs, "frontendIPConfigurations") ?? []).map((f) =>
            f.subnet
                ? {
                      ...f,
                      // A static frontend keeps the address it was given.
                      privateIPAddress:
                          f.privateIPAddress ?? (f.privateIPAddressVersion === "IPv6" ? `fd00:10::${byte(name + f.name).toString(16)}` : `10.0.1.${byte(name + f.name)}`),
                  }
                : f,
        ),
    }),
};

export const azureCalls: Record<string, CallFn> = {
    // A public IP the user keeps, read by name.
    "azure-native:network:getPublicIPAddress": (inputs) => ({
        id: armPath(str(inputs, "resourceGroupName"), str(inputs, "publicIpAddressName")),
        ipAddress: `198.51.100.${byte(str(inputs, "publicIpAddressName"))}`,
    }),
    "azure-native:authorization:getClientConfig": () => ({
        clientId: "client",
        objectId: "object",
        subscriptionId: AZURE_SUBSCRIPTION,
        tenantId: "tenant",
    }),
};
