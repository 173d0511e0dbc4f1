import { deepEqual, equal, ok } from "node:assert/strict";
import { describeInstanceStatus } from "../../tools/ec2/describe_instance_status.ts";
import { callOk, connectMoto, motoEc2, motoLaunch, motoTest } from "../_helpers.ts";

// moto's state is global: this file shares ap-northeast-3 and looks only at its own instances.
const REGION = "ap-northeast-3";

interface Row {
  instance_id: string;
  [key: string]: unknown;
}
interface Page {
  region: string;
  instances: Row[];
  next_token?: string;
}

motoTest(
  "ec2_describe_instance_status hides healthy instances unless include_all",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const [running, stopped] = await motoLaunch(ec2, {
      count: 2,
      Placement: { AvailabilityZone: "ap-northeast-3c" },
    });
    await ec2.stopInstances({ InstanceIds: [stopped as string] });
    const ids = [running, stopped] as string[];

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describeInstanceStatus],
    });
    const describe = (args: Record<string, unknown>) =>
      callOk<Page>(client, "ec2_describe_instance_status", args);
    try {
      await t.step("by default healthy instances are left out", async () => {
        // moto reports every running instance as ok, with no scheduled events.
        const byId = await describe({ instance_ids: ids });
        equal(byId.region, REGION);
        deepEqual(byId.instances, []);
        const all = await describe({ max_results: 200 });
        ok(!all.instances.some((i) => ids.includes(i.instance_id)));
      });

      await t.step("include_all returns every instance in any state with its checks", async () => {
        const out = await describe({ instance_ids: ids, include_all: true });
        const rows = [...out.instances].sort((a, b) =>
          ids.indexOf(a.instance_id) - ids.indexOf(b.instance_id)
        );
        deepEqual(rows[0], {
          instance_id: running,
          zone: "ap-northeast-3c",
          state: "running",
          system_status: "ok",
          instance_status: "ok",
        });
        // Like AWS, checks of a stopped instance are not-applicable.
        deepEqual(rows[1], {
          instance_id: stopped,
          zone: "ap-northeast-3c",
          state: "stopped",
          system_status: "not-applicable",
          instance_status: "not-applicable",
        });
        equal(rows.length, 2);
      });

      await t.step(
        "include_all without ids lists this run's instances among the region's",
        async () => {
          const seen: string[] = [];
          let token: string | undefined;
          do {
            const page = await describe({
              include_all: true,
              max_results: 200,
              ...(token ? { next_token: token } : {}),
            });
            seen.push(...page.instances.map((i) => i.instance_id));
            token = page.next_token;
          } while (token);
          ok(ids.every((id) => seen.includes(id)), `${ids} in ${seen}`);
        },
      );
    } finally {
      await close();
    }
  },
);
