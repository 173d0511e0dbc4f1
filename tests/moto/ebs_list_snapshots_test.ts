import { deepEqual, equal, ok } from "node:assert/strict";
import { ebsTools } from "../../tools/ebs/mod.ts";
import { callOk, connectMoto, motoEc2, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: this file works in ap-east-2 (and ap-southeast-5 for the fan-out) and
// tags what it makes with its run id.
const REGION = "ap-east-2";
const OTHER = "ap-southeast-5";
const RUN = crypto.randomUUID();

interface Row {
  id: string;
  name?: string;
  volume_id?: string;
  size_gib?: number;
  state?: string;
  progress?: number;
  started?: string;
  encrypted?: boolean;
  description?: string;
  owner?: string;
}
interface Page {
  snapshots: Row[];
  next_token?: string;
}

motoTest(
  "ebs_list_snapshots filters by volume, state, tags and description, and pages",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const volume = async (size: number) =>
      (await ec2.createVolume({ AvailabilityZone: `${REGION}a`, Size: size })).VolumeId as string;
    const [web, db] = [await volume(8), await volume(20)];
    const snap = async (VolumeId: string, Description: string, name: string) =>
      (await ec2.createSnapshot({
        VolumeId,
        Description,
        TagSpecifications: tagSpecs("snapshot", { run: RUN, Name: name }),
      })).SnapshotId as string;
    const a = await snap(web, `Nightly web ${RUN}`, "web-1");
    const b = await snap(web, `Weekly web ${RUN}`, "web-2");
    const c = await snap(db, `nightly DB ${RUN} ${"x".repeat(80)}`, "db-1");
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [...ebsTools],
    });
    const ids = (page: Page) => page.snapshots.map((s) => s.id).sort();
    try {
      await t.step("rows are compact and complete", async () => {
        const page = await callOk<Page>(client, "ebs_list_snapshots", { tags: { run: RUN } });
        deepEqual(ids(page), [a, b, c].sort());
        const row = page.snapshots.find((s) => s.id === a);
        ok(row?.started);
        deepEqual(row, {
          id: a,
          name: "web-1",
          volume_id: web,
          size_gib: 8,
          state: "completed",
          progress: 100,
          started: row.started,
          encrypted: false,
          description: `Nightly web ${RUN}`,
          owner: "123456789012",
        });
        const long = page.snapshots.find((s) => s.id === c)?.description ?? "";
        equal(long.length, 60);
        ok(long.endsWith("…"));
      });

      await t.step("volume_id, states and description_contains narrow the rows", async () => {
        const byVolume = await callOk<Page>(client, "ebs_list_snapshots", {
          tags: { run: RUN },
          volume_id: web,
        });
        deepEqual(ids(byVolume), [a, b].sort());
        const nightly = await callOk<Page>(client, "ebs_list_snapshots", {
          tags: { run: RUN },
          description_contains: "NIGHTLY",
        });
        deepEqual(ids(nightly), [a, c].sort());
        const pending = await callOk<Page>(client, "ebs_list_snapshots", {
          tags: { run: RUN },
          states: ["pending", "error"],
        });
        deepEqual(pending.snapshots, []);
        const byId = await callOk<Page>(client, "ebs_list_snapshots", { snapshot_ids: [b] });
        deepEqual(ids(byId), [b]);
      });

      await t.step("pages of max_results follow next_token to the end", async () => {
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page: Page = await callOk<Page>(client, "ebs_list_snapshots", {
            tags: { run: RUN },
            max_results: 2,
            ...(token ? { next_token: token } : {}),
          });
          ok(page.snapshots.length <= 2);
          seen.push(...page.snapshots.map((s) => s.id));
          token = page.next_token;
          pages++;
        } while (token);
        equal(pages, 2);
        deepEqual(seen.sort(), [a, b, c].sort());
      });

      await t.step("regions fans out: rows of both regions, each naming its own", async () => {
        const other = await motoEc2(endpoint, OTHER);
        const far = (await other.createVolume({ AvailabilityZone: `${OTHER}a`, Size: 1 }))
          .VolumeId as string;
        const d = (await other.createSnapshot({
          VolumeId: far,
          TagSpecifications: tagSpecs("snapshot", { run: RUN }),
        })).SnapshotId as string;
        try {
          const out = await callOk<{ regions: { region: string; snapshots: Row[] }[] }>(
            client,
            "ebs_list_snapshots",
            { regions: [REGION, OTHER], tags: { run: RUN } },
          );
          deepEqual(out.regions.map((g) => g.region), [REGION, OTHER]);
          deepEqual(
            out.regions.flatMap((g) => g.snapshots.map((s) => [g.region, s.id])).sort(),
            [[REGION, a], [REGION, b], [REGION, c], [OTHER, d]].sort(),
          );
        } finally {
          await other.deleteSnapshot({ SnapshotId: d }).catch(() => {});
          await other.deleteVolume({ VolumeId: far }).catch(() => {});
        }
      });
    } finally {
      await close();
      for (const id of [a, b, c]) await ec2.deleteSnapshot({ SnapshotId: id }).catch(() => {});
      for (const id of [web, db]) await ec2.deleteVolume({ VolumeId: id }).catch(() => {});
    }
  },
);
