import { equal, ok } from "node:assert/strict";
import { maskSecrets } from "./secrets.ts";

Deno.test("maskSecrets masks keys, passwords, tokens and private keys but keeps the rest", () => {
  const input = [
    "#!/bin/bash",
    "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    'DB_PASSWORD="hunter2"',
    "api_key: abc123",
    "curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc' https://example.com",
    "git clone https://bob:s3cr3t@example.com/repo.git",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
    "yum install -y nginx",
  ].join("\n");
  const { text, masked } = maskSecrets(input);
  for (
    const secret of [
      "IOSFODNN7EXAMPLE",
      "wJalrXUtnFEMI",
      "hunter2",
      "abc123",
      "eyJhbGci",
      "s3cr3t",
      "MIIEow",
    ]
  ) {
    ok(!text.includes(secret), `${secret} leaked:\n${text}`);
  }
  ok(text.includes("yum install -y nginx"));
  ok(text.includes("#!/bin/bash"));
  ok(masked >= 7);
});

Deno.test("maskSecrets leaves text without secrets unchanged", () => {
  const input = "#!/bin/bash\necho hello\nsystemctl start nginx";
  equal(maskSecrets(input).text, input);
  equal(maskSecrets(input).masked, 0);
});
