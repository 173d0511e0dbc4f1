import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeNetworkInterfaces } from "./describe_network_interfaces.ts";

const eni = {
  NetworkInterfaceId: "eni-0123456789abcdef0",
  InterfaceType: "interface",
  Status: "in-use",
  VpcId: "vpc-0123456789abcdef0",
  SubnetId: "subnet-0123456789abcdef0",
  AvailabilityZone: "eu-west-1a",
  PrivateIpAddress: "10.0.1.5",
  PrivateIpAddresses: [
    { PrivateIpAddress: "10.0.1.5", Primary: true },
    { PrivateIpAddress: "10.0.1.6", Primary: false },
  ],
  Association: { PublicIp: "203.0.113.10" },
  Ipv6Addresses: [{ Ipv6Address: "2001:db8::5" }],
  Groups: [{ GroupId: "sg-0123456789abcdef0", GroupName: "web" }],
  Attachment: { InstanceId: "i-0123456789abcdef0", Status: "attached", DeviceIndex: 0 },
  Description: "Primary network interface",
  RequesterManaged: false,
  TagSet: [{ Key: "Name", Value: "web-eth0" }],
};

Deno.test("ec2_describe_network_interfaces turns its filters into EC2 filters and rows", async () => {
  const aws = stubAws({
    ec2: { describeNetworkInterfaces: () => ({ NetworkInterfaces: [eni] }) },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeNetworkInterfaces] });
  try {
    const out = await callOk(client, "ec2_describe_network_interfaces", {
      vpc_id: "vpc-0123456789abcdef0",
      subnet_id: "subnet-0123456789abcdef0",
      instance_id: "i-0123456789abcdef0",
      group_id: "sg-0123456789abcdef0",
    });
    deepEqual(out.network_interfaces, [{
      id: "eni-0123456789abcdef0",
      name: "web-eth0",
      type: "interface",
      status: "in-use",
      vpc_id: "vpc-0123456789abcdef0",
      subnet_id: "subnet-0123456789abcdef0",
      zone: "eu-west-1a",
      private_ip: "10.0.1.5",
      secondary_ips: ["10.0.1.6"],
      public_ip: "203.0.113.10",
      ipv6: ["2001:db8::5"],
      groups: ["sg-0123456789abcdef0"],
      instance_id: "i-0123456789abcdef0",
      attachment_status: "attached",
      description: "Primary network interface",
    }]);
    equal(out.next_token, undefined);
    deepEqual(aws.calls[0]?.input, {
      Filters: [
        { Name: "vpc-id", Values: ["vpc-0123456789abcdef0"] },
        { Name: "subnet-id", Values: ["subnet-0123456789abcdef0"] },
        { Name: "attachment.instance-id", Values: ["i-0123456789abcdef0"] },
        { Name: "group-id", Values: ["sg-0123456789abcdef0"] },
      ],
      MaxResults: 1000,
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_network_interfaces pages with next_token", async () => {
  const many = Array.from({ length: 3 }, (_, i) => ({
    NetworkInterfaceId: `eni-000000000000000${i}a`,
    InterfaceType: "nat_gateway",
    RequesterManaged: true,
  }));
  const aws = stubAws({ ec2: { describeNetworkInterfaces: () => ({ NetworkInterfaces: many }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeNetworkInterfaces] });
  try {
    type Page = { network_interfaces: { id: string }[]; next_token?: string };
    const first = await callOk<Page>(client, "ec2_describe_network_interfaces", {
      max_results: 2,
    });
    deepEqual(first.network_interfaces, [
      { id: "eni-0000000000000000a", type: "nat_gateway", requester_managed: true },
      { id: "eni-0000000000000001a", type: "nat_gateway", requester_managed: true },
    ]);
    const second = await callOk<Page>(client, "ec2_describe_network_interfaces", {
      max_results: 2,
      next_token: first.next_token,
    });
    deepEqual(second.network_interfaces.map((n) => n.id), ["eni-0000000000000002a"]);
    equal(second.next_token, undefined);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_network_interfaces names malformed ids", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeNetworkInterfaces],
  });
  try {
    const bad = await call(client, "ec2_describe_network_interfaces", {
      group_id: "default",
      network_interface_ids: ["eni-1"],
    });
    equal(bad.isError, true);
    match(text(bad), /group_id: expected an id like sg-0123456789abcdef0/);
    match(text(bad), /network_interface_ids\.0: expected an id like eni-0123456789abcdef0/);
  } finally {
    await close();
  }
});
