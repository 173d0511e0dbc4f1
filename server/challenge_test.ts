import { equal, notEqual } from "node:assert/strict";
import { canonical, Challenges, questionDigest } from "./challenge.ts";

Deno.test("canonical JSON ignores key order and undefined members, not values", () => {
  equal(
    canonical({ b: [1, { y: 2, x: 1 }], a: "s", c: undefined }),
    canonical({ a: "s", b: [1, { x: 1, y: 2 }] }),
  );
  notEqual(canonical({ ids: ["i-1"] }), canonical({ ids: ["i-2"] }));
  notEqual(canonical({ ids: ["i-1", "i-2"] }), canonical({ ids: ["i-2", "i-1"] }));
});

Deno.test("a question's digest ignores clock instants, never its targets", async () => {
  const at = (t: string, id: string) => `Shorten ${id}: events older than ${t} will be deleted`;
  equal(
    await questionDigest(at("2026-12-07T03:04:05.678Z", "g1")),
    await questionDigest(at("2026-12-07T03:04:06.001Z", "g1")),
  );
  notEqual(
    await questionDigest(at("2026-12-07T03:04:05.678Z", "g1")),
    await questionDigest(at("2026-12-07T03:04:05.678Z", "g2")),
  );
});

Deno.test("a challenge's nonce is spent once per process", () => {
  const challenges = new Challenges(crypto.getRandomValues(new Uint8Array(32)));
  equal(challenges.spend("n-1"), true);
  equal(challenges.spend("n-1"), false);
  equal(challenges.spend("n-2"), true);
});
