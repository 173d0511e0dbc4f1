import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { instanceSummary } from "./list_instances.ts";

const instance = {
  InstanceId: "i-0123456789abcdef0",
  InstanceType: "t3.micro",
  State: { Name: "running" },
  Placement: { AvailabilityZone: "eu-west-1a" },
  PrivateIpAddress: "10.0.0.5",
  LaunchTime: new Date("2026-01-02T03:04:05Z"),
  VpcId: "vpc-0123456789abcdef0",
  SubnetId: "subnet-0123456789abcdef0",
  PlatformDetails: "Linux/UNIX",
  Tags: [{ Key: "Name", Value: "web-1" }, { Key: "team", Value: "blue" }],
};

Deno.test("instanceSummary keeps the compact fields and drops absent ones", () => {
  deepEqual(instanceSummary(instance as never), {
    id: "i-0123456789abcdef0",
    name: "web-1",
    state: "running",
    type: "t3.micro",
    zone: "eu-west-1a",
    private_ip: "10.0.0.5",
    launch_time: "2026-01-02T03:04:05.000Z",
    vpc_id: "vpc-0123456789abcdef0",
    subnet_id: "subnet-0123456789abcdef0",
    platform: "Linux/UNIX",
  });
});

Deno.test("ec2_list_instances turns its filters into DescribeInstances filters", async () => {
  const aws = stubAws({
    ec2: { describeInstances: () => ({ Reservations: [{ Instances: [instance] }] }) },
  });
  const { client, close } = await connect({}, { aws });
  try {
    const out = await callOk(client, "ec2_list_instances", {
      states: ["running", "stopped"],
      types: ["t3.micro"],
      vpc_id: "vpc-0123456789abcdef0",
      tags: { team: "blue", owner: "*" },
      region: "eu-west-1",
    });
    equal(out.region, "eu-west-1");
    equal(out.account, "123456789012");
    deepEqual(aws.calls[0]?.input, {
      Filters: [
        { Name: "instance-state-name", Values: ["running", "stopped"] },
        { Name: "instance-type", Values: ["t3.micro"] },
        { Name: "vpc-id", Values: ["vpc-0123456789abcdef0"] },
        { Name: "tag:team", Values: ["blue"] },
        { Name: "tag-key", Values: ["owner"] },
      ],
      MaxResults: 1000,
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_list_instances asks by id without MaxResults, which AWS refuses with ids", async () => {
  const aws = stubAws({ ec2: { describeInstances: () => ({ Reservations: [] }) } });
  const { client, close } = await connect({}, { aws });
  try {
    await callOk(client, "ec2_list_instances", { instance_ids: ["i-0123456789abcdef0"] });
    deepEqual(aws.calls[0]?.input, { InstanceIds: ["i-0123456789abcdef0"] });
  } finally {
    await close();
  }
});

Deno.test("ec2_list_instances follows AWS NextToken until the page is full", async () => {
  const pages: Record<string, unknown> = {
    "": { Reservations: [{ Instances: [instance] }], NextToken: "t2" },
    t2: { Reservations: [{ Instances: [{ ...instance, InstanceId: "i-0123456789abcdef1" }] }] },
  };
  const aws = stubAws({
    ec2: { describeInstances: (input: { NextToken?: string }) => pages[input.NextToken ?? ""] },
  });
  const { client, close } = await connect({}, { aws });
  try {
    const out = await callOk<{ instances: { id: string }[] }>(client, "ec2_list_instances", {});
    deepEqual(out.instances.map((i) => i.id), ["i-0123456789abcdef0", "i-0123456789abcdef1"]);
  } finally {
    await close();
  }
});

Deno.test("ec2_list_instances names a malformed id, a bad state and a bad page size", async () => {
  const { client, close } = await connect({}, { aws: stubAws({}) });
  try {
    const bad = await call(client, "ec2_list_instances", {
      instance_ids: ["i-xyz"],
      states: ["sleeping"],
      max_results: 500,
    });
    equal(bad.isError, true);
    match(text(bad), /instance_ids\.0: expected an id like i-0123456789abcdef0/);
    match(text(bad), /states\.0: expected one of pending, running/);
    match(text(bad), /max_results: Too big/);
  } finally {
    await close();
  }
});
