import { deepEqual, equal, match, ok } from "node:assert/strict";
import { listSpotRequests } from "../../tools/ec2/list_spot_requests.ts";
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

// moto's state is global: this file works in eu-south-1 and tags its spot requests with its own
// run id, so it never depends on what else the region holds.
const REGION = "eu-south-1";
const RUN = crypto.randomUUID();

interface Row {
  id: string;
  state: string;
  status?: string;
  type: string;
  instance_id?: string;
  instance_type?: string;
  zone?: string;
  max_price?: string;
  created?: string;
  valid_until?: string;
}
interface Page {
  spot_requests: Row[];
  next_token?: string;
  region: string;
}

motoTest("ec2_list_spot_requests lists, filters and pages spot requests", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const imageId = await motoImageId(ec2);
  const request = async (type: "persistent" | "one-time", count: number, extra = {}) => {
    const out = await ec2.requestSpotInstances({
      InstanceCount: count,
      Type: type,
      SpotPrice: "0.05",
      LaunchSpecification: {
        ImageId: imageId,
        InstanceType: "t3.micro",
        Placement: { AvailabilityZone: `${REGION}a` },
      },
      TagSpecifications: tagSpecs("spot-instances-request", { run: RUN, ...extra }),
      ...(type === "persistent" ? { ValidUntil: new Date("2030-01-01T00:00:00Z") } : {}),
    });
    return out.SpotInstanceRequests ?? [];
  };
  const persistent = await request("persistent", 2, { team: "blue" });
  const oneTime = await request("one-time", 1);
  const all = [...persistent, ...oneTime];
  const ids = all.map((s) => s.SpotInstanceRequestId as string);

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [listSpotRequests],
  });
  const list = (args: Record<string, unknown>) =>
    callOk<Page>(client, "ec2_list_spot_requests", { tags: { run: RUN }, ...args });
  try {
    await t.step("a tag filter returns this run's requests as compact rows", async () => {
      const page = await list({});
      equal(page.region, REGION);
      const byId = new Map(page.spot_requests.map((r) => [r.id, r]));
      deepEqual([...byId.keys()].sort(), [...ids].sort());
      for (const s of all) {
        // moto fulfils spot requests at once, so each has an instance.
        deepEqual(byId.get(s.SpotInstanceRequestId as string), {
          id: s.SpotInstanceRequestId,
          state: "active",
          status: "fulfilled",
          type: s.Type,
          instance_id: s.InstanceId,
          instance_type: "t3.micro",
          zone: `${REGION}a`,
          max_price: s.SpotPrice,
          created: s.CreateTime?.toISOString(),
          ...(s.Type === "persistent" ? { valid_until: "2030-01-01T00:00:00.000Z" } : {}),
        });
      }
    });

    await t.step("states, instance_id, ids and tags select exactly the matches", async () => {
      deepEqual((await list({ states: ["open", "closed"] })).spot_requests, []);
      equal((await list({ states: ["active"] })).spot_requests.length, 3);
      const byInstance = await list({ instance_id: oneTime[0]?.InstanceId });
      deepEqual(byInstance.spot_requests.map((r) => r.id), [ids[2]]);
      const byIds = await list({ spot_request_ids: [ids[0], ids[2]] });
      deepEqual(byIds.spot_requests.map((r) => r.id).sort(), [ids[0], ids[2]].sort());
      const blue = await list({ tags: { run: RUN, team: "blue" } });
      deepEqual(blue.spot_requests.map((r) => r.id).sort(), [ids[0], ids[1]].sort());
    });

    await t.step("max_results 2 pages through all three once", async () => {
      const first = await list({ max_results: 2 });
      equal(first.spot_requests.length, 2);
      ok(first.next_token);
      const second = await list({ max_results: 2, next_token: first.next_token });
      equal(second.spot_requests.length, 1);
      equal(second.next_token, undefined);
      const seen = [...first.spot_requests, ...second.spot_requests].map((r) => r.id);
      deepEqual(seen.sort(), [...ids].sort());
    });

    await t.step("a malformed request id is refused before any AWS call", async () => {
      const result = await call(client, "ec2_list_spot_requests", { spot_request_ids: ["sir"] });
      equal(result.isError, true);
      match(text(result), /^InvalidInput: spot_request_ids\.0: expected an id like sir-abcd1234/);
    });
  } finally {
    await close();
  }
});
