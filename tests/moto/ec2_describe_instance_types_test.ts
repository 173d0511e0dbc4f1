import { deepEqual, equal, ok } from "node:assert/strict";
import { describeInstanceTypes } from "../../tools/ec2/describe_instance_types.ts";
import { callOk, connectMoto, motoTest } from "../_helpers.ts";

// Instance types are fixed data in moto: nothing here depends on what other tests create.
const REGION = "eu-west-2";

interface Row {
  type: string;
  [key: string]: unknown;
}
interface Page {
  region: string;
  instance_types: Row[];
  next_token?: string;
}

motoTest(
  "ec2_describe_instance_types filters specs on EC2 and by minimums",
  async (endpoint, t) => {
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describeInstanceTypes],
    });
    const list = (args: Record<string, unknown>) =>
      callOk<Page>(client, "ec2_describe_instance_types", args);
    const types = (page: Page) => page.instance_types.map((r) => r.type).sort();
    try {
      await t.step("t3 types with at least 2 vCPUs and 4 GiB", async () => {
        const out = await list({
          instance_types: ["t3.*"],
          min_vcpus: 2,
          min_memory_gib: 4,
          max_results: 200,
        });
        equal(out.region, REGION);
        deepEqual(types(out), ["t3.2xlarge", "t3.large", "t3.medium", "t3.xlarge"]);
        deepEqual(out.instance_types.find((r) => r.type === "t3.medium"), {
          type: "t3.medium",
          vcpus: 2,
          memory_gib: 4,
          architectures: ["x86_64"],
          network: "Up to 5 Gigabit",
          current_generation: true,
          burstable: true,
          hypervisor: "nitro",
        });
      });

      await t.step("gpu keeps the GPU types and names their GPU", async () => {
        const out = await list({ instance_types: ["g4dn.xlarge", "t3.micro"], gpu: true });
        deepEqual(out.instance_types, [{
          type: "g4dn.xlarge",
          vcpus: 4,
          memory_gib: 16,
          architectures: ["x86_64"],
          gpu_count: 1,
          gpu_name: "NVIDIA T4",
          network: "Up to 25 Gigabit",
          current_generation: true,
          hypervisor: "nitro",
        }]);
        deepEqual(types(await list({ instance_types: ["g4dn.xlarge", "t3.micro"], gpu: false })), [
          "t3.micro",
        ]);
      });

      await t.step(
        "architecture, burstable and bare metal come from EC2's own filters",
        async () => {
          deepEqual(
            types(await list({ instance_types: ["t4g.micro", "t3.micro"], architecture: "arm64" })),
            [
              "t4g.micro",
            ],
          );
          deepEqual(
            types(await list({ instance_types: ["m5.large", "t3.micro"], burstable: true })),
            [
              "t3.micro",
            ],
          );
          const metal = await list({ instance_types: ["m5.metal"] });
          equal(metal.instance_types[0]?.bare_metal, true);
          equal(metal.instance_types[0]?.vcpus, 96);
        },
      );

      await t.step("pages of 3 cover the four matching types exactly once", async () => {
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = await list({
            instance_types: ["t3.*"],
            min_vcpus: 2,
            min_memory_gib: 4,
            max_results: 3,
            ...(token ? { next_token: token } : {}),
          });
          ok(page.instance_types.length <= 3);
          seen.push(...page.instance_types.map((r) => r.type));
          token = page.next_token;
          pages++;
        } while (token);
        equal(pages, 2);
        deepEqual(seen.sort(), ["t3.2xlarge", "t3.large", "t3.medium", "t3.xlarge"]);
      });
    } finally {
      await close();
    }
  },
);
