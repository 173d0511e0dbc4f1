import { deepEqual, equal, match, ok } from "node:assert/strict";
import { createInstanceMinimal } from "../../tools/ec2/create_instance_minimal.ts";
import { listInstances } from "../../tools/ec2/list_instances.ts";
import { callOk, connectMoto, motoEc2, motoTest } from "../_helpers.ts";

// moto's state is global: this file runs in ap-southeast-3 and finds what it created by its own
// run id tag, so other runs and files in the region do not matter.
const REGION = "ap-southeast-3";
const RUN = crypto.randomUUID();

interface Minimal {
  image?: { id: string; name?: string };
  subnet_id?: string;
  instance_type?: string;
  instance?: { id: string; name?: string; state: string; type: string; subnet_id?: string };
  notes?: string;
  wait?: { done: boolean };
  dry_run?: { would_succeed: boolean };
}

motoTest(
  "ec2_create_instance_minimal picks Amazon Linux 2023 and the default subnet",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const vpc = (await ec2.describeVpcs({ Filters: [{ Name: "is-default", Values: ["true"] }] }))
      .Vpcs?.[0]?.VpcId;
    const firstDefault = (await ec2.describeSubnets({
      Filters: [{ Name: "vpc-id", Values: [vpc!] }, { Name: "default-for-az", Values: ["true"] }],
    })).Subnets?.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!))[0];

    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [createInstanceMinimal, listInstances],
      waitIntervalMs: 50,
    });
    const listed = async (step: string) =>
      (await callOk<{ instances: { id: string }[] }>(client, "ec2_list_instances", {
        tags: { run: RUN, step },
      })).instances.map((i) => i.id);
    try {
      await t.step(
        "x86_64 by default: AL2023, t3.micro, first default subnet, IMDSv2",
        async () => {
          const out = await callOk<Minimal>(client, "ec2_create_instance_minimal", {
            name: "box",
            tags: { run: RUN, step: "x86" },
          });
          match(out.image?.name ?? "", /^al2023-ami-2023\..*-kernel-.*-x86_64$/);
          equal(out.notes, undefined);
          equal(out.instance_type, "t3.micro");
          equal(out.subnet_id, firstDefault?.SubnetId);
          equal(out.instance?.name, "box");
          equal(out.instance?.subnet_id, firstDefault?.SubnetId);
          deepEqual(await listed("x86"), [out.instance?.id]);
          const described = await ec2.describeInstances({ InstanceIds: [out.instance!.id] });
          const instance = described.Reservations?.[0]?.Instances?.[0];
          equal(instance?.ImageId, out.image?.id);
          equal(instance?.MetadataOptions?.HttpTokens, "required");
        },
      );

      await t.step("arm64 with wait: t4g.micro on an arm64 image, progress reported", async () => {
        const progress: string[] = [];
        const result = await client.callTool(
          {
            name: "ec2_create_instance_minimal",
            arguments: { architecture: "arm64", tags: { run: RUN, step: "arm" }, wait: true },
          },
          undefined,
          { onprogress: (p) => progress.push(p.message ?? "") },
        );
        const out = result.structuredContent as Minimal;
        match(out.image?.name ?? "", /-arm64$/);
        equal(out.instance_type, "t4g.micro");
        equal(out.instance?.state, "running");
        equal(out.wait?.done, true);
        ok(progress.length >= 1);
        match(progress.at(-1)!, /^1\/1 running$/);
        deepEqual(await listed("arm"), [out.instance?.id]);
      });

      await t.step("dry_run creates nothing", async () => {
        const out = await callOk<Minimal>(client, "ec2_create_instance_minimal", {
          tags: { run: RUN, step: "dry" },
          dry_run: true,
        });
        equal(out.dry_run?.would_succeed, true);
        deepEqual(await listed("dry"), []);
      });
    } finally {
      await close();
    }
  },
);
