import { deepEqual, equal, match, ok } from "node:assert/strict";
import { cancelSpotRequests } from "../../tools/ec2/cancel_spot_requests.ts";
import { listInstances } from "../../tools/ec2/list_instances.ts";
import {
  call,
  callOk,
  connectMoto,
  motoEc2,
  motoImageId,
  motoTest,
  tagSpecs,
  text,
} from "../_helpers.ts";

// moto's state is global: this file runs in ap-southeast-3 and acts only on the spot requests it
// made (by id), so other runs and files in the region do not matter.
const REGION = "ap-southeast-3";
const RUN = crypto.randomUUID();

interface Cancelled {
  requests?: { id: string; previous_state?: string; state?: string; instance_id?: string }[];
  terminated_instance_ids?: string[];
  dry_run?: { would_succeed: boolean };
}

motoTest(
  "ec2_cancel_spot_requests cancels, and terminates only in destructive mode",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const imageId = await motoImageId(ec2);
    // moto records spot requests only for RequestSpotInstances (and fulfils them at once), so the
    // requests are seeded the legacy way rather than with ec2_create_spot_instance.
    const request = async (n: number) => {
      const out = await ec2.requestSpotInstances({
        InstanceCount: n,
        SpotPrice: "0.05",
        LaunchSpecification: { ImageId: imageId, InstanceType: "t3.micro" },
        TagSpecifications: tagSpecs("spot-instances-request", { run: RUN }),
      });
      return (out.SpotInstanceRequests ?? []).map((r) => ({
        id: r.SpotInstanceRequestId as string,
        instance: r.InstanceId as string,
      }));
    };
    const kept = await request(2);
    const doomed = await request(2);

    const states = async (
      client: Awaited<ReturnType<typeof connectMoto>>["client"],
      ids: string[],
    ) =>
      (await callOk<{ instances: { id: string; state: string }[] }>(client, "ec2_list_instances", {
        instance_ids: ids,
      })).instances.map((i) => i.state);

    const write = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [cancelSpotRequests, listInstances],
    });
    try {
      await t.step("terminate_instances is refused in write mode, touching nothing", async () => {
        const refused = await call(write.client, "ec2_cancel_spot_requests", {
          spot_request_ids: doomed.map((r) => r.id),
          terminate_instances: true,
        });
        equal(refused.isError, true);
        match(text(refused), /^ModeRequired: terminate_instances needs destructive mode/);
        const still = await ec2.describeSpotInstanceRequests({
          SpotInstanceRequestIds: doomed.map((r) => r.id),
        });
        deepEqual(still.SpotInstanceRequests?.map((r) => r.State), ["active", "active"]);
      });

      await t.step("dry_run cancels nothing", async () => {
        const out = await callOk<Cancelled>(write.client, "ec2_cancel_spot_requests", {
          spot_request_ids: kept.map((r) => r.id),
          dry_run: true,
        });
        equal(out.dry_run?.would_succeed, true);
        const still = await ec2.describeSpotInstanceRequests({
          SpotInstanceRequestIds: kept.map((r) => r.id),
        });
        equal(still.SpotInstanceRequests?.length, 2);
      });

      await t.step("cancelling leaves the instances running", async () => {
        const out = await callOk<Cancelled>(write.client, "ec2_cancel_spot_requests", {
          spot_request_ids: kept.map((r) => r.id),
        });
        deepEqual(
          out.requests,
          kept.map((r) => ({
            id: r.id,
            previous_state: "active",
            state: "cancelled",
            instance_id: r.instance,
          })),
        );
        deepEqual(out.terminated_instance_ids, []);
        deepEqual(await states(write.client, kept.map((r) => r.instance)), ["running", "running"]);
      });
    } finally {
      await write.close();
    }

    const destructive = await connectMoto(endpoint, REGION, {
      allowDestructive: true,
      waiveConfirmation: true,
    }, {
      inventory: [cancelSpotRequests, listInstances],
    });
    try {
      await t.step("in destructive mode the requests' instances are terminated", async () => {
        const out = await callOk<Cancelled>(destructive.client, "ec2_cancel_spot_requests", {
          spot_request_ids: doomed.map((r) => r.id),
          terminate_instances: true,
        });
        deepEqual(out.requests?.map((r) => r.state), ["cancelled", "cancelled"]);
        deepEqual(out.terminated_instance_ids?.sort(), doomed.map((r) => r.instance).sort());
        const after = await states(destructive.client, doomed.map((r) => r.instance));
        ok(after.every((s) => s === "shutting-down" || s === "terminated"), after.join());
      });
    } finally {
      await destructive.close();
    }
  },
);
