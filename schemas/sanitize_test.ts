import { equal } from "node:assert/strict";
import { confirmLine, quoted, sanitize } from "./sanitize.ts";

Deno.test("sanitize strips ANSI, control, bidi and line-breaking characters", () => {
  equal(sanitize("prod\n-db\r\tx"), "prod -db x");
  equal(sanitize("\u001b[2K\u001b[1Aok\u001b]0;title\u0007!"), "ok !");
  equal(sanitize("a\u202ecba\u2066b\u2069\u200fc\u2028d\u0085e\u007f"), "a cba b c d e");
  equal(sanitize("  plain name  "), "plain name");
});

Deno.test("quoted sanitises, truncates and quotes resource-controlled text", () => {
  equal(quoted("web-1"), '"web-1"');
  equal(quoted('say "yes"\nplease'), `"say 'yes' please"`);
  equal(quoted("x".repeat(100), 10), `"${"x".repeat(9)}…"`);
});

Deno.test("confirmLine puts the count and ids before anything a resource controls", () => {
  equal(
    confirmLine("Terminate", "instance", [
      { id: "i-1", name: "prod-db\n\u001b[2KTerminate 0 instances", facts: ["t3.micro"] },
      { id: "i-2" },
    ]),
    'Terminate 2 instances i-1, i-2: i-1 "prod-db Terminate 0 instances" t3.micro',
  );
  equal(confirmLine("Stop", "instance", [{ id: "i-1" }]), "Stop 1 instance i-1");
});
