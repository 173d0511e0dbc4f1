import { deepEqual, equal, match, ok } from "node:assert/strict";
import { createSpotInstance } from "../../tools/ec2/create_spot_instance.ts";
import { listInstances } from "../../tools/ec2/list_instances.ts";
import { callOk, connectMoto, motoEc2, motoImageId, motoTest } from "../_helpers.ts";

// moto's state is global: this file runs in ap-southeast-2 and finds what it created by its own
// run id tag, so other runs and files in the region do not matter.
const REGION = "ap-southeast-2";
const RUN = crypto.randomUUID();

interface Spot {
  instances?: { id: string; state: string }[];
  spot_request_ids?: string[];
  wait?: { done: boolean };
  dry_run?: { would_succeed: boolean };
}

motoTest(
  "ec2_create_spot_instance launches spot instances through RunInstances",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const imageId = await motoImageId(ec2);
    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [createSpotInstance, listInstances],
      waitIntervalMs: 50,
    });
    const listed = async (step: string) =>
      (await callOk<{ instances: { id: string }[] }>(client, "ec2_list_instances", {
        tags: { run: RUN, step },
      })).instances.map((i) => i.id).sort();
    try {
      await t.step("two one-time spot instances show up in ec2_list_instances", async () => {
        const out = await callOk<Spot>(client, "ec2_create_spot_instance", {
          image_id: imageId,
          instance_type: "t3.micro",
          max_price: "0.02",
          count: 2,
          user_data: "echo spot",
          tags: { run: RUN, step: "one-time" },
        });
        const ids = out.instances!.map((i) => i.id).sort();
        equal(ids.length, 2);
        deepEqual(await listed("one-time"), ids);
        // moto marks the instances as spot but records no spot request for RunInstances.
        ok(Array.isArray(out.spot_request_ids));
        const described = await ec2.describeInstances({ InstanceIds: ids });
        for (const i of (described.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
          equal(i.InstanceLifecycle, "spot");
          equal(i.MetadataOptions?.HttpTokens, "required");
        }
      });

      await t.step("dry_run creates nothing", async () => {
        const out = await callOk<Spot>(client, "ec2_create_spot_instance", {
          image_id: imageId,
          instance_type: "t3.micro",
          tags: { run: RUN, step: "dry" },
          dry_run: true,
        });
        equal(out.dry_run?.would_succeed, true);
        deepEqual(await listed("dry"), []);
      });

      await t.step("a persistent request with wait reports progress until running", async () => {
        const progress: string[] = [];
        const result = await client.callTool(
          {
            name: "ec2_create_spot_instance",
            arguments: {
              image_id: imageId,
              instance_type: "t3.micro",
              type: "persistent",
              tags: { run: RUN, step: "wait" },
              wait: true,
            },
          },
          undefined,
          { onprogress: (p) => progress.push(p.message ?? "") },
        );
        const out = result.structuredContent as Spot;
        equal(out.wait?.done, true);
        equal(out.instances?.[0]?.state, "running");
        match(progress.at(-1) ?? "", /^1\/1 running$/);
        deepEqual(await listed("wait"), [out.instances?.[0]?.id]);
      });
    } finally {
      await close();
    }
  },
);
