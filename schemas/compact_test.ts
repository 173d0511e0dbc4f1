import { equal } from "node:assert/strict";
import { shorten } from "./compact.ts";

Deno.test("shorten never cuts inside a resource id", () => {
  const text = "Created by CreateImage(i-0123456789abcdef0) for ami-0123456789abcdef0 from vol-1";
  equal(
    shorten(text, 60),
    "Created by CreateImage(i-0123456789abcdef0) for ami-0123456789abcdef0…",
  );
  equal(shorten(text, 30), "Created by CreateImage(i-0123456789abcdef0…");
  equal(shorten("short", 60), "short");
  equal(shorten("a".repeat(70), 60), `${"a".repeat(59)}…`);
});
