import { deepEqual, equal, match, ok } from "node:assert/strict";
import {
  call,
  callOk,
  connectMoto,
  motoEc2,
  motoImageId,
  motoLaunch,
  motoTest,
  text,
} from "../_helpers.ts";

// moto's state is global: this file owns eu-west-3 and tags what it makes with its own run id,
// so a second run against the same moto sees only its own instances.
const REGION = "eu-west-3";
const RUN = { run: crypto.randomUUID() };

interface Page {
  instances: { id: string; state: string; name?: string }[];
  next_token?: string;
  account: string;
  region: string;
}

motoTest(
  "ec2_list_instances pages, filters and refuses a token reused elsewhere",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const imageId = await motoImageId(ec2);
    // 120 instances in four reservations; the first two reservations (60) carry team=blue.
    const launched: string[][] = [];
    for (let r = 0; r < 4; r++) {
      const tags = { team: r < 2 ? "blue" : "green", Name: `web-${r}`, ...RUN };
      launched.push(await motoLaunch(ec2, { count: 30, tags, image: imageId }));
    }
    const all = launched.flat();
    equal(all.length, 120);
    const stopped = launched[3]!.slice(0, 7);
    await ec2.stopInstances({ InstanceIds: stopped });

    const { client, close } = await connectMoto(endpoint, REGION);
    const list = (args: Record<string, unknown>) =>
      callOk<Page>(client, "ec2_list_instances", { tags: RUN, ...args });
    try {
      await t.step(
        "the default page has next_token; following it yields all 120 once",
        async () => {
          const seen: string[] = [];
          let token: string | undefined;
          let pages = 0;
          do {
            const page = await list(token ? { next_token: token } : {});
            equal(page.region, REGION);
            equal(page.account, "123456789012");
            equal(page.instances.length, pages < 4 ? 25 : 20);
            seen.push(...page.instances.map((i) => i.id));
            token = page.next_token;
            pages++;
          } while (token && pages < 20);
          equal(pages, 5);
          equal(seen.length, 120);
          deepEqual(new Set(seen), new Set(all));
        },
      );

      await t.step(
        "max_results 100 with a tag filter matching 60 returns them in one page",
        async () => {
          const page = await list({ max_results: 100, tags: { team: "blue", ...RUN } });
          equal(page.instances.length, 60);
          equal(page.next_token, undefined);
          deepEqual(new Set(page.instances.map((i) => i.id)), new Set(launched.slice(0, 2).flat()));
        },
      );

      await t.step("a state filter returns exactly the matching instances", async () => {
        const page = await list({ states: ["stopped"], max_results: 200 });
        deepEqual(new Set(page.instances.map((i) => i.id)), new Set(stopped));
        ok(page.instances.every((i) => i.state === "stopped"));
      });

      await t.step("name_contains matches the Name tag case-insensitively", async () => {
        const page = await list({ name_contains: "WEB-2", max_results: 200 });
        deepEqual(new Set(page.instances.map((i) => i.id)), new Set(launched[2]));
      });

      await t.step("instance_ids selects exactly those ids", async () => {
        const ids = [all[0]!, all[119]!];
        const page = await list({ instance_ids: ids });
        deepEqual(page.instances.map((i) => i.id).sort(), [...ids].sort());
      });

      await t.step("a next_token reused with different filters is refused", async () => {
        const first = await list({ max_results: 10 });
        ok(first.next_token);
        const args = { tags: RUN, max_results: 10, next_token: first.next_token };
        const reused = await call(client, "ec2_list_instances", { ...args, states: ["running"] });
        equal(reused.isError, true);
        match(text(reused), /^InvalidInput: next_token: issued for different filters/);
        const elsewhere = await call(client, "ec2_list_instances", {
          ...args,
          region: "eu-west-1",
        });
        equal(elsewhere.isError, true);
        const same = await list(args);
        equal(same.instances.length, 10);
      });

      await t.step(
        "unknown instance ids are listed in not_found beside the known ones",
        async () => {
          const known = (await list({ max_results: 2 })).instances.map((i) => i.id);
          const out = await callOk<{ instances: { id: string }[]; not_found?: string[] }>(
            client,
            "ec2_list_instances",
            { instance_ids: ["i-0123456789abcdef0", ...known, "i-0123456789abcdef1"] },
          );
          deepEqual(out.instances.map((i) => i.id).sort(), [...known].sort());
          deepEqual(out.not_found, ["i-0123456789abcdef0", "i-0123456789abcdef1"]);
          const none = await callOk<{ instances: unknown[]; not_found?: string[] }>(
            client,
            "ec2_list_instances",
            { instance_ids: ["i-0123456789abcdef0"] },
          );
          deepEqual(none.instances, []);
          deepEqual(none.not_found, ["i-0123456789abcdef0"]);
        },
      );
      await t.step(
        "rows carry key, groups, AMI and IMDSv2, which also filter and group",
        async () => {
          await ec2.importKeyPair({
            KeyName: `k-${RUN.run}`,
            PublicKeyMaterial: new TextEncoder().encode(
              "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKnoDnmHwTuUgwi8J2lZz3iN4vFX6BtYkFUixvbJxNhG k",
            ),
          });
          const sg = await ec2.createSecurityGroup({
            GroupName: `g-${RUN.run}`,
            Description: "list test",
          });
          const keyed = await motoLaunch(ec2, {
            count: 3,
            tags: RUN,
            image: imageId,
            KeyName: `k-${RUN.run}`,
            SecurityGroupIds: [sg.GroupId!],
            MetadataOptions: { HttpTokens: "required" },
          });
          const out = await list({
            key_name: `k-${RUN.run}`,
            fields: ["key_name", "security_groups", "image_id", "imdsv2"],
          });
          deepEqual(
            out.instances.map((i) => i.id).sort(),
            [...keyed].sort(),
          );
          deepEqual(out.instances[0], {
            id: out.instances[0]!.id,
            key_name: `k-${RUN.run}`,
            security_groups: [sg.GroupId],
            image_id: imageId,
            imdsv2: true,
          });
          equal(
            (await list({ security_group_id: sg.GroupId, max_results: 200 })).instances.length,
            3,
          );
          equal((await list({ imdsv2: true, max_results: 200 })).instances.length, 3);
          const groups = await callOk<{ groups: Record<string, unknown>[] }>(
            client,
            "ec2_list_instances",
            { tags: RUN, group_by: ["imdsv2"] },
          );
          deepEqual(groups.groups, [{ imdsv2: false, count: 120 }, { imdsv2: true, count: 3 }]);
        },
      );
    } finally {
      await close();
    }
  },
);
