import { equal } from "node:assert/strict";
import { maskText } from "./masking.ts";

Deno.test("maskText masks key=value secrets and quoted JSON pairs whose key names a secret", () => {
  equal(maskText("db password=hunter2 ok", false), "db password=***MASKED*** ok");
  equal(
    maskText('{"user":"bob","DB_PASSWORD":"hunter2","n":1}', false),
    '{"user":"bob","DB_PASSWORD":"***MASKED***","n":1}',
  );
  equal(maskText("key AKIAIOSFODNN7EXAMPLE", false), "key AKIA****************");
});

Deno.test("maskText leaves text alone when revealed and clips long text", () => {
  equal(maskText('{"token":"t"}', true), '{"token":"t"}');
  equal(maskText("abcdef", false, 3), "abc…");
});
