import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeAddresses } from "./describe_addresses.ts";

Deno.test("ec2_describe_addresses flags and counts idle Elastic IPs", async () => {
  const aws = stubAws({
    ec2: {
      describeAddresses: () => ({
        Addresses: [
          {
            PublicIp: "203.0.113.10",
            AllocationId: "eipalloc-0123456789abcdef0",
            AssociationId: "eipassoc-0123456789abcdef0",
            Domain: "vpc",
            InstanceId: "i-0123456789abcdef0",
            NetworkInterfaceId: "eni-0123456789abcdef0",
            PrivateIpAddress: "10.0.1.5",
            NetworkBorderGroup: "eu-west-1",
            Tags: [{ Key: "Name", Value: "web" }],
          },
          {
            PublicIp: "203.0.113.11",
            AllocationId: "eipalloc-0123456789abcdef1",
            Domain: "vpc",
            InstanceId: "",
            NetworkBorderGroup: "eu-west-1",
          },
          {
            PublicIp: "203.0.113.12",
            AllocationId: "eipalloc-0123456789abcdef2",
            AssociationId: "eipassoc-0123456789abcdef2",
            Domain: "vpc",
            NetworkInterfaceId: "eni-0123456789abcdef2",
            PrivateIpAddress: "10.0.2.9",
          },
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeAddresses] });
  try {
    const out = await callOk(client, "ec2_describe_addresses", { tags: { team: "web" } });
    deepEqual(out.addresses, [
      {
        public_ip: "203.0.113.10",
        allocation_id: "eipalloc-0123456789abcdef0",
        name: "web",
        domain: "vpc",
        instance_id: "i-0123456789abcdef0",
        network_interface_id: "eni-0123456789abcdef0",
        private_ip: "10.0.1.5",
        association_id: "eipassoc-0123456789abcdef0",
        network_border_group: "eu-west-1",
      },
      {
        public_ip: "203.0.113.11",
        allocation_id: "eipalloc-0123456789abcdef1",
        domain: "vpc",
        unassociated: true,
        network_border_group: "eu-west-1",
      },
      {
        public_ip: "203.0.113.12",
        allocation_id: "eipalloc-0123456789abcdef2",
        domain: "vpc",
        network_interface_id: "eni-0123456789abcdef2",
        private_ip: "10.0.2.9",
        association_id: "eipassoc-0123456789abcdef2",
      },
    ]);
    equal(out.unassociated_count, 1);
    deepEqual(aws.calls[0]?.input, { Filters: [{ Name: "tag:team", Values: ["web"] }] });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_addresses asks by allocation id", async () => {
  const aws = stubAws({ ec2: { describeAddresses: () => ({ Addresses: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeAddresses] });
  try {
    const out = await callOk(client, "ec2_describe_addresses", {
      allocation_ids: ["eipalloc-0123456789abcdef0"],
    });
    deepEqual(out.addresses, []);
    equal(out.unassociated_count, 0);
    deepEqual(aws.calls[0]?.input, { AllocationIds: ["eipalloc-0123456789abcdef0"] });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_addresses names a malformed allocation id", async () => {
  const { client, close } = await connect({}, { aws: stubAws({}), inventory: [describeAddresses] });
  try {
    const bad = await call(client, "ec2_describe_addresses", { allocation_ids: ["203.0.113.10"] });
    equal(bad.isError, true);
    match(text(bad), /allocation_ids\.0: expected an id like eipalloc-0123456789abcdef0/);
  } finally {
    await close();
  }
});
